//! Every rendered object read back through its model ([`crate::models`]):
//! Kubernetes' own for built-in kinds, ours for custom resources. A field the
//! model does not have (unknown), a value of the wrong type or a missing
//! required field is a problem.

use serde_json::Value;

use crate::models::models;
use crate::problem::Problem;

/// Removes `null` members (a YAML `key:` with nothing after it is absent for the API).
pub(crate) fn without_nulls(value: &Value) -> Value {
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

/// The model's verdict on one object: an empty list when it reads back
/// whole, else each part that does not.
pub(crate) fn check(object: &Value) -> Vec<Problem> {
    read_back(object)
        .into_iter()
        .map(Problem::unreadable)
        .collect()
}

/// The problems of reading a Kubernetes object (as JSON) back through the model
/// of its kind: fields the model does not have (`unknown field `spec.strategy``),
/// values of the wrong type, missing required fields, a kind without a model.
/// Empty when the object reads back whole. What `render` reports as
/// `# Problem:`, for objects that come from elsewhere (admission reviews).
pub fn read_back(object: &Value) -> Vec<String> {
    let api_version = object
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("");
    let kind = object.get("kind").and_then(Value::as_str).unwrap_or("");
    let mut rendered = without_nulls(object);
    // Removed API versions are checked against the current one (same fields);
    // the template that writes one says so in its notes, where it knows
    // whether the values can change it.
    let current = match (api_version, kind) {
        ("policy/v1beta1", "PodDisruptionBudget") => Some("policy/v1"),
        ("rbac.authorization.k8s.io/v1beta1", _) => Some("rbac.authorization.k8s.io/v1"),
        _ => None,
    };
    if let (Some(current), Some(map)) = (current, rendered.as_object_mut()) {
        map.insert("apiVersion".to_owned(), Value::String(current.to_owned()));
    }
    let api_version = current.unwrap_or(api_version);
    match models().read_back(api_version, kind, &rendered) {
        Some(found) => found
            .into_iter()
            .map(|problem| {
                if problem.starts_with("unknown field") {
                    problem
                } else {
                    format!("does not read as {kind}: {problem}")
                }
            })
            .collect(),
        None => vec![format!(
            "does not read as {kind}: no model for `{api_version}` {kind}"
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_valid_service_reads_back_whole() {
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a-sv", "labels": {"app": "a"}},
            "spec": {"ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP", "name": "http"}], "selector": {"app": "a"}, "type": "ClusterIP"}});
        assert_eq!(read_back(&svc), Vec::<String>::new());
    }

    #[test]
    fn removed_api_versions_read_back_as_the_current_ones() {
        let pdb = json!({"apiVersion": "policy/v1beta1", "kind": "PodDisruptionBudget", "metadata": {"name": "a"},
            "spec": {"maxUnavailable": 1}});
        assert_eq!(read_back(&pdb), Vec::<String>::new());
        let role = json!({"apiVersion": "rbac.authorization.k8s.io/v1beta1", "kind": "ClusterRole", "metadata": {"name": "a"},
            "rules": [{"verbs": ["get"], "resources": ["pods"], "typo": 1}]});
        assert_eq!(
            read_back(&role),
            vec!["unknown field `rules[0].typo`".to_owned()]
        );
    }

    #[test]
    fn unknown_fields_and_wrong_types_are_reported() {
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}, "spec": {"typo": 1}});
        assert_eq!(
            read_back(&svc),
            vec!["unknown field `spec.typo`".to_owned()]
        );
        let vss = json!({"apiVersion": "secrets.hashicorp.com/v1beta1", "kind": "VaultStaticSecret", "metadata": {"name": "a"},
            "spec": {"mount": "secret", "type": "kv-v2", "path": "p", "destination": {"name": "a"}, "extra": true}});
        assert_eq!(read_back(&vss).len(), 1);
        let env = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"containers": [{"name": "c", "env": [{"name": "BUILD_ID", "value": 0}]}]}}}});
        assert_eq!(
            read_back(&env),
            vec![
                "does not read as Job: `spec.template.spec.containers[0].env[0].value`: invalid type: integer `0`, expected a string"
                    .to_owned()
            ]
        );
    }

    #[test]
    fn every_problem_is_named_by_its_path() {
        let deployment = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "labelz": {}},
            "spec": {"replicas": "2", "selector": {"matchLabels": {"app": "d"}}, "template": {"spec": {"containers": [
                {"name": "a", "image": "i", "ports": [{"containerPort": 3000000000_u64}]},
                {"name": "b", "image": "i", "resources": {"limits": {"cpu": 1}, "limitz": {}}}]}}}});
        assert_eq!(
            read_back(&deployment),
            vec![
                "unknown field `metadata.labelz`".to_owned(),
                "does not read as Deployment: `spec.replicas`: invalid type: string \"2\", expected i32".to_owned(),
                "does not read as Deployment: `spec.template.spec.containers[0].ports[0].containerPort`: invalid value: integer `3000000000`, expected i32".to_owned(),
                "unknown field `spec.template.spec.containers[1].resources.limitz`".to_owned(),
            ]
        );
        let vss = json!({"apiVersion": "secrets.hashicorp.com/v1beta1", "kind": "VaultStaticSecret", "metadata": {"name": "a"},
            "spec": {"mount": "secret", "type": "kv-v2", "destination": {"name": "a"}}});
        assert_eq!(
            read_back(&vss),
            vec!["does not read as VaultStaticSecret: `spec`: missing field `path`".to_owned()]
        );
        let unknown = json!({"apiVersion": "v9", "kind": "Thing"});
        assert_eq!(
            read_back(&unknown),
            vec!["does not read as Thing: no model for `v9` Thing".to_owned()]
        );
    }
}
