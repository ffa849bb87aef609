//! The webhook's deployment assets: its own `.cicd` values pass `gitops-guard
//! lint` against the example platform, and the ValidatingWebhookConfiguration
//! keeps the promises the README makes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use gg_yaml::{Limits, load_values};
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(repo().join(path)).unwrap();
    load_values(&text, path, &Limits::default())
        .unwrap()
        .root
        .to_json()
}

#[test]
fn the_webhooks_own_values_pass_lint() {
    let output = Command::new(env!("CARGO_BIN_EXE_gitops-guard"))
        .args([
            "lint",
            "deploy/gitops-guard",
            "--platform",
            "fixtures/example/gitops-config",
            "--format",
            "json",
        ])
        .current_dir(repo())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    let serious: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        // The example platform's own findings (platform-core's chart bug) are
        // left out: the platform only gives the facts here.
        .filter(|d| d["severity"] != "info")
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(
        report["summary"]["files"].as_u64().unwrap() >= 4,
        "{report}"
    );
}

#[test]
fn the_webhook_configuration_can_never_lock_the_cluster() {
    let config = yaml("deploy/webhook/validating-webhook.yaml");
    assert_eq!(config["kind"], "ValidatingWebhookConfiguration");
    let hooks = config["webhooks"].as_array().unwrap();
    assert!(hooks.len() >= 4);
    for hook in hooks {
        let name = hook["name"].as_str().unwrap();
        assert_eq!(
            hook["admissionReviewVersions"],
            serde_json::json!(["v1"]),
            "{name}"
        );
        assert_eq!(hook["sideEffects"], "None", "{name}");
        assert_eq!(hook["failurePolicy"], "Ignore", "{name}");
        let timeout = hook["timeoutSeconds"].as_u64().unwrap();
        assert!((1..=5).contains(&timeout), "{name}: {timeout}");
        let service = &hook["clientConfig"]["service"];
        assert_eq!(service["namespace"], "gitops-guard", "{name}");
        assert_eq!(service["name"], "gitops-guard-sv", "{name}");
        let path = service["path"].as_str().unwrap();
        assert!(
            ["/validate", "/validate/warn", "/validate/audit"].contains(&path),
            "{name}: {path}"
        );
        let selector = hook["namespaceSelector"]["matchExpressions"]
            .as_array()
            .unwrap();
        let allowed: Vec<&str> = selector
            .iter()
            .filter(|e| e["key"] == "kubernetes.io/metadata.name" && e["operator"] == "In")
            .flat_map(|e| {
                e["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
            })
            .collect();
        assert!(!allowed.is_empty(), "{name}: selects named namespaces only");
        assert!(
            !allowed.contains(&"gitops-guard"),
            "{name}: the webhook's own namespace is excluded"
        );
        assert!(!allowed.contains(&"kube-system"), "{name}");
        let ops: Vec<&Value> = hook["rules"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["operations"].as_array().unwrap())
            .collect();
        assert!(
            ops.iter().all(|op| *op == "CREATE" || *op == "UPDATE"),
            "{name}: DELETE is never sent"
        );
    }
    let certificate =
        std::fs::read_to_string(repo().join("deploy/webhook/certificate.yaml")).unwrap();
    assert!(certificate.contains("gitops-guard-sv.gitops-guard.svc"));
    assert!(certificate.contains("secretName: gitops-guard-tls"));
}

#[test]
fn production_runs_two_or_more_replicas_with_a_pdb() {
    for env in ["staging", "prod"] {
        let values = yaml(&format!("deploy/gitops-guard/.cicd/{env}.yaml"));
        assert!(values["replicas"].as_u64().unwrap() >= 2, "{env}");
        assert_eq!(values["pdb"]["enabled"], true, "{env}");
    }
    let defaults = yaml("deploy/gitops-guard/.cicd/default.yaml");
    assert_eq!(defaults["readinessProbe"]["httpGet"]["path"], "/readyz");
}
