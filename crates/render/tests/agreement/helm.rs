//! `helm template` of a case, the platform's way:
//! `helm template RELEASE CHART -n NS -f … --api-versions …`.

use std::process::Command;
use std::time::{Duration, Instant};

use gg_k8app::ChartVersion;

use super::case::Case;
use super::outcome::{Doc, Outcome, helm_failure};
use super::setup::Oracle;

/// Renders the case with Helm; the time is Helm's alone (files written first).
pub(crate) fn render(oracle: &Oracle, version: ChartVersion, case: &Case) -> (Outcome, Duration) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let mut written = Vec::new();
    let mut command = Command::new(&oracle.helm);
    command
        .arg("template")
        .arg(&case.release)
        .arg(oracle.chart(version))
        .args(["-n", &case.namespace]);
    for (index, file) in case.files.iter().enumerate() {
        let path = dir
            .path()
            .join(format!("{index}-{}", file.name.replace('/', "_")));
        std::fs::write(&path, &file.text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        written.push((file.name.clone(), path.display().to_string()));
        command.arg("-f").arg(&path);
    }
    for api in &case.api_versions {
        command.args(["--api-versions", api]);
    }
    // Helm reads no configuration or repositories for a local chart; keep
    // it away from the user's anyway.
    command
        .env("HELM_CONFIG_HOME", dir.path())
        .env("HELM_CACHE_HOME", dir.path())
        .env("HELM_DATA_HOME", dir.path());
    let started = Instant::now();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", oracle.helm.display()));
    let took = started.elapsed();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return (Outcome::Failed(helm_failure(&stderr, &written)), took);
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    (Outcome::Rendered(documents(&stdout)), took)
}

/// The documents of `helm template`'s output, each read as data.
pub(crate) fn documents(stream: &str) -> Vec<Doc> {
    let mut docs = Vec::new();
    for chunk in stream.split("---\n").filter(|c| !c.trim().is_empty()) {
        let (source, body) = match chunk.strip_prefix("# Source: ") {
            Some(rest) => rest.split_once('\n').unwrap_or((rest, "")),
            None => ("", chunk),
        };
        let object = gg_yaml::load_documents(body, source, &gg_yaml::Limits::helm())
            .unwrap_or_else(|e| {
                panic!("Helm printed a document that does not read back: {e}\n{body}")
            })
            .first()
            .map_or(serde_json::Value::Null, |doc| doc.root.to_json());
        docs.push(Doc {
            source: source.trim().to_owned(),
            object,
        });
    }
    docs
}
