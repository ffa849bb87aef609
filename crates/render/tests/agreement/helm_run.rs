//! Running Helm as both agreement harnesses (k8app's and the platform
//! charts') do: where the binary and the shared material are, a missing one
//! skipped with a notice (a failure under `GG_REQUIRE_HELM=1`), and one
//! `helm template` call — the release, the chart, the namespace, `-f` values
//! files in order and any further arguments, with Helm's configuration, cache
//! and data kept in a directory of the test's own.

use std::path::{Path, PathBuf};
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

/// The repository root (two levels above this crate).
pub(crate) fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The path in the environment variable `name`, when set and not empty.
pub(crate) fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Helm: `GG_HELM_BIN`, else `.tools/helm/helm` of the repository.
pub(crate) fn helm_binary() -> Result<PathBuf, String> {
    let helm = env_path("GG_HELM_BIN").unwrap_or_else(|| repo_root().join(".tools/helm/helm"));
    if helm.is_file() {
        Ok(helm)
    } else {
        Err(format!(
            "no Helm binary at {} (set GG_HELM_BIN or run scripts/install-helm.sh)",
            helm.display()
        ))
    }
}

/// A notice that `what` is skipped because of `why`; a failure under
/// `GG_REQUIRE_HELM=1`.
pub(crate) fn skip(what: &str, why: &str) {
    assert!(
        std::env::var("GG_REQUIRE_HELM").as_deref() != Ok("1"),
        "GG_REQUIRE_HELM=1 but {why}"
    );
    eprintln!("notice: skipping {what}: {why}");
}
