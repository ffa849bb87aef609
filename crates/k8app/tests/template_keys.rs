//! Every key a k8app template reads is a key the values schema of that release
//! knows: walks each template of each published release (`GG_K8APP_CHARTS`,
//! else `../shared/k8app-charts` beside the repository) for its `.Values.…`
//! references. Without the charts the test skips with a notice, unless
//! `GG_REQUIRE_HELM=1`, which makes the absence a failure.
#![allow(clippy::print_stderr)]

mod template_keys {
    pub(crate) mod references;
    pub(crate) mod schema_path;
}

use std::fs;
use std::path::{Path, PathBuf};

use gg_k8app::{ChartVersion, values_schema};
use template_keys::references::{Segment, references};
use template_keys::schema_path::unknown_key;

/// Paths templates read that are deliberately not values keys, each as
/// (template file name, dotted path, why): reading them is a chart bug or
/// changes nothing rendered, so `unknown-key` is the right answer for them.
const NOT_VALUES_KEYS: [(&str, &str, &str); 5] = [
    (
        "vault-crd.yaml",
        "valult",
        "read only to fail the render: the chart rejects this misspelt parameter",
    ),
    (
        "worker.yaml",
        "worker.spec.*.livenessProbe.tcpSocket.tcpSocket.port",
        "a chart bug: inside `with .tcpSocket` it reads `.tcpSocket.port`, always empty (port 80)",
    ),
    (
        "NOTES.txt",
        "gateway.tls",
        "printed in the install notes only; no object reads it",
    ),
    (
        "NOTES.txt",
        "hpa.minReplicas",
        "printed in the install notes only; the HPA takes `replicas`",
    ),
    (
        "NOTES.txt",
        "ingress.hosts",
        "printed in the install notes only; the Ingress takes `ingress.fqdn`",
    ),
];

fn is_not_values_key(file: &Path, path: &str) -> bool {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    NOT_VALUES_KEYS.iter().any(|(template, key, _)| {
        *template == name && (path == *key || path.starts_with(&format!("{key}.")))
    })
}

fn charts_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("GG_K8APP_CHARTS")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/k8app-charts")
        });
    if dir
        .join(ChartVersion::NEWEST.to_string())
        .join("Chart.yaml")
        .is_file()
    {
        return Some(dir);
    }
    let why = format!(
        "no k8app charts at {} (set GG_K8APP_CHARTS to the directory holding <version>/Chart.yaml)",
        dir.display()
    );
    assert!(
        std::env::var("GG_REQUIRE_HELM").as_deref() != Ok("1"),
        "GG_REQUIRE_HELM=1 but {why}"
    );
    eprintln!("notice: skipping: {why}");
    None
}

fn templates(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(templates(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn dotted(path: &[Segment]) -> String {
    path.iter()
        .map(|s| match s {
            Segment::Key(k) => k.as_str(),
            Segment::Each => "*",
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[test]
fn every_key_a_template_reads_is_in_the_schema_of_its_release() {
    let Some(charts) = charts_dir() else {
        return;
    };
    let mut missing = Vec::new();
    let mut checked = 0usize;
    for version in ChartVersion::releases() {
        let schema = values_schema(version);
        let dir = charts.join(version.to_string()).join("templates");
        let files = templates(&dir);
        assert!(!files.is_empty(), "no templates in {}", dir.display());
        for file in files {
            let Ok(text) = fs::read_to_string(&file) else {
                continue;
            };
            for reference in references(&text) {
                checked += 1;
                let Some(unknown) = unknown_key(&schema, &reference.path) else {
                    continue;
                };
                let path = dotted(&reference.path);
                if is_not_values_key(&file, &path) {
                    continue;
                }
                let name = file
                    .strip_prefix(&charts)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                missing.push(format!(
                    "{name}:{}: .Values.{path}: {unknown}",
                    reference.line
                ));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        checked > 1000,
        "only {checked} references found: the walk is broken"
    );
    assert!(
        missing.is_empty(),
        "{} keys the templates read are not in the schema:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
