//! Every AdmissionReview fixture carries objects a real API server accepts:
//! each `object` and `oldObject` reads back strictly through the model of its
//! kind — Kubernetes' own types (k8s-openapi) for built-in kinds, the render's
//! models for custom resources — and a field the kind does not have fails,
//! as `kubectl`'s default strict field validation does before admission.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use k8s_openapi::api::{apps, batch, core};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Deserialises `object` into `T` and serialises it again: k8s-openapi
/// ignores fields its types do not have, so they are missing afterwards.
fn round_trip<T: DeserializeOwned + Serialize>(object: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(object.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

/// The built-in kind's typed read-back, `None` for other kinds.
fn typed(api_version: &str, kind: &str, object: &Value) -> Option<Result<Value, String>> {
    Some(match (api_version, kind) {
        ("apps/v1", "Deployment") => round_trip::<apps::v1::Deployment>(object),
        ("apps/v1", "StatefulSet") => round_trip::<apps::v1::StatefulSet>(object),
        ("apps/v1", "DaemonSet") => round_trip::<apps::v1::DaemonSet>(object),
        ("batch/v1", "Job") => round_trip::<batch::v1::Job>(object),
        ("batch/v1", "CronJob") => round_trip::<batch::v1::CronJob>(object),
        ("v1", "Pod") => round_trip::<core::v1::Pod>(object),
        ("v1", "ConfigMap") => round_trip::<core::v1::ConfigMap>(object),
        ("v1", "Service") => round_trip::<core::v1::Service>(object),
        _ => return None,
    })
}

/// The fields of `given` the read-back lost, by path.
fn lost(path: &str, given: &Value, read: Option<&Value>, out: &mut Vec<String>) {
    let Some(read) = read else {
        out.push(format!("unknown field `{}`", path.trim_start_matches('.')));
        return;
    };
    match (given, read) {
        (Value::Object(given), Value::Object(read)) => {
            for (key, value) in given {
                lost(&format!("{path}.{key}"), value, read.get(key), out);
            }
        }
        (Value::Array(given), Value::Array(read)) => {
            for (i, value) in given.iter().enumerate() {
                lost(&format!("{path}[{i}]"), value, read.get(i), out);
            }
        }
        _ => {}
    }
}

/// What a strict read of `object` finds: unknown fields, values of the wrong
/// type, a kind without a model. Empty when it reads whole.
fn strict_problems(object: &Value) -> Vec<String> {
    let api_version = object["apiVersion"].as_str().unwrap_or_default();
    let kind = object["kind"].as_str().unwrap_or_default();
    match typed(api_version, kind, object) {
        Some(Ok(read)) => {
            let mut problems = Vec::new();
            lost("", object, Some(&read), &mut problems);
            problems
        }
        Some(Err(error)) => vec![format!("does not read as {kind}: {error}")],
        None => gg_render::read_back(object),
    }
}

#[test]
fn every_fixture_object_reads_strictly_as_its_kind() {
    let fixtures = support::fixtures();
    let mut read = 0;
    for (name, _, review) in &fixtures {
        for field in ["object", "oldObject"] {
            let object = &review["request"][field];
            if object.is_null() {
                continue;
            }
            let problems = strict_problems(object);
            assert!(problems.is_empty(), "{name} {field}: {problems:?}");
            read += 1;
        }
    }
    // allowed-delete.json is the one review without an object
    assert!(read + 1 >= fixtures.len(), "{read} objects read");
}

#[test]
fn a_field_of_another_kind_fails_the_strict_read() {
    let review: Value = serde_json::from_slice(&support::fixture("allowed-statefulset")).unwrap();
    let mut statefulset = review["request"]["object"].clone();
    assert_eq!(strict_problems(&statefulset), Vec::<String>::new());
    statefulset["spec"]["strategy"] = json!({"type": "RollingUpdate"});
    statefulset["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = json!("Always");
    assert_eq!(
        strict_problems(&statefulset),
        [
            "unknown field `spec.template.spec.containers[0].imagePullPolicyy`",
            "unknown field `spec.strategy`",
        ]
    );
    let review: Value =
        serde_json::from_slice(&support::fixture("allowed-vaultstaticsecret")).unwrap();
    let mut secret = review["request"]["object"].clone();
    secret["spec"]["refreshInterval"] = json!("30s");
    assert_eq!(
        strict_problems(&secret),
        ["unknown field `spec.refreshInterval`"]
    );
    let mut job = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}});
    job["spec"] = json!({"backoffLimit": "three"});
    assert_eq!(
        strict_problems(&job).len(),
        1,
        "{:?}",
        strict_problems(&job)
    );
}
