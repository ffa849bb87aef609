//! One `helm template` call, as both agreement harnesses make it: the
//! release, the chart, the namespace, `-f` values files in order and any
//! further arguments, with Helm's configuration, cache and data kept in a
//! directory of the test's own.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// What `helm template` printed (its standard output, or standard error
/// when it failed) and the time it took.
pub(crate) fn helm_template(
    helm: &Path,
    chart: (&str, &Path),
    namespace: &str,
    values_files: &[&Path],
    extra: &[&str],
    home: &Path,
) -> (Result<String, String>, Duration) {
    let (release, chart) = chart;
    let mut command = Command::new(helm);
    command
        .arg("template")
        .arg(release)
        .arg(chart)
        .args(["-n", namespace]);
    for file in values_files {
        command.arg("-f").arg(file);
    }
    // Helm reads no configuration or repositories for a local chart; keep
    // it away from the user's anyway.
    command
        .args(extra)
        .env("HELM_CONFIG_HOME", home)
        .env("HELM_CACHE_HOME", home)
        .env("HELM_DATA_HOME", home);
    let started = Instant::now();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", helm.display()));
    let took = started.elapsed();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let result = if output.status.success() {
        Ok(text(&output.stdout))
    } else {
        Err(text(&output.stderr))
    };
    (result, took)
}
