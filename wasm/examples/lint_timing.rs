//! The native side of the browser figure: lints the same files the browser
//! test timed (`wasm/test-results/lint-input.json`, written by
//! `wasm/tests/browser.mjs`) with the same function, and prints the median.
//!
//! `cargo run --release -p gg-wasm --example lint_timing -- wasm/test-results/lint-input.json`
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::time::Instant;

use gg_wasm::{Project, ProjectOptions, lint};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "wasm/test-results/lint-input.json".to_owned());
    let files: BTreeMap<String, String> = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let count = files.len();
    let project = Project::new(files, ProjectOptions::default())?;
    for _ in 0..5 {
        lint(&project)?;
    }
    let mut runs: Vec<f64> = (0..30)
        .map(|_| {
            let start = Instant::now();
            let _ = lint(&project);
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    let median = runs.get(runs.len() / 2).copied().unwrap_or_default();
    println!("native lint of {count} files ({path}): median {median:.2} ms of 30 runs");
    Ok(())
}
