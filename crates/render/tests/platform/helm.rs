//! `helm template` of one platform chart, the way the platform's ArgoCD
//! Application calls it: `helm template RELEASE charts/CHART -n NS -f
//! platform/base.yaml -f platform/<chart>.yaml`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use gg_render::PlatformChart;

use super::oracle::Oracle;
use crate::helm_run::helm_template;
use crate::outcome::{Doc, Failure, Outcome, helm_failure};

/// Renders `chart` for the platform repository at `platform`.
pub(crate) fn render(
    oracle: &Oracle,
    platform: &Path,
    chart: PlatformChart,
) -> (Outcome, Duration) {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let paths: Vec<PathBuf> = chart
        .values_files()
        .iter()
        .map(|relative| platform.join(relative))
        .collect();
    let written: Vec<(String, String)> = chart
        .values_files()
        .iter()
        .zip(&paths)
        .map(|(relative, path)| ((*relative).to_owned(), path.display().to_string()))
        .collect();
    let files: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let (result, took) = helm_template(
        &oracle.helm,
        (chart.release(), &oracle.chart(chart)),
        chart.namespace(),
        &files,
        &[],
        home.path(),
    );
    match result {
        Ok(stdout) => (Outcome::Rendered(documents(&stdout)), took),
        Err(stderr) => (Outcome::Failed(failure(&stderr, &written)), took),
    }
}

/// Where Helm failed; a values file that does not exist counts as that file.
fn failure(stderr: &str, written: &[(String, String)]) -> Failure {
    let mut failure = helm_failure(stderr, written);
    if failure.at.is_none() {
        failure.at = written
            .iter()
            .find(|(_, path)| failure.message.contains(&format!("open {path}:")))
            .map(|(name, _)| format!("values file {name}"));
    }
    failure
}

/// The documents of `helm template`'s output (`---` and `# Source:` at the
/// start of a line open each), read as ArgoCD reads them: a document of
/// comments only is no object.
pub(crate) fn documents(stream: &str) -> Vec<Doc> {
    let stream = format!("\n{stream}");
    stream
        .split("\n---\n# Source: ")
        .skip(1)
        .filter_map(|chunk| {
            let (source, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
            let docs = gg_render::read_manifest_yaml(body, source).unwrap_or_else(|e| {
                panic!("Helm printed a document that does not read back: {e}\n{body}")
            });
            let object = docs.first()?.root.to_json();
            (!object.is_null()).then(|| Doc {
                source: source.trim().to_owned(),
                object,
            })
        })
        .collect()
}
