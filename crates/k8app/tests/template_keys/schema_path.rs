//! Whether a values path read by a template is a key the values schema of a
//! release knows.

use std::fmt;

use serde_json::Value;

use super::references::Segment;

/// Why a path is not known, naming the first key the schema lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unknown {
    /// The object at `at` (dotted) has no property `key`.
    Key { at: String, key: String },
    /// The key exists only in another release (`x-k8app-later`).
    OtherRelease { at: String, key: String },
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Key { at, key } => write!(f, "`{at}` has no key `{key}`"),
            Self::OtherRelease { at, key } => {
                write!(f, "`{at}.{key}` exists only in other releases")
            }
        }
    }
}

/// `None` when the schema accepts reading `path`, else the first key it lacks.
pub(crate) fn unknown_key(schema: &Value, path: &[Segment]) -> Option<Unknown> {
    walk(schema, schema, path, &mut Vec::new())
}

fn walk<'a>(
    root: &'a Value,
    node: &'a Value,
    path: &[Segment],
    at: &mut Vec<String>,
) -> Option<Unknown> {
    let node = dereference(root, node);
    let (segment, rest) = path.split_first()?;
    for keyword in ["anyOf", "oneOf", "allOf"] {
        if let Some(branches) = node.get(keyword).and_then(Value::as_array) {
            let typed: Vec<&Value> = branches
                .iter()
                .filter(|b| dereference(root, b).get("type") != Some(&Value::from("null")))
                .collect();
            let mut first_miss = None;
            for branch in typed {
                match walk(root, branch, path, &mut at.clone()) {
                    None => return None,
                    Some(miss) => first_miss = first_miss.or(Some(miss)),
                }
            }
            return first_miss;
        }
    }
    let child = match segment {
        Segment::Each => node
            .get("items")
            .or_else(|| node.get("additionalProperties").filter(|a| a.is_object())),
        Segment::Key(key) => {
            if let Some(property) = node.get("properties").and_then(|p| p.get(key)) {
                Some(property)
            } else if node.get("x-k8app-later").and_then(|l| l.get(key)).is_some() {
                return Some(Unknown::OtherRelease {
                    at: at.join("."),
                    key: key.clone(),
                });
            } else if node.get("additionalProperties") == Some(&Value::Bool(false)) {
                return Some(Unknown::Key {
                    at: at.join("."),
                    key: key.clone(),
                });
            } else {
                node.get("additionalProperties").filter(|a| a.is_object())
            }
        }
    };
    // A node without a narrower schema (free-form YAML passed through) accepts
    // anything below it.
    let child = child?;
    at.push(match segment {
        Segment::Key(key) => key.clone(),
        Segment::Each => "*".into(),
    });
    walk(root, child, rest, at)
}

/// Follows `$ref: #/$defs/Name` (repeatedly).
fn dereference<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        let Some(name) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        else {
            break;
        };
        match root.get("$defs").and_then(|d| d.get(name)) {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}
