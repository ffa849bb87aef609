//! The ApplicationSet expansion against hand-checked expectations: every
//! case under `fixtures/appset/` holds an ApplicationSet and exactly what
//! ArgoCD's controller makes of it — the Applications in order, the errors
//! (by kind and a part of the message) and the generators it cannot run
//! here. One runner walks them all.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;

use gg_render::{AppSetError, expand_application_set};
use serde_json::Value;

fn cases() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/appset");
    let mut cases: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let doc = gg_yaml::load_values(&text, &name, &gg_yaml::Limits::default())
                .unwrap_or_else(|e| panic!("{e}"));
            (name, doc.root.to_json())
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

fn kind(error: &AppSetError) -> &'static str {
    match error {
        AppSetError::Generator(_) | AppSetError::ListValueNotString { .. } => "generator",
        AppSetError::Template(_) => "template",
        AppSetError::DuplicateName(_) => "duplicate-name",
        AppSetError::NotModelled(_) => "not-modelled",
    }
}

#[test]
fn every_case_expands_as_argocd_does() {
    let cases = cases();
    assert!(cases.len() >= 10, "only {} cases", cases.len());
    for (name, case) in cases {
        let expansion = expand_application_set(&case["applicationset"]);
        let applications: Vec<&Value> = expansion
            .applications
            .iter()
            .map(|a| &a.application)
            .collect();
        let expected: Vec<&Value> = case["applications"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        assert_eq!(
            applications,
            expected,
            "{name}: the Applications differ\ngot:\n{}",
            serde_json::to_string_pretty(&applications).unwrap()
        );
        let errors = case["errors"].as_array().cloned().unwrap_or_default();
        assert_eq!(
            expansion.errors.len(),
            errors.len(),
            "{name}: errors {:?}",
            expansion.errors
        );
        for (error, want) in expansion.errors.iter().zip(&errors) {
            assert_eq!(kind(error), want["kind"], "{name}: {error}");
            let part = want["contains"].as_str().unwrap();
            assert!(
                error.to_string().contains(part),
                "{name}: `{error}` lacks `{part}`"
            );
        }
        let offline: Vec<Value> = expansion
            .offline
            .iter()
            .map(|o| Value::String(o.clone()))
            .collect();
        assert_eq!(
            offline,
            case["offline"].as_array().cloned().unwrap_or_default(),
            "{name}"
        );
    }
}
