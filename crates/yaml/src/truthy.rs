//! Go templates' notion of "empty", as `if`, `with`, `default`, `and` and
//! `or` judge a value: `nil`, `false`, `0`, `""`, an empty list or map.

use serde_json::Value;

use crate::merge::{MergedNode, MergedValue};

/// Whether a Go template takes the JSON value as true.
pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

impl MergedNode {
    /// Whether a Go template takes this merged value as true
    /// (`if .Values.x`): maps and lists by their entries, without converting
    /// them; scalars as [`truthy`] judges their JSON value.
    pub fn is_truthy(&self) -> bool {
        match &self.value {
            MergedValue::Map(entries) => !entries.is_empty(),
            MergedValue::Seq(items) => !items.is_empty(),
            MergedValue::Scalar(node) => truthy(&node.to_json()),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::{Layer, LayerKind, Limits, load_values, merge_layers};

    #[test]
    fn truthiness_follows_go_templates() {
        for empty in [
            json!(null),
            json!(false),
            json!(0),
            json!(0.0),
            json!(""),
            json!([]),
            json!({}),
        ] {
            assert!(!truthy(&empty), "{empty}");
        }
        for full in [
            json!(true),
            json!(1),
            json!("x"),
            json!([0]),
            json!({"a": null}),
        ] {
            assert!(truthy(&full), "{full}");
        }
    }

    #[test]
    fn merged_values_are_judged_as_their_json() {
        let text = "a: null\nb: false\nc: 0\nd: 0.0\ne: \"\"\nf: []\ng: {}\n\
                    i: true\nj: 1\nk: x\nl: [0]\nm: {n: null}\n";
        let doc = load_values(text, "v.yaml", &Limits::default()).unwrap();
        let merged = merge_layers(&[Layer::new("v.yaml", LayerKind::ServiceDefault, &doc.root)]);
        let MergedValue::Map(entries) = &merged.root.value else {
            panic!("not a map");
        };
        for (key, node) in entries {
            assert_eq!(node.is_truthy(), truthy(&node.to_json()), "{key}");
        }
        let judged: Vec<bool> = entries.iter().map(|(_, node)| node.is_truthy()).collect();
        assert_eq!(judged.iter().filter(|t| **t).count(), 5, "{judged:?}");
    }
}
