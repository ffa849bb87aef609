//! Small helpers over values: Go-template truthiness and walking string scalars.

use std::fmt::Write as _;

use gg_yaml::{MergedNode, Node, NodeKind};

/// Go templates' notion of "empty": `nil`, `false`, `0`, `""`, empty list or map.
pub fn truthy(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => false,
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        serde_json::Value::String(s) => !s.is_empty(),
        serde_json::Value::Array(items) => !items.is_empty(),
        serde_json::Value::Object(map) => !map.is_empty(),
    }
}

/// The text a template prints for a merged scalar (empty for collections).
pub fn merged_text(node: &MergedNode) -> String {
    node.as_scalar()
        .and_then(Node::helm_text)
        .unwrap_or_default()
}

/// Calls `visit(path, node)` for every string scalar below `node`, skipping the
/// top-level keys listed in `skip`. `path` is dotted (`configmap.DB_URL`).
pub fn for_each_string<'a>(
    node: &'a Node,
    skip: &[&str],
    visit: &mut dyn FnMut(&str, &'a Node, &'a str),
) {
    walk(node, &mut String::new(), skip, visit);
}

/// Walks below `node`; `path` is the node's dotted path, restored on return
/// (one buffer for the whole walk).
fn walk<'a>(
    node: &'a Node,
    path: &mut String,
    skip: &[&str],
    visit: &mut dyn FnMut(&str, &'a Node, &'a str),
) {
    let restore = path.len();
    match &node.kind {
        NodeKind::String(text) => visit(path, node, text),
        NodeKind::Seq(items) => {
            for (index, item) in items.iter().enumerate() {
                let _ = write!(path, "[{index}]");
                walk(item, path, skip, visit);
                path.truncate(restore);
            }
        }
        NodeKind::Map(map) => {
            for (key, value) in &map.entries {
                if restore == 0 && skip.contains(&key.name.as_str()) {
                    continue;
                }
                if restore > 0 {
                    path.push('.');
                }
                path.push_str(&key.name);
                walk(value, path, skip, visit);
                path.truncate(restore);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
}
