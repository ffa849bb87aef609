//! Targeted edits of YAML text: the span-aware loader says which bytes hold a
//! value, and only those bytes change.
//!
//! # Why span splicing
//! The two format-preserving YAML editors for Rust were evaluated:
//! `yaml-edit` 0.3 drops the quotes of a value it sets (an all-digit short SHA
//! tag would turn into a number), and `noyalib` 0.0.x keeps them but is too young
//! to rest CI on. Instead the file is read with `gg_yaml`, the same loader the
//! linter uses, which records the exact byte span of every key and value; a new
//! scalar is spliced into the original text at the value's span, and missing keys
//! are inserted after the last line of their parent mapping with the parent's
//! indentation (or inside the braces of a flow mapping). Everything outside those
//! bytes — comments, key order, quoting of other values, blank lines, CRLF line
//! ends, later documents — is left as it was. This is not text substitution: the
//! parser locates the node, and the result is parsed again and checked before
//! it is returned.
//!
//! # Anchors, aliases and merge keys
//! A value reached through an alias (`tag: *sha`), a merge key (`<<: *base`), or
//! an anchored node that an alias uses elsewhere is refused with
//! [`EditError::SharedNode`]: its text lives in one place and is read in several,
//! so splicing would change the other readers too (or not change this one). An
//! anchored node no alias uses is edited normally.

use gg_yaml::{Key, Limits, Node, NodeKind, ScalarStyle, Span, load_documents};

use crate::error::EditError;
use crate::layout::{end_of_line, indent_step, indentation_at, is_flow, line_ending};
use crate::scalar::{Value, double_quoted, reads_back_plain};

/// Sets the value at `path` (mapping keys from the top) in the first document of
/// `text` and returns the new text. Missing keys along the path are created;
/// an existing value must be a scalar (or `null`) and is replaced in place.
///
/// # Errors
/// [`EditError::Yaml`] when `text` does not parse, [`EditError::NotAMapping`] /
/// [`EditError::NotAScalar`] for a path through the wrong kind of node,
/// [`EditError::SharedNode`] for anchors/aliases/merge keys,
/// [`EditError::TaggedNode`] for values with an explicit tag.
pub fn set_value(
    text: &str,
    file: &str,
    path: &[&str],
    value: &Value,
) -> Result<String, EditError> {
    let docs = load_documents(text, file, &Limits::default())?;
    // A text of comments only has no document: edit it as an empty one.
    let empty = Node {
        kind: NodeKind::Null,
        span: Span::default(),
        style: None,
        quirk: None,
    };
    let root = docs.first().map_or(&empty, |doc| &doc.root);
    let edit = Edit {
        text,
        file,
        root,
        nl: line_ending(text),
        step: indent_step(text, root),
    };
    let (start, end, replacement) = edit.plan(path, value, docs.len().max(1))?;
    let mut out = String::with_capacity(text.len() + replacement.len());
    out.push_str(text.get(..start).unwrap_or_default());
    out.push_str(&replacement);
    out.push_str(text.get(end..).unwrap_or_default());
    verify(&out, file, path, value)?;
    Ok(out)
}

/// Sets several values one after another (each edit re-reads the text).
///
/// # Errors
/// As [`set_value`], for the first edit that fails.
pub fn set_values(text: &str, file: &str, edits: &[(&[&str], Value)]) -> Result<String, EditError> {
    edits
        .iter()
        .try_fold(text.to_owned(), |current, (path, value)| {
            set_value(&current, file, path, value)
        })
}

/// One planned edit over a parsed text.
struct Edit<'a> {
    text: &'a str,
    file: &'a str,
    root: &'a Node,
    nl: &'static str,
    step: usize,
}

/// A replacement: bytes `start..end` become the string.
type Splice = (usize, usize, String);

impl Edit<'_> {
    fn plan(&self, path: &[&str], value: &Value, documents: usize) -> Result<Splice, EditError> {
        let mut node = self.root;
        let mut entry: Option<&Key> = None;
        for (depth, key) in path.iter().enumerate() {
            let rest = path.get(depth..).unwrap_or_default();
            let here = dotted(path.get(..depth).unwrap_or_default());
            match &node.kind {
                NodeKind::Map(map) => match map.entry(key) {
                    Some((found, child)) => {
                        self.check_shared(
                            node,
                            found,
                            child,
                            &dotted(path.get(..=depth).unwrap_or_default()),
                        )?;
                        entry = Some(found);
                        node = child;
                    }
                    None => return Ok(self.insert_into_mapping(node, rest, value)),
                },
                NodeKind::Null => {
                    return match entry {
                        Some(parent) => Ok(self.fill_null(parent, node, rest, value)),
                        None if documents == 1 => Ok(self.append_to_empty(rest, value)),
                        None => Err(EditError::EmptyStream {
                            file: self.file.to_owned(),
                        }),
                    };
                }
                _ => {
                    return Err(EditError::NotAMapping {
                        file: self.file.to_owned(),
                        line: node.span.start.line,
                        path: here,
                        found: node.type_name(),
                        key: (*key).to_owned(),
                    });
                }
            }
        }
        self.replace_scalar(entry, node, &dotted(path), value)
    }

    /// Refuses nodes whose text is read in more than one place.
    fn check_shared(
        &self,
        parent: &Node,
        key: &Key,
        node: &Node,
        path: &str,
    ) -> Result<(), EditError> {
        let copies = count_same(self.root, node);
        if copies <= 1 {
            return Ok(());
        }
        let outside_parent = key.span.start < parent.span.start || key.span.end > parent.span.end;
        let how = if outside_parent || node.span.start.offset < key.span.end.offset {
            "is reached through an alias or a merge key (`*anchor`, `<<:`)".to_owned()
        } else {
            format!(
                "is an anchored node used {} more time(s) through aliases",
                copies - 1
            )
        };
        Err(EditError::SharedNode {
            file: self.file.to_owned(),
            line: key.span.start.line,
            path: path.to_owned(),
            how,
        })
    }

    fn replace_scalar(
        &self,
        key: Option<&Key>,
        node: &Node,
        path: &str,
        value: &Value,
    ) -> Result<Splice, EditError> {
        let not_scalar = || EditError::NotAScalar {
            file: self.file.to_owned(),
            line: node.span.start.line,
            path: path.to_owned(),
            found: node.type_name(),
        };
        if matches!(node.kind, NodeKind::Map(_) | NodeKind::Seq(_)) {
            return Err(not_scalar());
        }
        let new_text = value.scalar_text(node.style).ok_or_else(not_scalar)?;
        let Some(key) = key else {
            return Err(not_scalar());
        };
        let (start, end) = (node.span.start.offset, node.span.end.offset);
        if let Some(tag) = self.explicit_tag(key, node) {
            return Err(EditError::TaggedNode {
                file: self.file.to_owned(),
                line: node.span.start.line,
                path: path.to_owned(),
                tag,
            });
        }
        if start == end {
            // `key:` with nothing after it: write the value after the colon.
            let colon = self.colon_after(key);
            return Ok((colon, colon, format!(" {new_text}")));
        }
        let old = self.text.get(start..end).unwrap_or_default();
        let keep_break = matches!(node.style, Some(ScalarStyle::Literal | ScalarStyle::Folded))
            && old.ends_with('\n');
        let replacement = if keep_break {
            format!("{new_text}{}", self.nl)
        } else {
            new_text
        };
        Ok((start, end, replacement))
    }

    /// An explicit tag (`!!int`, `!custom`) written between the key and the value.
    fn explicit_tag(&self, key: &Key, node: &Node) -> Option<String> {
        let gap = self
            .text
            .get(key.span.end.offset..node.span.start.offset)
            .unwrap_or_default();
        let at = gap.find('!')?;
        let tag = gap.get(at..)?.split_whitespace().next()?;
        Some(tag.to_owned())
    }

    /// The byte offset just past the `:` that follows a key.
    fn colon_after(&self, key: &Key) -> usize {
        let from = key.span.end.offset;
        self.text
            .get(from..)
            .and_then(|rest| rest.find(':'))
            .map_or(from, |at| from + at + 1)
    }

    fn insert_into_mapping(&self, map: &Node, rest: &[&str], value: &Value) -> Splice {
        let (key, nested) = nest(rest, value);
        let entries = map
            .as_map()
            .map(|m| m.entries.as_slice())
            .unwrap_or_default();
        if is_flow(self.text, map) {
            let entry = flow_entry(&key, &nested);
            return match entries.last() {
                Some((_, last)) => {
                    let at = last.span.end.offset;
                    (at, at, format!(", {entry}"))
                }
                None => {
                    let at = map.span.start.offset + 1;
                    (at, at, entry)
                }
            };
        }
        let indent = entries
            .first()
            .map(|(first, _)| indentation_at(self.text, first.span.start.offset))
            .unwrap_or_default();
        let block = self.block_entry(&key, &nested, &indent);
        match end_of_line(self.text, map.span.end.offset) {
            Some(at) => (at, at, format!("{block}{}", self.nl)),
            None => {
                let at = self.text.len();
                (at, at, format!("{}{block}{}", self.nl, self.nl))
            }
        }
    }

    /// `key:` / `key: ~` / `key: null` gets a nested mapping.
    fn fill_null(&self, parent: &Key, node: &Node, rest: &[&str], value: &Value) -> Splice {
        let (key, nested) = nest(rest, value);
        let colon = self.colon_after(parent);
        let written = node.span.start.offset < node.span.end.offset;
        let end = if written && node.span.end.offset > colon {
            node.span.end.offset
        } else {
            colon
        };
        let indent = indentation_at(self.text, parent.span.start.offset) + &" ".repeat(self.step);
        let block = self.block_entry(&key, &nested, &indent);
        (colon, end, format!("{}{block}", self.nl))
    }

    /// An empty document (or one of comments only) gets its first entry at the end.
    fn append_to_empty(&self, rest: &[&str], value: &Value) -> Splice {
        let (key, nested) = nest(rest, value);
        let block = self.block_entry(&key, &nested, "");
        let at = self.text.len();
        let lead = if self.text.is_empty() || self.text.ends_with('\n') {
            ""
        } else {
            self.nl
        };
        (at, at, format!("{lead}{block}{}", self.nl))
    }

    /// `key: value` lines at `indent` (nested mappings one step deeper), without
    /// a final line break.
    fn block_entry(&self, key: &str, value: &Value, indent: &str) -> String {
        match value {
            Value::Map(entries) if !entries.is_empty() => {
                let inner = format!("{indent}{}", " ".repeat(self.step));
                let mut out = format!("{indent}{}:", key_text(key));
                for (child, child_value) in entries {
                    out.push_str(self.nl);
                    out.push_str(&self.block_entry(child, child_value, &inner));
                }
                out
            }
            other => format!("{indent}{}", flow_entry(key, other)),
        }
    }
}

/// `["a", "b"]` + value → (`a`, `{b: value}`).
fn nest(rest: &[&str], value: &Value) -> (String, Value) {
    let (first, inner) = rest.split_first().map_or(("", &[][..]), |(f, i)| (*f, i));
    let nested = inner.iter().rev().fold(value.clone(), |acc, key| {
        Value::Map(vec![((*key).to_owned(), acc)])
    });
    (first.to_owned(), nested)
}

/// `key: value` in flow form (`key: {a: 1, b: 2}` for mappings).
fn flow_entry(key: &str, value: &Value) -> String {
    format!("{}: {}", key_text(key), flow_value(value))
}

fn flow_value(value: &Value) -> String {
    match value {
        Value::Map(entries) => {
            let inner: Vec<String> = entries.iter().map(|(k, v)| flow_entry(k, v)).collect();
            format!("{{{}}}", inner.join(", "))
        }
        scalar => scalar.scalar_text(None).unwrap_or_default(),
    }
}

fn key_text(key: &str) -> String {
    if reads_back_plain(key) {
        key.to_owned()
    } else {
        double_quoted(key)
    }
}

fn dotted(path: &[&str]) -> String {
    path.join(".")
}

/// How many nodes of the tree have the same span and kind as `target` (aliases
/// and merge keys copy the anchored node, span included).
fn count_same(tree: &Node, target: &Node) -> usize {
    let same_kind = std::mem::discriminant(&tree.kind) == std::mem::discriminant(&target.kind);
    let here = usize::from(
        same_kind && tree.span == target.span && tree.span.start.offset < tree.span.end.offset,
    );
    let below: usize = match &tree.kind {
        NodeKind::Map(map) => map.entries.iter().map(|(_, v)| count_same(v, target)).sum(),
        NodeKind::Seq(items) => items.iter().map(|v| count_same(v, target)).sum(),
        _ => 0,
    };
    here + below
}

/// Parses the result again and checks the path now holds the value.
fn verify(text: &str, file: &str, path: &[&str], value: &Value) -> Result<(), EditError> {
    let broken = |message: String| EditError::BrokenResult {
        file: file.to_owned(),
        message,
    };
    let docs = load_documents(text, file, &Limits::default()).map_err(|e| broken(e.to_string()))?;
    let node = docs
        .first()
        .and_then(|doc| doc.root.get_path(path))
        .ok_or_else(|| broken(format!("`{}` is missing after the edit", dotted(path))))?;
    let holds = match (value, &node.kind) {
        (Value::Str(want) | Value::QuotedStr(want), NodeKind::String(got)) => want == got,
        (Value::Bool(want), NodeKind::Bool(got)) => want == got,
        (Value::Map(_), NodeKind::Map(_)) => true,
        _ => false,
    };
    if holds {
        Ok(())
    } else {
        Err(broken(format!(
            "`{}` reads back as {}",
            dotted(path),
            node.type_name()
        )))
    }
}
