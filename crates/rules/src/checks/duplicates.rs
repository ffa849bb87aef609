//! `env-file-duplicates-default`: an overlay repeating what `default.yaml` already sets.

use gg_yaml::{Key, Mapping, Node, NodeKind};

use crate::context::FileContext;
use gg_diagnostic::{Diagnostic, Edit, Fix};
use gg_diagnostic::{Rule, rules};
use gg_platform::locate::node_location;

const RULE: &Rule = &rules::ENV_FILE_DUPLICATES_DEFAULT;

/// Top-level keys every overlay should set itself even when `default.yaml`
/// repeats them: an overlay's own `environment:` keeps its release right
/// whatever `default.yaml` says (the copy there is the mistake, which
/// `environment-mismatch` reports where an overlay inherits it).
const OVERLAY_OWNED: [&str; 1] = ["environment"];

/// Compares every scalar and list of the overlay with `default.yaml` at the same path.
pub(crate) fn check(
    default: &FileContext<'_>,
    overlay: &FileContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    compare(
        default.root,
        overlay.root,
        &mut String::new(),
        overlay.path,
        out,
    );
}

fn compare(
    default: &Node,
    overlay: &Node,
    path: &mut String,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let (NodeKind::Map(defaults), NodeKind::Map(overrides)) = (&default.kind, &overlay.kind) else {
        return;
    };
    for (key, value) in &overrides.entries {
        let Some(default_value) = defaults.get(&key.name) else {
            continue;
        };
        if path.is_empty() && OVERLAY_OWNED.contains(&key.name.as_str()) {
            continue;
        }
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&key.name);
        if is_leaf(default_value, value) {
            if same_value(default_value, value) {
                out.push(finding(path, file, overlay, overrides, key, value));
            }
        } else {
            compare(default_value, value, path, file, out);
        }
        path.truncate(len);
    }
}

fn is_leaf(default: &Node, overlay: &Node) -> bool {
    !matches!(default.kind, NodeKind::Map(_)) && !matches!(overlay.kind, NodeKind::Map(_))
}

fn finding(
    path: &str,
    file: &str,
    parent: &Node,
    entries: &Mapping,
    key: &Key,
    value: &Node,
) -> Diagnostic {
    let diagnostic = RULE
        .finding(
            node_location(file, value),
            format!("`{path}` repeats the value default.yaml already sets"),
        )
        .with_help("delete it from the overlay: values in default.yaml apply to every environment");
    match deletion(file, parent, entries, key, value) {
        Some(edit) => diagnostic.with_fix(Fix {
            key: Some(path.to_owned()),
            files: vec![file.to_owned()],
            owner: None,
            edits: vec![edit],
        }),
        None => diagnostic,
    }
}

/// Deleting the entry's lines, when that is all it takes: a block mapping
/// entry on lines of its own, in a mapping that keeps other entries (an
/// emptied `image:` would be `null`, which deletes the chart's defaults).
fn deletion(file: &str, parent: &Node, entries: &Mapping, key: &Key, value: &Node) -> Option<Edit> {
    let block = key.span.start.column == parent.span.start.column;
    let top_level = parent.span.start.column == 1;
    let keeps_others = top_level || entries.entries.len() > 1;
    if !(block && keeps_others) {
        return None;
    }
    let first = key.span.start.line;
    let end = value.span.end;
    let last = if end.column == 1 && end.line > first {
        end.line - 1
    } else {
        end.line
    };
    Some(Edit::delete_lines(file, first, last.max(first)))
}

fn same_value(a: &Node, b: &Node) -> bool {
    !a.is_null() && a.to_json() == b.to_json()
}
