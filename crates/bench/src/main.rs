//! `gg-bench`: lint throughput and cold-start measurements of gitops-guard on
//! synthetic platforms, as ratios against a baseline measured in the same
//! process (see README.md).
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod generate;
mod lint_bench;
mod load;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, Subcommand};

use lint_bench::{LintBench, LintCall};
use load::{LoadOptions, LoadRun};

/// Benchmarks of gitops-guard on synthetic platforms.
#[derive(Debug, Parser)]
#[command(name = "gg-bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a synthetic platform with N services that lints clean, and check that it does.
    Generate {
        /// How many services.
        #[arg(long, value_name = "N")]
        services: usize,
        /// The output directory (missing or empty).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Time the full lint against reading + parsing its files, in one process.
    Lint {
        /// The platform directory to lint (as `gitops-guard lint DIR`).
        #[arg(long, value_name = "DIR")]
        dir: String,
        /// Repetitions of each measurement.
        #[arg(long, value_name = "R", default_value_t = 5)]
        runs: usize,
    },
    /// Load an admission webhook over HTTPS: at a constant rate, with each latency counted from
    /// when its request was due (no coordinated omission), or flat out for the maximum rate.
    /// Prints a line per interval and the whole run; run it pinned to a core of its own.
    WebhookLoad {
        /// The webhook's URL (any certificate is accepted).
        #[arg(
            long,
            value_name = "URL",
            default_value = "https://127.0.0.1:8443/validate"
        )]
        url: String,
        /// The request body: an AdmissionReview as JSON.
        #[arg(long, value_name = "FILE")]
        body: PathBuf,
        /// Keep-alive connections (the API server opens as many as it needs).
        #[arg(long, value_name = "N", default_value_t = 32)]
        connections: usize,
        /// How long the load lasts.
        #[arg(long, value_name = "S", default_value_t = 60)]
        seconds: u64,
        /// Requests per second, spread evenly over the connections; without it every
        /// connection sends its next request as soon as the last is answered.
        #[arg(long, value_name = "R")]
        rate: Option<f64>,
        /// Seconds per line of the report.
        #[arg(long, value_name = "S", default_value_t = 60)]
        interval: usize,
        /// Also write the run as JSON here (the whole, each interval, each second).
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
    },
}

/// The CLI's allocator, so that the figures are the CLI's. mimalloc: linting and admission reviews allocate many small, short-lived
/// trees, and the system allocator spent a third of the instructions on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("gg-bench: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Generate { services, out } => {
            let files = generate::platform(services);
            generate::write(&out, &files)?;
            let dir = out.display().to_string();
            let start = Instant::now();
            let output = LintCall::new(&dir).lint();
            let elapsed = start.elapsed();
            println!(
                "wrote {services} services, {} files to {dir}; lint: {} files checked, {} findings in {:.1} ms",
                files.len(),
                output.files(),
                output.diagnostics.len(),
                stats::millis(elapsed)
            );
            if output.diagnostics.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            for d in output.diagnostics.iter().take(20) {
                eprintln!(
                    "{}:{}:{}: {} [{}]",
                    d.location.file, d.location.line, d.location.column, d.message, d.rule
                );
            }
            eprintln!("gg-bench: the generated platform does not lint clean");
            Ok(ExitCode::FAILURE)
        }
        Command::Lint { dir, runs } => {
            let bench = LintBench::measure(&dir, runs.max(1))?;
            print!("{}", bench.table());
            println!("{}", bench.json());
            Ok(ExitCode::SUCCESS)
        }
        Command::WebhookLoad {
            url,
            body,
            connections,
            seconds,
            rate,
            interval,
            json,
        } => {
            let body = std::fs::read(&body)
                .with_context(|| format!("cannot read the body {}", body.display()))?;
            let run = LoadRun::execute(LoadOptions {
                url,
                body: body.into(),
                connections,
                length: std::time::Duration::from_secs(seconds.max(1)),
                rate,
                interval,
            })?;
            print!("{}", run.table());
            if let Some(path) = json {
                std::fs::write(&path, run.json().to_string())
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
