//! Every rendered object read back through its typed model: k8s-openapi for
//! built-in kinds, [`crate::crd`] for custom resources. A field the model
//! drops (unknown) or reads differently (wrong type) is a problem.

use k8s_openapi::api::{apps, autoscaling, batch, core, networking, policy, rbac, storage};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::crd;

fn round_trip<T: DeserializeOwned + Serialize>(object: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(object.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

/// Removes `null` members (a YAML `key:` with nothing after it is absent for the API).
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// Differences between what was rendered and what the model read back.
fn differences(path: &str, rendered: &Value, read: Option<&Value>, out: &mut Vec<String>) {
    let Some(read) = read else {
        out.push(format!("unknown field `{path}`"));
        return;
    };
    match (rendered, read) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                differences(&format!("{path}.{key}"), value, b.get(key), out);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, value) in a.iter().enumerate() {
                differences(&format!("{path}[{i}]"), value, b.get(i), out);
            }
        }
        (Value::Object(a), Value::Null) | (Value::Object(a), _) if a.is_empty() => {}
        (a, b) if a == b => {}
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) => out.push(format!("`{path}`: {a} is read back as {b}")),
    }
}

/// The model's verdict on one object: an empty list when it reads back whole.
pub(crate) fn check(object: &Value) -> Vec<String> {
    let api_version = object
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("");
    let kind = object.get("kind").and_then(Value::as_str).unwrap_or("");
    let mut rendered = without_nulls(object);
    // Removed API versions are checked against the current one (same fields);
    // the version itself is a finding of its own.
    let mut problems = Vec::new();
    let current = match (api_version, kind) {
        ("policy/v1beta1", "PodDisruptionBudget") => Some("policy/v1"),
        ("rbac.authorization.k8s.io/v1beta1", _) => Some("rbac.authorization.k8s.io/v1"),
        _ => None,
    };
    if let (Some(current), Some(map)) = (current, rendered.as_object_mut()) {
        problems.push(format!(
            "`{api_version}` {kind} is no longer served by Kubernetes (since 1.22/1.25); use `{current}`"
        ));
        map.insert("apiVersion".to_owned(), Value::String(current.to_owned()));
    }
    let api_version = current.unwrap_or(api_version);
    let read = match (api_version, kind) {
        ("apps/v1", "Deployment") => round_trip::<apps::v1::Deployment>(&rendered),
        ("v1", "Service") => round_trip::<core::v1::Service>(&rendered),
        ("v1", "ConfigMap") => round_trip::<core::v1::ConfigMap>(&rendered),
        ("v1", "ServiceAccount") => round_trip::<core::v1::ServiceAccount>(&rendered),
        ("v1", "Namespace") => round_trip::<core::v1::Namespace>(&rendered),
        ("v1", "PersistentVolumeClaim") => round_trip::<core::v1::PersistentVolumeClaim>(&rendered),
        ("autoscaling/v2", "HorizontalPodAutoscaler") => {
            round_trip::<autoscaling::v2::HorizontalPodAutoscaler>(&rendered)
        }
        ("policy/v1", "PodDisruptionBudget") => {
            round_trip::<policy::v1::PodDisruptionBudget>(&rendered)
        }
        ("batch/v1", "Job") => round_trip::<batch::v1::Job>(&rendered),
        ("batch/v1", "CronJob") => round_trip::<batch::v1::CronJob>(&rendered),
        ("rbac.authorization.k8s.io/v1", "ClusterRole") => {
            round_trip::<rbac::v1::ClusterRole>(&rendered)
        }
        ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding") => {
            round_trip::<rbac::v1::ClusterRoleBinding>(&rendered)
        }
        ("storage.k8s.io/v1", "StorageClass") => round_trip::<storage::v1::StorageClass>(&rendered),
        ("networking.k8s.io/v1", "Ingress") => round_trip::<networking::v1::Ingress>(&rendered),
        ("secrets.hashicorp.com/v1beta1", "VaultStaticSecret") => {
            round_trip::<crd::VaultStaticSecret>(&rendered)
        }
        ("secrets.hashicorp.com/v1beta1", "VaultAuth") => round_trip::<crd::VaultAuth>(&rendered),
        ("gateway.networking.k8s.io/v1", "HTTPRoute") => round_trip::<crd::HttpRoute>(&rendered),
        ("gateway.networking.k8s.io/v1", "Gateway") => round_trip::<crd::Gateway>(&rendered),
        ("monitoring.coreos.com/v1", "ServiceMonitor") => {
            round_trip::<crd::ServiceMonitor>(&rendered)
        }
        ("argoproj.io/v1alpha1", "Application") => round_trip::<crd::Application>(&rendered),
        ("argoproj.io/v1alpha1", "ApplicationSet") => round_trip::<crd::ApplicationSet>(&rendered),
        ("secrets-store.csi.x-k8s.io/v1", "SecretProviderClass") => {
            round_trip::<crd::SecretProviderClass>(&rendered)
        }
        _ => Err(format!("no typed model for `{api_version}` {kind}")),
    };
    match read {
        Ok(read) => differences("", &rendered, Some(&read), &mut problems),
        Err(error) => problems.push(format!("does not read as {kind}: {error}")),
    }
    for problem in &mut problems {
        if let Some(rest) = problem.strip_prefix("unknown field `.") {
            *problem = format!("unknown field `{rest}");
        } else if let Some(rest) = problem.strip_prefix("`.") {
            *problem = format!("`{rest}");
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_valid_service_reads_back_whole() {
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a-sv", "labels": {"app": "a"}},
            "spec": {"ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP", "name": "http"}], "selector": {"app": "a"}, "type": "ClusterIP"}});
        assert_eq!(check(&svc), Vec::<String>::new());
    }

    #[test]
    fn unknown_fields_and_wrong_types_are_reported() {
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}, "spec": {"typo": 1}});
        assert_eq!(check(&svc), vec!["unknown field `spec.typo`".to_owned()]);
        let vss = json!({"apiVersion": "secrets.hashicorp.com/v1beta1", "kind": "VaultStaticSecret", "metadata": {"name": "a"},
            "spec": {"mount": "secret", "type": "kv-v2", "path": "p", "destination": {"name": "a"}, "extra": true}});
        assert_eq!(check(&vss).len(), 1);
        let env = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"containers": [{"name": "c", "env": [{"name": "BUILD_ID", "value": 0}]}]}}}});
        assert_eq!(check(&env).len(), 1, "{:?}", check(&env));
    }
}
