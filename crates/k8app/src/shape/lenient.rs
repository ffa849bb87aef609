//! Lenient reading of merged values into the typed model: values of the wrong
//! shape are dropped (and reported), unknown keys are kept in `extra`, and nulls
//! are dropped (for templates a null and a missing key are the same: empty).

use serde_json::Value;

use gg_yaml::PathSegment;

use super::walker::Walker;
use super::{ShapeChecker, ShapeIssue, ShapeIssueKind, node_from_json};
use crate::error::K8appError;
use crate::model::Values;

impl ShapeChecker {
    /// Reads merged values into the typed model, dropping every value of the wrong
    /// shape for the model (a wrongly typed list item drops its whole list), and
    /// returns the model with the shape issues found for this checker's version.
    pub fn read_values(&self, value: &Value) -> Result<(Values, Vec<ShapeIssue>), K8appError> {
        let node = node_from_json(value);
        let issues = self.check(&node);
        let mut pruned = value.clone();
        let model_schema = super::compiled_model_schema();
        for issue in Walker::new(&model_schema).check(&node) {
            if matches!(issue.kind, ShapeIssueKind::TypeMismatch { .. }) {
                remove_owning_key(&mut pruned, &issue.path.0);
            }
        }
        strip_nulls(&mut pruned);
        let values = Values::from_json(&pruned)?;
        Ok((values, issues))
    }
}

fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.retain(|_, child| !child.is_null());
            object.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => {
            items.retain(|item| !item.is_null());
            items.iter_mut().for_each(strip_nulls);
        }
        _ => {}
    }
}

/// Removes the key owning `segments` (the last key segment, so a list item takes
/// its list with it); a mismatch at the root empties the document.
fn remove_owning_key(root: &mut Value, segments: &[PathSegment]) {
    let Some(last_key) = segments
        .iter()
        .rposition(|segment| matches!(segment, PathSegment::Key(_)))
    else {
        *root = Value::Object(serde_json::Map::new());
        return;
    };
    let (parent_path, rest) = segments.split_at(last_key);
    let Some(PathSegment::Key(key)) = rest.first() else {
        return;
    };
    let parent = parent_path
        .iter()
        .try_fold(root, |value, segment| match segment {
            PathSegment::Key(k) => value.get_mut(k.as_str()),
            PathSegment::Index(i) => value.get_mut(*i),
        });
    if let Some(Value::Object(object)) = parent {
        object.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProbeMode;
    use crate::version::ChartVersion;
    use serde_json::json;

    #[test]
    fn wrong_values_are_dropped_and_reported() {
        let checker = ShapeChecker::new(ChartVersion::NEWEST);
        let input = json!({
            "appName": "api",
            "replicas": "2",
            "replicaCount": 2,
            "image": {"repository": "r", "tag": 20240101},
            "args": ["-port", 8080],
            "livenessProbe": {"mode": "tcpSocket", "tcpSocket": {"port": 8081}},
            "readinessProbe": {"mode": "http"}
        });
        let (values, issues) = checker.read_values(&input).unwrap();
        assert_eq!(values.app_name.as_deref(), Some("api"));
        assert_eq!(values.replicas, None);
        assert_eq!(values.extra.get("replicaCount"), Some(&json!(2)));
        let image = values.image.unwrap();
        assert_eq!((image.repository.as_deref(), image.tag), (Some("r"), None));
        assert_eq!(values.args, None);
        assert_eq!(
            values.liveness_probe.unwrap().mode,
            Some(ProbeMode::TcpSocket)
        );
        assert_eq!(values.readiness_probe.unwrap().mode, None);
        let paths: Vec<String> = issues.iter().map(|i| i.path.to_string()).collect();
        assert_eq!(
            paths,
            [
                "replicas",
                "replicaCount",
                "image.tag",
                "args[1]",
                "readinessProbe.mode"
            ]
        );
    }

    #[test]
    fn a_non_mapping_document_reads_as_empty() {
        let checker = ShapeChecker::new(ChartVersion::NEWEST);
        let (values, issues) = checker.read_values(&json!([1, 2])).unwrap();
        assert_eq!(values, Values::default());
        assert_eq!(issues.len(), 1);
    }
}
