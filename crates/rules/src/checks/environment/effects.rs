//! What the value of `environment` changes in a release: the service is
//! rendered again with the environment it deploys to, and every field that
//! differs is named (without its values, which differ per environment, so one
//! finding covers every environment it arises in).

use std::sync::Arc;

use gg_render::{RenderContext, RenderedObject, render_service};
use gg_yaml::{Merged, MergedNode, MergedValue, Node, NodeKind, ScalarStyle};
use serde_json::Value;

/// How many changed objects a message names before it counts the rest.
const SHOWN: usize = 3;

/// The objects the chart renders differently when `environment` is `wanted`
/// instead of what `merged` holds, each with the fields that differ,
/// described for a message; empty when
/// nothing differs (or the corrected release does not render: another rule
/// reports that).
pub(crate) fn changes(
    merged: &Merged,
    rendered: &[RenderedObject],
    render_ctx: &RenderContext,
    wanted: &str,
) -> Vec<String> {
    let corrected = with_environment(merged, wanted);
    let Ok(fixed) = render_service(&corrected, render_ctx) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for object in &fixed {
        match rendered
            .iter()
            .find(|r| r.kind == object.kind && r.name == object.name)
        {
            Some(before) => {
                let mut fields = Vec::new();
                diff(&before.object, &object.object, &mut Vec::new(), &mut fields);
                if !fields.is_empty() {
                    push_unique(
                        &mut found,
                        format!("{} of {}", fields.join(", "), name_of(object)),
                    );
                }
            }
            None => push_unique(&mut found, format!("whether {} renders", name_of(object))),
        }
    }
    for object in rendered {
        if !fixed
            .iter()
            .any(|f| f.kind == object.kind && f.name == object.name)
        {
            push_unique(&mut found, format!("whether {} renders", name_of(object)));
        }
    }
    found
}

/// `changes` as one phrase: the first few, then how many more.
pub(crate) fn summary(changes: &[String]) -> String {
    let shown: Vec<&str> = changes.iter().take(SHOWN).map(String::as_str).collect();
    let text = shown.join(", ");
    match changes.len().saturating_sub(SHOWN) {
        0 => text,
        more => format!("{text} and {more} more"),
    }
}

fn name_of(object: &RenderedObject) -> String {
    format!("{} `{}`", object.kind, object.name)
}

fn push_unique(found: &mut Vec<String>, item: String) {
    if !found.contains(&item) {
        found.push(item);
    }
}

/// `merged` with `environment` set to `wanted` (as an overlay writing it would).
fn with_environment(merged: &Merged, wanted: &str) -> Merged {
    let mut corrected = merged.clone();
    let provenance = merged
        .get_dotted("environment")
        .map_or_else(|| merged.root.provenance.clone(), |n| n.provenance.clone());
    let span = provenance.origin.span;
    let node = Arc::new(MergedNode {
        value: MergedValue::Scalar(Node {
            kind: NodeKind::String(wanted.to_owned()),
            span,
            style: Some(ScalarStyle::Plain),
            quirk: None,
        }),
        provenance,
    });
    if let MergedValue::Map(entries) = &mut corrected.root.value {
        match entries.iter_mut().find(|(key, _)| key == "environment") {
            Some((_, value)) => *value = node,
            None => entries.push(("environment".to_owned(), node)),
        }
    }
    corrected
}

/// Appends the name of every field where `before` and `after` differ.
fn diff(before: &Value, after: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
    if before == after {
        return;
    }
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in b {
                path.push(key.clone());
                diff(a.get(key).unwrap_or(&Value::Null), value, path, out);
                path.pop();
            }
            for (key, value) in a.iter().filter(|(key, _)| !b.contains_key(*key)) {
                path.push(key.clone());
                diff(value, &Value::Null, path, out);
                path.pop();
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                path.push(item_name(y).unwrap_or_else(|| index.to_string()));
                diff(x, y, path, out);
                path.pop();
            }
        }
        _ => {
            let field = field_name(path);
            if !out.contains(&field) {
                out.push(field);
            }
        }
    }
}

/// A list item's `name`, which identifies it better than its index.
fn item_name(item: &Value) -> Option<String> {
    item.get("name")
        .and_then(Value::as_str)
        .map(|name| format!("`{name}`"))
}

/// A short name of the field at `path`: a container's environment variable by
/// its name, anything else by its last two keys.
fn field_name(path: &[String]) -> String {
    if let Some(at) = path.iter().rposition(|key| key == "env")
        && let Some(variable) = path.get(at + 1)
    {
        return format!("env {variable}");
    }
    let tail = path.len().saturating_sub(2);
    let keys: Vec<&str> = path
        .get(tail..)
        .unwrap_or_default()
        .iter()
        .map(String::as_str)
        .collect();
    format!("`{}`", keys.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(before: &Value, after: &Value) -> Vec<String> {
        let mut out = Vec::new();
        diff(before, after, &mut Vec::new(), &mut out);
        out
    }

    #[test]
    fn a_container_variable_is_named_by_its_name() {
        let before = json!({"spec": {"containers": [{"name": "job", "env": [
            {"name": "BUILD_ID", "value": "1"},
            {"name": "SENTRY_ENVIRONMENT", "value": ""}]}]}});
        let mut after = before.clone();
        after["spec"]["containers"][0]["env"][1]["value"] = json!("prod");
        assert_eq!(fields(&before, &after), ["env `SENTRY_ENVIRONMENT`"]);
    }

    #[test]
    fn other_fields_are_named_by_their_last_two_keys() {
        let before = json!({"spec": {"path": "ns/app//db", "type": "kv-v2"}});
        let after = json!({"spec": {"path": "ns/app/prod/db", "type": "kv-v2"}});
        assert_eq!(fields(&before, &after), ["`spec.path`"]);
        assert!(fields(&before, &before).is_empty());
    }

    #[test]
    fn a_field_only_one_side_has_is_a_change() {
        let before = json!({"data": {"A": "1"}});
        let after = json!({"data": {"A": "1", "B": "2"}});
        assert_eq!(fields(&before, &after), ["`data.B`"]);
        assert_eq!(fields(&after, &before), ["`data.B`"]);
    }

    #[test]
    fn the_summary_counts_what_it_does_not_show() {
        let all: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        assert_eq!(summary(&all), "a, b, c and 2 more");
        assert_eq!(summary(&all[..2]), "a, b");
    }
}
