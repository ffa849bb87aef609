//! Merged values printed as YAML with a `# file:line` comment beside every leaf:
//! what `helm template` cannot show — where each value came from.

use std::fmt::Write as _;
use std::sync::Arc;

use crate::merge::{Merged, MergedNode, MergedValue, Origin};
use crate::node::{Node, NodeKind};

/// Prints `merged` as block YAML, each leaf followed by `# file:line` of the
/// value that won (and `(overrides file:line, …)` when it replaced values).
pub fn annotated_yaml(merged: &Merged) -> String {
    let mut out = String::new();
    match &merged.root.value {
        MergedValue::Map(entries) if !entries.is_empty() => write_map(entries, 0, &mut out),
        _ => out.push_str("{}\n"),
    }
    out
}

fn write_map(entries: &[(String, Arc<MergedNode>)], indent: usize, out: &mut String) {
    for (key, value) in entries {
        let pad = " ".repeat(indent);
        let key = scalar_key(key);
        match &value.value {
            MergedValue::Map(children) if !children.is_empty() => {
                let _ = writeln!(out, "{pad}{key}:");
                write_map(children, indent + 2, out);
            }
            MergedValue::Seq(items) if !items.is_empty() => {
                let _ = writeln!(out, "{pad}{key}:{}", comment(value));
                write_seq(items, indent, out);
            }
            _ => {
                let _ = writeln!(out, "{pad}{key}: {}{}", inline(value), comment(value));
            }
        }
    }
}

fn write_seq(items: &[Arc<MergedNode>], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for item in items {
        match &item.value {
            MergedValue::Map(children) if !children.is_empty() => {
                let mut nested = String::new();
                write_map(children, indent + 2, &mut nested);
                let body = nested.get(indent + 2..).unwrap_or_default();
                let _ = write!(out, "{pad}- {body}");
            }
            MergedValue::Seq(inner) if !inner.is_empty() => {
                let _ = writeln!(out, "{pad}-");
                write_seq(inner, indent + 2, out);
            }
            _ => {
                let _ = writeln!(out, "{pad}- {}", inline(item));
            }
        }
    }
}

/// A scalar, or an empty collection, on one line.
fn inline(node: &MergedNode) -> String {
    match &node.value {
        MergedValue::Scalar(scalar) => scalar_value(scalar),
        MergedValue::Seq(_) => "[]".to_owned(),
        MergedValue::Map(_) => "{}".to_owned(),
    }
}

fn comment(node: &MergedNode) -> String {
    let mut text = format!("  # {}", place(&node.provenance.origin));
    let replaced: Vec<String> = node.provenance.overridden.iter().map(place).collect();
    if !replaced.is_empty() {
        let _ = write!(text, " (overrides {})", replaced.join(", "));
    }
    text
}

fn place(origin: &Origin) -> String {
    format!("{}:{}", origin.file, origin.span.start.line)
}

fn scalar_value(node: &Node) -> String {
    match &node.kind {
        NodeKind::Null => "null".to_owned(),
        NodeKind::String(text) => quote_if_needed(text),
        _ => node.to_json().to_string(),
    }
}

fn scalar_key(key: &str) -> String {
    quote_if_needed(key)
}

/// Plain when YAML (1.1 or 1.2) reads the text back as the same string; JSON-quoted otherwise.
fn quote_if_needed(text: &str) -> String {
    let plain_safe = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./@".contains(c))
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '_')
        && !crate::scalar::is_special_plain(text);
    if plain_safe {
        text.to_owned()
    } else {
        serde_json::Value::String(text.to_owned()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Layer, LayerKind, Limits, load_values, merge_layers};

    #[test]
    fn every_leaf_names_its_file_and_line_and_what_it_replaced() {
        let base = load_values(
            "image:\n  tag: latest\nports: [80]\nname: api\n",
            "default.yaml",
            &Limits::default(),
        )
        .unwrap();
        let env = load_values(
            "image:\n  tag: \"2150123\"\nflag: yes\n",
            "dev.yaml",
            &Limits::default(),
        )
        .unwrap();
        let merged = merge_layers(&[
            Layer::new("default.yaml", LayerKind::ServiceDefault, &base.root),
            Layer::new("dev.yaml", LayerKind::EnvOverlay, &env.root),
        ]);
        let text = annotated_yaml(&merged);
        assert!(
            text.contains("  tag: \"2150123\"  # dev.yaml:2 (overrides default.yaml:2)"),
            "{text}"
        );
        assert!(text.contains("ports:  # default.yaml:3\n- 80\n"), "{text}");
        assert!(text.contains("name: api  # default.yaml:4"), "{text}");
        assert!(text.contains("flag: true  # dev.yaml:3"), "{text}");
        let reread = load_values(&text, "out.yaml", &Limits::default()).unwrap();
        assert_eq!(reread.root.to_json(), merged.to_json());
    }

    #[test]
    fn strings_that_yaml_would_misread_are_quoted() {
        for text in [
            "yes", "on", "123", "1.5", "null", "", "a: b", "#x", "~", "0x1F",
        ] {
            assert!(quote_if_needed(text).starts_with('"'), "{text}");
        }
        for text in ["nginx", "registry.gitlab.com/acme/cart", "v1.2.3", "http"] {
            assert_eq!(quote_if_needed(text), text);
        }
    }
}
