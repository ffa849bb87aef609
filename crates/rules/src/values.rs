//! Small helpers over values: the printed text of a merged scalar and walking string scalars.

use std::fmt::Write as _;

use gg_yaml::{MergedNode, Node, NodeKind};

/// The text a template prints for a merged scalar (empty for collections).
pub(crate) fn merged_text(node: &MergedNode) -> String {
    node.as_scalar()
        .and_then(Node::helm_text)
        .unwrap_or_default()
}

/// Calls `visit(path, node)` for every string scalar below `node`, skipping the
/// top-level keys listed in `skip`. `path` is dotted (`configmap.DB_URL`).
pub(crate) fn for_each_string<'a>(
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
