//! `env-file-duplicates-default`: an overlay repeating what `default.yaml` already sets.

use gg_yaml::{Node, NodeKind};

use crate::context::FileContext;
use gg_diagnostic::Diagnostic;
use gg_diagnostic::{Rule, rules};
use gg_platform::locate::node_location;

const RULE: &Rule = &rules::ENV_FILE_DUPLICATES_DEFAULT;

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
    match (&default.kind, &overlay.kind) {
        (NodeKind::Map(defaults), NodeKind::Map(overrides)) => {
            for (key, value) in &overrides.entries {
                let Some(default_value) = defaults.get(&key.name) else {
                    continue;
                };
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&key.name);
                compare(default_value, value, path, file, out);
                path.truncate(len);
            }
        }
        (NodeKind::Map(_), _) | (_, NodeKind::Map(_)) => {}
        _ if same_value(default, overlay) => out.push(
            RULE.finding(
                node_location(file, overlay),
                format!("`{path}` repeats the value default.yaml already sets"),
            )
            .with_help(
                "delete it from the overlay: values in default.yaml apply to every environment",
            ),
        ),
        _ => {}
    }
}

fn same_value(a: &Node, b: &Node) -> bool {
    !a.is_null() && a.to_json() == b.to_json()
}
