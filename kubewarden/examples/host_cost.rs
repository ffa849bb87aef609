//! The time of one review in the policy module under a waPC host (wasmtime,
//! as Kubewarden runs it) against the native judge of `gitops-guard serve`,
//! same process, same review and platform. Usage:
//! host_cost MODULE.wasm PLATFORM_DIR REVIEW.json [ITERATIONS]
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::Instant;

use gg_admission::{Exemptions, Mode, PreparedPlatform, decode_review, judge};
use gg_platform::{LoadOptions, MemoryFiles, load_platform};
use serde_json::{Value, json};
use wapc::WapcHost;
use wasmtime_provider::WasmtimeEngineProviderBuilder;

/// The platform files: (settings field, path below the platform directory).
const PLATFORM: [(&str, &str); 3] = [
    ("base", "platform/base.yaml"),
    ("core", "platform/core.yaml"),
    ("k8appDefaults", "shared/k8app-defaults.yaml"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(module), Some(dir), Some(review)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: host_cost MODULE.wasm PLATFORM_DIR REVIEW.json [ITERATIONS]");
        std::process::exit(2);
    };
    let iterations: u32 = args.get(4).and_then(|n| n.parse().ok()).unwrap_or(5_000);
    let mut files = MemoryFiles::new();
    let mut texts = serde_json::Map::new();
    for (field, file) in PLATFORM {
        let text = std::fs::read_to_string(format!("{dir}/{file}"))?;
        files.insert(format!("p/{file}"), text.clone());
        texts.insert(field.to_owned(), Value::String(text));
    }
    let options = LoadOptions {
        platform_dir: Some("p".to_owned()),
        ..LoadOptions::default()
    };
    let platform = PreparedPlatform::new(load_platform(&files, &[], &options))?;
    let review: Value = serde_json::from_slice(&std::fs::read(review)?)?;
    let body = serde_json::to_vec(&review)?;
    let payload = serde_json::to_vec(&json!({
        "request": review.get("request"),
        "settings": {"mode": "enforce", "platform": texts},
    }))?;

    let start = Instant::now();
    for _ in 0..iterations {
        let request = decode_review(&body)?;
        let decision = judge(
            platform.context(),
            &Exemptions::default(),
            Mode::Enforce,
            &request,
        );
        std::hint::black_box(serde_json::to_vec(&decision.response)?);
    }
    let native = start.elapsed().as_secs_f64() / f64::from(iterations);

    let bytes = std::fs::read(module)?;
    let start = Instant::now();
    let engine = WasmtimeEngineProviderBuilder::new()
        .module_bytes(&bytes)
        .wasi_params(wapc::WasiParams::default())
        .build()?;
    let host = WapcHost::new(Box::new(engine), None)?;
    let compiled = start.elapsed().as_secs_f64();
    let start = Instant::now();
    std::hint::black_box(host.call("validate", &payload)?);
    let first = start.elapsed().as_secs_f64();
    let start = Instant::now();
    for _ in 0..iterations {
        std::hint::black_box(host.call("validate", &payload)?);
    }
    let hosted = start.elapsed().as_secs_f64() / f64::from(iterations);
    println!(
        "native judge {:.1} µs per review; policy module {:.1} µs per review ({:.1}x), \
         module compiled and started in {:.0} ms, first review (platform loaded) {:.1} ms",
        native * 1e6,
        hosted * 1e6,
        hosted / native,
        compiled * 1e3,
        first * 1e3,
    );
    Ok(())
}
