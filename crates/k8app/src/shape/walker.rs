//! Walks a [`Node`] tree against a [`CompiledSchema`] and reports unknown keys
//! and values of the wrong type.

use gg_yaml::{Node, NodeKind, PathSegment, ValuePath};

use super::compiled::{Additional, CompiledSchema, ShapeId};
use super::hints::{did_you_mean, known_hint, quote_hint};
use super::{ShapeIssue, ShapeIssueKind};

/// The longest scalar text quoted in a `found` description.
const MAX_FOUND_CHARS: usize = 40;

/// Walks a tree against one compiled schema.
pub(crate) struct Walker<'s> {
    schema: &'s CompiledSchema,
}

impl<'s> Walker<'s> {
    pub(crate) fn new(schema: &'s CompiledSchema) -> Self {
        Walker { schema }
    }

    pub(crate) fn check(&self, node: &Node) -> Vec<ShapeIssue> {
        let mut issues = Vec::new();
        self.walk(self.schema.root(), node, &mut Vec::new(), &mut issues);
        issues
    }

    fn walk(
        &self,
        id: ShapeId,
        node: &Node,
        path: &mut Vec<PathSegment>,
        out: &mut Vec<ShapeIssue>,
    ) {
        let shape = self.schema.shape(id);
        if shape.any {
            return;
        }
        if let Some(branches) = &shape.alternatives {
            match branches
                .iter()
                .find(|branch| self.schema.accepts_shallow(**branch, node))
            {
                Some(branch) => self.walk(*branch, node, path, out),
                None => out.push(mismatch(&shape.expected, node, path)),
            }
            return;
        }
        if !self.schema.accepts_shallow(id, node) {
            out.push(mismatch(&shape.expected, node, path));
            return;
        }
        match &node.kind {
            NodeKind::Map(mapping) => {
                for (key, value) in &mapping.entries {
                    let child = match shape.property(&key.name) {
                        Some(property) => Some(property),
                        None => match shape.additional {
                            Additional::Unchecked => None,
                            Additional::Shape(additional) => Some(additional),
                            Additional::Forbidden => {
                                path.push(PathSegment::Key(key.name.clone()));
                                out.push(self.unknown_key(id, path, key.span));
                                path.pop();
                                None
                            }
                        },
                    };
                    if let Some(child) = child {
                        path.push(PathSegment::Key(key.name.clone()));
                        self.walk(child, value, path, out);
                        path.pop();
                    }
                }
            }
            NodeKind::Seq(items) => {
                if let Some(item_shape) = shape.items {
                    for (index, item) in items.iter().enumerate() {
                        path.push(PathSegment::Index(index));
                        self.walk(item_shape, item, path, out);
                        path.pop();
                    }
                }
            }
            _ => {}
        }
    }

    fn unknown_key(&self, id: ShapeId, path: &[PathSegment], span: gg_yaml::Span) -> ShapeIssue {
        let shape = self.schema.shape(id);
        let key = match path.last() {
            Some(PathSegment::Key(key)) => key.as_str(),
            _ => "",
        };
        let (suggestion, hint) = if let Some(known) = known_hint(path, true) {
            (known.suggestion.map(str::to_owned), Some(known.hint))
        } else if let Some(feature) = shape.later_feature(key) {
            (None, Some(feature.needs_newer_chart_hint()))
        } else {
            let siblings: Vec<&str> = shape.properties.iter().map(|(k, _)| k.as_str()).collect();
            (did_you_mean(key, &siblings).map(str::to_owned), None)
        };
        ShapeIssue {
            kind: ShapeIssueKind::UnknownKey { suggestion, hint },
            path: ValuePath(path.to_vec()),
            span,
        }
    }
}

fn mismatch(expected: &[String], node: &Node, path: &[PathSegment]) -> ShapeIssue {
    let wants_string = expected.iter().any(|e| e == "a string");
    let mut expected_text: Vec<&str> = expected
        .iter()
        .map(String::as_str)
        .filter(|e| *e != "null")
        .collect();
    if expected_text.is_empty() {
        expected_text = expected.iter().map(String::as_str).collect();
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
