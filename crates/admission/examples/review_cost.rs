//! Where a review's time goes: decode, judge and encode of one AdmissionReview,
//! without HTTP or TLS. Usage: review_cost PLATFORM_DIR REVIEW.json [ITERATIONS]
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::Instant;

use gg_admission::{Exemptions, Mode, PreparedPlatform, decode_review, judge};
use gg_platform::{FileSource, LoadOptions, MemoryFiles, load_platform};

/// The `gitops-guard` binary's allocator, so that the figures compare like with like.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(review)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: review_cost PLATFORM_DIR REVIEW.json [ITERATIONS]");
        std::process::exit(2);
    };
    let iterations: u32 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let mut files = MemoryFiles::new();
    for file in [
        "platform/base.yaml",
        "platform/core.yaml",
        "shared/k8app-defaults.yaml",
    ] {
        files.insert(format!("p/{file}"), std::fs::read(format!("{dir}/{file}"))?);
    }
    let _: &dyn FileSource = &files;
    let options = LoadOptions {
        platform_dir: Some("p".to_owned()),
        ..LoadOptions::default()
    };
    let platform = PreparedPlatform::new(load_platform(&files, &[], &options))?;
    let ctx = platform.context();
    // Compact, as the API server sends it (fixtures are indented for reading).
    let body = serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(
        &std::fs::read(review)?,
    )?)?;
    let (mut decode, mut check, mut encode) = (0.0, 0.0, 0.0);
    for _ in 0..iterations {
        let start = Instant::now();
        let request = decode_review(&body)?;
        let decoded = Instant::now();
        let decision = judge(ctx, &Exemptions::default(), Mode::Enforce, &request);
        let judged = Instant::now();
        let bytes = serde_json::to_vec(&decision.response.into_review())?;
        std::hint::black_box(bytes);
        decode += (decoded - start).as_secs_f64();
        check += (judged - decoded).as_secs_f64();
        encode += judged.elapsed().as_secs_f64();
    }
    let start = Instant::now();
    for _ in 0..iterations {
        std::hint::black_box(serde_json::from_slice::<serde_json::Value>(&body)?);
    }
    let value = start.elapsed().as_secs_f64();
    let per = |total: f64| total / f64::from(iterations) * 1e6;
    println!(
        "decode {:.1} µs (into a plain serde_json::Value: {:.1} µs), judge {:.1} µs, encode {:.1} µs per review",
        per(decode),
        per(value),
        per(check),
        per(encode)
    );
    Ok(())
}
