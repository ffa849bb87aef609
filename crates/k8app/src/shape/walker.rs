//! The interpreter of the generated schema's JSON Schema subset over a [`Node`] tree:
//! `$ref`/`$defs`, `type` (a name or a list), `const`, `enum`, `anyOf`/`oneOf`,
//! `properties`, `additionalProperties` and `items`.

use gg_yaml::{Node, NodeKind, PathSegment, ValuePath};
use serde_json::{Map, Value};

use super::hints::{did_you_mean, known_hint, quote_hint};
use super::{ShapeIssue, ShapeIssueKind};
use crate::schema::{LATER_KEYWORD, resolve_ref};
use crate::version::Feature;

/// How many `$ref`s may be followed in a row (guards against reference cycles).
const MAX_REF_HOPS: usize = 16;
/// The longest scalar text quoted in a `found` description.
const MAX_FOUND_CHARS: usize = 40;

/// Walks a tree against one root schema.
pub(crate) struct Walker<'s> {
    root: &'s Value,
}

impl<'s> Walker<'s> {
    pub(crate) fn new(root: &'s Value) -> Self {
        Walker { root }
    }

    pub(crate) fn check(&self, node: &Node) -> Vec<ShapeIssue> {
        let mut issues = Vec::new();
        self.walk(self.root, node, &mut Vec::new(), &mut issues);
        issues
    }

    fn resolve(&self, mut schema: &'s Value) -> &'s Value {
        for _ in 0..MAX_REF_HOPS {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => match resolve_ref(self.root, reference) {
                    Some(target) => schema = target,
                    None => return &Value::Bool(true),
                },
                None => return schema,
            }
        }
        &Value::Bool(true)
    }

    fn walk(
        &self,
        schema: &'s Value,
        node: &Node,
        path: &mut Vec<PathSegment>,
        out: &mut Vec<ShapeIssue>,
    ) {
        let Value::Object(object) = self.resolve(schema) else {
            return; // `true` (anything goes); `false` is never generated.
        };
        if let Some(branches) = alternatives(object) {
            match branches
                .iter()
                .find(|branch| self.accepts_shallow(branch, node))
            {
                Some(branch) => self.walk(branch, node, path, out),
                None => out.push(self.mismatch(schema, node, path)),
            }
            return;
        }
        if !self.accepts_shallow(schema, node) {
            out.push(self.mismatch(schema, node, path));
            return;
        }
        match &node.kind {
            NodeKind::Map(mapping) => {
                for (key, value) in &mapping.entries {
                    path.push(PathSegment::Key(key.name.clone()));
                    match object.get("properties").and_then(|p| p.get(&key.name)) {
                        Some(property) => self.walk(property, value, path, out),
                        None => match object.get("additionalProperties") {
                            Some(Value::Bool(false)) => {
                                out.push(unknown_key(object, path, key.span));
                            }
                            Some(additional) => self.walk(additional, value, path, out),
                            None => {}
                        },
                    }
                    path.pop();
                }
            }
            NodeKind::Seq(items) => {
                if let Some(item_schema) = object.get("items") {
                    for (index, item) in items.iter().enumerate() {
                        path.push(PathSegment::Index(index));
                        self.walk(item_schema, item, path, out);
                        path.pop();
                    }
                }
            }
            _ => {}
        }
    }

    /// Whether `node` passes the schema's own `type`/`const`/`enum` (and those of
    /// one of its alternatives), without looking inside collections.
    fn accepts_shallow(&self, schema: &'s Value, node: &Node) -> bool {
        let object = match self.resolve(schema) {
            Value::Object(object) => object,
            Value::Bool(allowed) => return *allowed,
            _ => return true,
        };
        if let Some(branches) = alternatives(object) {
            return branches
                .iter()
                .any(|branch| self.accepts_shallow(branch, node));
        }
        let type_ok = match object.get("type") {
            Some(Value::String(name)) => type_matches(name, node),
            Some(Value::Array(names)) => names
                .iter()
                .filter_map(Value::as_str)
                .any(|name| type_matches(name, node)),
            _ => true,
        };
        let const_ok = object
            .get("const")
            .is_none_or(|expected| scalar_equals(expected, node));
        let enum_ok = object
            .get("enum")
            .and_then(Value::as_array)
            .is_none_or(|values| values.iter().any(|expected| scalar_equals(expected, node)));
        type_ok && const_ok && enum_ok
    }

    fn mismatch(&self, schema: &'s Value, node: &Node, path: &[PathSegment]) -> ShapeIssue {
        let mut expected = Vec::new();
        self.describe(schema, &mut expected);
        let wants_string = expected.iter().any(|e| e == "a string");
        let mut expected_text: Vec<String> =
            expected.iter().filter(|e| *e != "null").cloned().collect();
        if expected_text.is_empty() {
            expected_text = expected;
        }
        ShapeIssue {
            kind: ShapeIssueKind::TypeMismatch {
                expected: expected_text.join(" or "),
                found: describe_node(node),
                hint: known_hint(path, false)
                    .map(|known| known.hint)
                    .or_else(|| wants_string.then(|| quote_hint(node)).flatten()),
            },
            path: ValuePath(path.to_vec()),
            span: node.span,
        }
    }

    /// Collects what a schema allows, as phrases (`a string`, `one of: a, b`).
    fn describe(&self, schema: &'s Value, out: &mut Vec<String>) {
        let Value::Object(object) = self.resolve(schema) else {
            return;
        };
        let mut push = |phrase: String| {
            if !out.contains(&phrase) {
                out.push(phrase);
            }
        };
        if let Some(branches) = alternatives(object) {
            let consts: Vec<String> = branches
                .iter()
                .filter_map(|b| self.resolve(b).get("const"))
                .map(scalar_text)
                .collect();
            if !consts.is_empty() && consts.len() == branches.len() {
                push(format!("one of: {}", consts.join(", ")));
                return;
            }
            for branch in branches {
                self.describe(branch, out);
            }
            return;
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            let names: Vec<String> = values
                .iter()
                .filter(|v| !v.is_null())
                .map(scalar_text)
                .collect();
            push(format!("one of: {}", names.join(", ")));
            return;
        }
        match object.get("type") {
            Some(Value::String(name)) => push(type_phrase(name).to_owned()),
            Some(Value::Array(names)) => names
                .iter()
                .filter_map(Value::as_str)
                .for_each(|name| push(type_phrase(name).to_owned())),
            _ => {}
        }
    }
}

fn alternatives(object: &Map<String, Value>) -> Option<&Vec<Value>> {
    object
        .get("anyOf")
        .or_else(|| object.get("oneOf"))
        .and_then(Value::as_array)
}

fn unknown_key(
    object: &Map<String, Value>,
    path: &[PathSegment],
    span: gg_yaml::Span,
) -> ShapeIssue {
    let key = match path.last() {
        Some(PathSegment::Key(key)) => key.as_str(),
        _ => "",
    };
    let later = object
        .get(LATER_KEYWORD)
        .and_then(|later| later.get(key))
        .and_then(Value::as_str)
        .and_then(Feature::from_id);
    let (suggestion, hint) = if let Some(feature) = later {
        (None, Some(feature.needs_newer_chart_hint()))
    } else if let Some(known) = known_hint(path, true) {
        (known.suggestion.map(str::to_owned), Some(known.hint))
    } else {
        let siblings = object
            .get("properties")
            .and_then(Value::as_object)
            .map(|properties| properties.keys().map(String::as_str).collect::<Vec<_>>())
            .unwrap_or_default();
        (did_you_mean(key, &siblings).map(str::to_owned), None)
    };
    ShapeIssue {
        kind: ShapeIssueKind::UnknownKey { suggestion, hint },
        path: ValuePath(path.to_vec()),
        span,
    }
}

fn type_matches(name: &str, node: &Node) -> bool {
    matches!(
        (name, &node.kind),
        ("null", NodeKind::Null)
            | ("boolean", NodeKind::Bool(_))
            | ("integer", NodeKind::Int(_))
            | ("number", NodeKind::Int(_) | NodeKind::Float(_))
            | ("string", NodeKind::String(_))
            | ("array", NodeKind::Seq(_))
            | ("object", NodeKind::Map(_))
    )
}

fn scalar_equals(expected: &Value, node: &Node) -> bool {
    match (expected, &node.kind) {
        (Value::Null, NodeKind::Null) => true,
        (Value::Bool(a), NodeKind::Bool(b)) => a == b,
        (Value::String(a), NodeKind::String(b)) => a == b,
        (Value::Number(a), NodeKind::Int(b)) => a.as_i64() == Some(*b),
        (Value::Number(a), NodeKind::Float(b)) => a.as_f64() == Some(*b),
        _ => false,
    }
}

fn type_phrase(name: &str) -> &'static str {
    match name {
        "null" => "null",
        "boolean" => "a boolean",
        "integer" => "an integer",
        "number" => "a number",
        "string" => "a string",
        "array" => "a list",
        "object" => "a mapping",
        _ => "a value",
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn describe_node(node: &Node) -> String {
    match &node.kind {
        NodeKind::Null => "null".to_owned(),
        NodeKind::Seq(_) => "a list".to_owned(),
        NodeKind::Map(_) => "a mapping".to_owned(),
        NodeKind::Bool(b) => format!("a boolean ({b})"),
        NodeKind::Int(i) => format!("an integer ({i})"),
        NodeKind::Float(f) => format!("a number ({f})"),
        NodeKind::String(s) => {
            let short: String = s.chars().take(MAX_FOUND_CHARS).collect();
            let ellipsis = if short.len() < s.len() { "…" } else { "" };
            format!("\"{short}{ellipsis}\"")
        }
    }
}
