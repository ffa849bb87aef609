//! What Helm does with a template's output text: split it into documents
//! where a line starts with `---` (its `SplitManifests`), read each as YAML
//! — a key written twice: the last one wins — and read its head (apiVersion,
//! kind, metadata.name and annotations must be strings, or `helm template`
//! fails with "YAML parse error"). A document of comments only is no object.

use serde_json::Value;

use crate::error::RenderError;

/// One document of a template's output, read as data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Manifest {
    /// The template that wrote it.
    pub(crate) template: &'static str,
    /// The document as data.
    pub(crate) object: Value,
    /// How many documents a `---` after text on its line glued into this
    /// one (they are lost: a key written twice, the last one wins).
    pub(crate) joined: usize,
    /// The glued documents that are lost (all but the last one written),
    /// each as `Kind namespace/name`; empty when the glued text cannot be
    /// read apart.
    pub(crate) lost: Vec<String>,
}

/// The documents of `text`, written by `template`.
///
/// # Errors
/// [`RenderError::Yaml`] for a document Helm cannot read.
pub(crate) fn manifests(template: &'static str, text: &str) -> Result<Vec<Manifest>, RenderError> {
    let mut out = Vec::new();
    for doc in split(text) {
        let fail = |detail: String| RenderError::Yaml {
            template: template.to_owned(),
            detail,
        };
        let documents = read_manifest_yaml(doc, template).map_err(|e| fail(e.to_string()))?;
        let Some(first) = documents.first() else {
            continue;
        };
        let object = first.root.to_json();
        if object.is_null() {
            continue;
        }
        check_head(&object).map_err(fail)?;
        let joined = glued_separators(doc);
        out.push(Manifest {
            template,
            object,
            joined,
            lost: if joined > 0 {
                lost_documents(doc)
            } else {
                Vec::new()
            },
        });
    }
    Ok(out)
}

/// The YAML documents of `text` as go-yaml v2 (Helm's, ArgoCD's) reads
/// them: a key written twice, the last one wins; a `#` straight after a
/// quoted scalar or a flow bracket starts a comment (YAML 1.2 wants a space
/// before it, which gg-yaml's parser insists on: the space is added where it
/// stops).
///
/// # Errors
/// What the parser reports otherwise.
pub fn read_manifest_yaml(
    text: &str,
    file: &str,
) -> Result<Vec<gg_yaml::Document>, gg_yaml::YamlError> {
    let limits = gg_yaml::Limits::helm();
    let mut text = std::borrow::Cow::Borrowed(text);
    loop {
        match gg_yaml::load_documents(&text, file, &limits) {
            Err(error) if error.message.contains("comments must be separated") => {
                let at = error.pos.offset;
                if text.as_bytes().get(at) != Some(&b'#') {
                    return Err(error);
                }
                text.to_mut().insert(at, ' ');
            }
            other => return other,
        }
    }
}

/// Helm's `SplitManifests`: the trimmed text split at every `---` that
/// starts the text or follows a line break not taken by the previous split
/// (regular expression `(?:^|\s*\n)---\s*`), each part trimmed, empty
/// parts dropped.
pub(crate) fn split(text: &str) -> Vec<&str> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut scan = 0;
    while let Some(found) = text.get(scan..).and_then(|rest| rest.find("---")) {
        let at = scan + found;
        let after_break = at > scan && bytes.get(at - 1) == Some(&b'\n');
        if at == 0 || after_break {
            let mut end = at + 3;
            while bytes.get(end).is_some_and(u8::is_ascii_whitespace) {
                end += 1;
            }
            parts.push(text.get(start..at).unwrap_or_default());
            start = end;
            scan = end;
        } else {
            scan = at + 3;
        }
    }
    parts.push(text.get(start..).unwrap_or_default());
    parts
        .into_iter()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect()
}

/// How many `---` separators follow text on their line inside one document
/// (each starts a document that YAML reads into the one before).
fn glued_separators(doc: &str) -> usize {
    doc.lines().filter(|line| glued(line)).count()
}

/// A line whose text ends in a `---` that starts no document.
fn glued(line: &str) -> bool {
    let content = line.trim_end();
    content.ends_with("---") && content.trim_start() != "---" && !content.starts_with('#')
}

/// The documents a glued group loses, read with each glued `---` moved to
/// a line of its own: every one but the last, as `Kind namespace/name`.
fn lost_documents(doc: &str) -> Vec<String> {
    let separated: String = doc
        .lines()
        .map(|line| match line.trim_end().strip_suffix("---") {
            Some(text) if glued(line) => format!("{text}\n---\n"),
            _ => format!("{line}\n"),
        })
        .collect();
    let Ok(documents) = read_manifest_yaml(&separated, "") else {
        return Vec::new();
    };
    let mut heads: Vec<String> = documents.iter().map(|d| head(&d.root.to_json())).collect();
    heads.pop();
    heads
}

/// `Kind namespace/name` of a document (`Kind name` without a namespace).
pub(crate) fn head(object: &Value) -> String {
    let text = |pointer: &str| {
        object
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    let (kind, name) = (text("/kind"), text("/metadata/name"));
    match text("/metadata/namespace") {
        "" => format!("{kind} {name}"),
        namespace => format!("{kind} {namespace}/{name}"),
    }
}

/// What `helm template` requires of a document's head: `SimpleHead` read
/// through sigs.k8s.io/yaml, which turns a scalar into the string a field
/// wants but cannot turn a list or a map into one.
fn check_head(object: &Value) -> Result<(), String> {
    let Some(map) = object.as_object() else {
        return Err(format!(
            "error unmarshaling JSON: a document must be a mapping, found {object}"
        ));
    };
    let string = |value: Option<&Value>, field: &str| match value {
        Some(other @ (Value::Array(_) | Value::Object(_))) => Err(format!(
            "error unmarshaling JSON: json: cannot unmarshal {} into Go struct field {field} of type string",
            json_type(other)
        )),
        _ => Ok(()),
    };
    string(map.get("apiVersion"), "SimpleHead.apiVersion")?;
    string(map.get("kind"), "SimpleHead.kind")?;
    match map.get("metadata") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(meta)) => {
            string(meta.get("name"), "SimpleHead.metadata.name")?;
            match meta.get("annotations") {
                None | Some(Value::Null) => Ok(()),
                Some(Value::Object(annotations)) => annotations
                    .values()
                    .try_for_each(|v| string(Some(v), "SimpleHead.metadata.annotations")),
                Some(other) => Err(format!(
                    "error unmarshaling JSON: json: cannot unmarshal {} into Go struct field .metadata.annotations of type map[string]string",
                    json_type(other)
                )),
            }
        }
        Some(other) => Err(format!(
            "error unmarshaling JSON: json: cannot unmarshal {} into Go struct field SimpleHead.metadata of type struct",
            json_type(other)
        )),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_where_helm_splits() {
        assert_eq!(split("---\na: 1\n---\nb: 2\n"), ["a: 1", "b: 2"]);
        assert_eq!(split("a: x---\nb: 2"), ["a: x---\nb: 2"]);
        assert_eq!(split("a: 1\n---\n---\nb: 2"), ["a: 1", "---\nb: 2"]);
        assert_eq!(split("  \n---\n# only\n"), ["# only"]);
        assert_eq!(split(""), Vec::<&str>::new());
    }

    #[test]
    fn glued_documents_read_as_the_last_one() {
        let text =
            "---\nkind: A\nmetadata:\n  name: first---\nkind: B\nmetadata:\n  name: second\n";
        let docs = manifests("c/templates/x.yaml", text).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].object["kind"], "B");
        assert_eq!(docs[0].joined, 1);
        assert_eq!(docs[0].lost, ["A first"]);
        let text = "kind: A\nmetadata:\n  name: a\n  namespace: ns---\nkind: B\nmetadata:\n  name: b---\nkind: C\n";
        let docs = manifests("c/templates/x.yaml", text).unwrap();
        assert_eq!(docs[0].lost, ["A ns/a", "B b"]);
    }

    #[test]
    fn a_comment_straight_after_a_quoted_scalar_is_a_comment() {
        let docs = read_manifest_yaml("a: \"x\"# note\nb: [1]# more\n", "t").unwrap();
        assert_eq!(
            docs[0].root.to_json(),
            serde_json::json!({"a": "x", "b": [1]})
        );
        let docs = read_manifest_yaml("a: x# not a comment\n", "t").unwrap();
        assert_eq!(
            docs[0].root.to_json(),
            serde_json::json!({"a": "x# not a comment"})
        );
    }

    #[test]
    fn comments_only_are_no_object_and_bad_heads_fail() {
        assert!(manifests("t", "# WARNING\n").unwrap().is_empty());
        assert!(manifests("t", "kind: A\nmetadata:\n  name: 12\n").is_ok());
        let error = manifests("t", "kind: A\nmetadata:\n  name: [a]\n").unwrap_err();
        assert!(error.to_string().contains("metadata.name"), "{error}");
        assert!(manifests("t", "just text").is_err());
    }
}
