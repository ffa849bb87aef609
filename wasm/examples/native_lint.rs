//! The browser test's lint input linted natively by the same entry point the
//! page calls, for the browser/native ratio of the closing figures:
//!
//! ```text
//! node wasm/tests/browser.mjs          # writes wasm/test-results/lint-input.json
//! cargo run --release -p gg-wasm --example native_lint -- wasm/test-results/lint-input.json
//! ```
//!
//! Prints the median and the fastest of 100 runs after 50 warm-up runs, as the
//! browser test does, with the allocator the WebAssembly module runs on
//! (dlmalloc, Rust's default on `wasm32-unknown-unknown`), so the ratio compares
//! the code, not allocators.
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::error::Error;
use std::time::Instant;

use gg_wasm::{Project, ProjectOptions, lint};

/// The module's allocator.
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "wasm/test-results/lint-input.json".to_owned());
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let files: BTreeMap<String, String> = serde_json::from_str(&text)?;
    let once = || -> Result<usize, Box<dyn Error>> {
        let project = Project::new(files.clone(), ProjectOptions::default())?;
        let report = lint(&project)?;
        Ok(serde_json::to_string(&report)?.len())
    };
    for _ in 0..50 {
        once()?;
    }
    let mut runs = Vec::with_capacity(100);
    for _ in 0..100 {
        let start = Instant::now();
        std::hint::black_box(once()?);
        runs.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    runs.sort_by(f64::total_cmp);
    let median = runs.get(runs.len() / 2).copied().unwrap_or_default();
    let fastest = runs.first().copied().unwrap_or_default();
    println!(
        "native lint of {} files ({path}): {median:.2} ms (median of 100; fastest {fastest:.2} ms)",
        files.len()
    );
    Ok(())
}
