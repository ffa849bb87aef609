//! Span-less trees built from JSON values (merged values without provenance).

use gg_yaml::{Key, Mapping, Node, NodeKind, ScalarStyle, Span};
use serde_json::Value;

/// Builds a [`Node`] tree from a JSON value; every span is the default (empty) one.
/// Numbers that fit `i64` become integers, all others floats.
pub fn node_from_json(value: &Value) -> Node {
    let (kind, style) = match value {
        Value::Null => (NodeKind::Null, Some(ScalarStyle::Plain)),
        Value::Bool(b) => (NodeKind::Bool(*b), Some(ScalarStyle::Plain)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => (NodeKind::Int(i), Some(ScalarStyle::Plain)),
            None => (
                NodeKind::Float(n.as_f64().unwrap_or(f64::NAN)),
                Some(ScalarStyle::Plain),
            ),
        },
        Value::String(s) => (NodeKind::String(s.clone()), Some(ScalarStyle::DoubleQuoted)),
        Value::Array(items) => (
            NodeKind::Seq(items.iter().map(node_from_json).collect()),
            None,
        ),
        Value::Object(object) => {
            let entries = object
                .iter()
                .map(|(k, v)| {
                    let key = Key {
                        name: k.clone(),
                        span: Span::default(),
                    };
                    (key, node_from_json(v))
                })
                .collect();
            (NodeKind::Map(Mapping { entries }), None)
        }
    };
    Node {
        kind,
        span: Span::default(),
        style,
        quirk: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_every_kind() {
        let node = node_from_json(
            &json!({"a": [1, 2.5, "x", true, null], "b": {"c": 18446744073709551615u64}}),
        );
        let items = node.get_path(&["a"]).and_then(Node::as_seq).unwrap();
        assert_eq!(items[0].kind, NodeKind::Int(1));
        assert_eq!(items[1].kind, NodeKind::Float(2.5));
        assert_eq!(items[2].as_str(), Some("x"));
        assert_eq!(items[3].kind, NodeKind::Bool(true));
        assert!(items[4].is_null());
        assert!(matches!(
            node.get_path(&["b", "c"]).unwrap().kind,
            NodeKind::Float(_)
        ));
    }
}
