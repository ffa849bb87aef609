//! `gg-bench lint`: the full lint (the library call `gitops-guard lint` makes)
//! against its floor — reading and parsing every file it checks and nothing
//! else — repeated and interleaved in one process.

use std::fs;
use std::hint::black_box;
use std::time::Instant;

use anyhow::{Context, anyhow};
use gg_platform::{FileSource, LoadOptions};
use gg_rules::LintOutput;
use gg_rules::config::Config;
use gg_yaml::Limits;
use rayon::prelude::*;
use serde_json::json;

use crate::stats::{Samples, millis, ratio};
use gg_platform::FsSource;

/// What `gitops-guard lint DIR` (no config file, no flags) passes to the library.
#[derive(Debug, Clone)]
pub(crate) struct LintCall {
    roots: Vec<String>,
    options: LoadOptions,
    config: Config,
}

impl LintCall {
    /// The call for linting `dir`, its path normalized as the CLI does.
    pub(crate) fn new(dir: &str) -> Self {
        let trimmed = dir.trim_end_matches('/');
        let root = match trimmed.strip_prefix("./").unwrap_or(trimmed) {
            "." => String::new(),
            root => root.to_owned(),
        };
        Self {
            roots: vec![root],
            options: LoadOptions::default(),
            config: Config::default(),
        }
    }

    /// Runs the lint exactly as the CLI does: files and services spread over rayon.
    pub(crate) fn lint(&self) -> LintOutput {
        gg_rules::parallel::lint(&FsSource, &self.roots, &self.options, &self.config)
    }

    /// Only the first phase of the lint: listing, reading, parsing, discovery.
    fn load(&self) -> usize {
        let platform = gg_rules::parallel::load_platform(&FsSource, &self.roots, &self.options);
        let services = platform.services.len();
        gg_rules::parallel::free(platform);
        services
    }

    /// Only the directory walk.
    fn walk(&self) -> anyhow::Result<usize> {
        self.roots.iter().try_fold(0, |count, root| {
            Ok(count
                + FsSource
                    .list_files(root)
                    .map_err(|err| anyhow!("{err}"))?
                    .len())
        })
    }
}

/// Reads and parses one file, and nothing else.
fn read_and_parse(path: &str) -> anyhow::Result<usize> {
    let text = fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let document = gg_yaml::load_values(&text, path, &Limits::default())?;
    Ok(black_box(document).notes.len() + text.len())
}

/// The floor on one thread.
fn floor_sequential(files: &[String]) -> anyhow::Result<usize> {
    files.iter().map(|path| read_and_parse(path)).sum()
}

/// The floor with files spread over rayon, as the lint spreads services.
fn floor_parallel(files: &[String]) -> anyhow::Result<usize> {
    files.par_iter().map(|path| read_and_parse(path)).sum()
}

fn timed<T>(samples: &mut Samples, run: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = run();
    samples.push(start.elapsed());
    black_box(out)
}

/// The measurements of one `gg-bench lint` run.
#[derive(Debug, Clone, Default)]
pub(crate) struct LintBench {
    /// The linted directory.
    pub dir: String,
    /// Services the lint found.
    pub services: usize,
    /// Files the lint checked (the floor reads and parses the same ones).
    pub files: usize,
    /// Their total size.
    pub bytes: usize,
    /// Findings of the lint (0 for a generated platform).
    pub findings: usize,
    /// Repetitions of each measurement.
    pub runs: usize,
    /// Rayon's thread count.
    pub threads: usize,
    /// Read + parse, one thread.
    pub floor_sequential: Samples,
    /// Read + parse, rayon over files.
    pub floor_parallel: Samples,
    /// Listing the directory tree once.
    pub walk: Samples,
    /// `gg_rules::parallel::load_platform`, the lint's first phase.
    pub load: Samples,
    /// `gg_rules::parallel::lint`, the CLI's call.
    pub lint: Samples,
}

impl LintBench {
    /// Measures `dir` `runs` times after one warm-up lint.
    pub(crate) fn measure(dir: &str, runs: usize) -> anyhow::Result<Self> {
        let call = LintCall::new(dir);
        let warm_up = call.lint();
        let files: Vec<String> = warm_up.sources.keys().cloned().collect();
        let mut bench = Self {
            dir: dir.to_owned(),
            files: files.len(),
            bytes: warm_up.sources.values().map(String::len).sum(),
            findings: warm_up.diagnostics.len(),
            runs,
            threads: rayon::current_num_threads(),
            ..Self::default()
        };
        // Interleaved, so that load from other processes hits every phase alike.
        for _ in 0..runs {
            timed(&mut bench.floor_sequential, || floor_sequential(&files))?;
            timed(&mut bench.floor_parallel, || floor_parallel(&files))?;
            timed(&mut bench.walk, || call.walk())?;
            bench.services = timed(&mut bench.load, || call.load());
            timed(&mut bench.lint, || call.lint().diagnostics.len());
        }
        Ok(bench)
    }

    /// Median lint over median parallel floor.
    pub(crate) fn ratio(&self) -> f64 {
        ratio(self.lint.median(), self.floor_parallel.median())
    }

    fn rows(&self) -> [(&'static str, &'static str, &Samples); 5] {
        [
            (
                "floor_sequential",
                "floor: read+parse, 1 thread",
                &self.floor_sequential,
            ),
            (
                "floor_parallel",
                "floor: read+parse, rayon",
                &self.floor_parallel,
            ),
            ("walk", "list_files (one walk)", &self.walk),
            ("load_platform", "parallel::load_platform", &self.load),
            ("lint", "parallel::lint (the CLI's call)", &self.lint),
        ]
    }

    /// A small table for people.
    pub(crate) fn table(&self) -> String {
        let mut out = format!(
            "gg-bench lint {}: {} services, {} files, {:.1} KiB, {} findings; {} runs, {} rayon threads\n",
            self.dir,
            self.services,
            self.files,
            self.bytes as f64 / 1024.0,
            self.findings,
            self.runs,
            self.threads
        );
        out.push_str(&format!(
            "{:<32} {:>10} {:>10} {:>14}\n",
            "measurement", "min ms", "median ms", "median/floor"
        ));
        let floor = self.floor_parallel.median();
        for (_, label, samples) in self.rows() {
            out.push_str(&format!(
                "{label:<32} {:>10.2} {:>10.2} {:>13.2}x\n",
                millis(samples.min()),
                millis(samples.median()),
                ratio(samples.median(), floor)
            ));
        }
        out.push_str(&format!(
            "ratio lint/floor (medians, rayon both): {:.2}\n",
            self.ratio()
        ));
        out
    }

    /// One JSON line for scripts.
    pub(crate) fn json(&self) -> String {
        let mut line = serde_json::Map::new();
        line.insert("bench".into(), json!("lint"));
        line.insert("dir".into(), json!(self.dir));
        line.insert("services".into(), json!(self.services));
        line.insert("files".into(), json!(self.files));
        line.insert("bytes".into(), json!(self.bytes));
        line.insert("findings".into(), json!(self.findings));
        line.insert("runs".into(), json!(self.runs));
        line.insert("threads".into(), json!(self.threads));
        line.insert(
            "ratio_lint_floor".into(),
            json!((self.ratio() * 100.0).round() / 100.0),
        );
        for (key, _, samples) in self.rows() {
            line.insert(
                key.into(),
                json!({
                    "min_ms": millis(samples.min()),
                    "median_ms": millis(samples.median()),
                }),
            );
        }
        serde_json::Value::Object(line).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_are_normalized_like_the_cli() {
        assert_eq!(LintCall::new("./a/b/").roots, vec!["a/b".to_owned()]);
        assert_eq!(LintCall::new(".").roots, vec![String::new()]);
        assert_eq!(LintCall::new("/tmp/x").roots, vec!["/tmp/x".to_owned()]);
    }

    #[test]
    fn measures_a_generated_platform() {
        let dir = tempfile::tempdir().unwrap();
        crate::generate::write(dir.path(), &crate::generate::platform(3)).unwrap();
        let bench = LintBench::measure(dir.path().to_str().unwrap(), 2).unwrap();
        assert_eq!(bench.findings, 0);
        assert_eq!(bench.services, 3);
        assert_eq!(bench.files, 3 + 3 * 4);
        assert!(bench.bytes > 1000);
        let json: serde_json::Value = serde_json::from_str(&bench.json()).unwrap();
        assert_eq!(json["files"], 15);
        assert!(json["lint"]["median_ms"].as_f64().unwrap() > 0.0);
        assert!(bench.table().contains("parallel::lint"));
    }
}
