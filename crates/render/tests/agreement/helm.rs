//! `helm template` of a case, the platform's way:
//! `helm template RELEASE CHART -n NS -f … --api-versions …`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use gg_k8app::ChartVersion;

use super::case::Case;
use super::helm_run::helm_template;
use super::outcome::{Doc, Outcome, helm_failure};
use super::setup::Oracle;

/// Renders the case with Helm; the time is Helm's alone (files written first).
pub(crate) fn render(oracle: &Oracle, version: ChartVersion, case: &Case) -> (Outcome, Duration) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let mut written = Vec::new();
    let mut paths = Vec::new();
    for (index, file) in case.files.iter().enumerate() {
        let path = dir
            .path()
            .join(format!("{index}-{}", file.name.replace('/', "_")));
        std::fs::write(&path, &file.text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        written.push((file.name.clone(), path.display().to_string()));
        paths.push(path);
    }
    let extra: Vec<&str> = case
        .api_versions
        .iter()
        .flat_map(|api| ["--api-versions", api.as_str()])
        .collect();
    let files: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let (result, took) = helm_template(
        &oracle.helm,
        (&case.release, &oracle.chart(version)),
        &case.namespace,
        &files,
        &extra,
        dir.path(),
    );
    match result {
        Ok(stdout) => (Outcome::Rendered(documents(&stdout)), took),
        Err(stderr) => (Outcome::Failed(helm_failure(&stderr, &written)), took),
    }
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
