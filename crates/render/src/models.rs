//! The typed models rendered objects are read back through, as data: for every
//! kind gitops-guard renders, the fields of each object type and what each
//! field holds (`models.json`). Kubernetes' own kinds come from k8s-openapi's
//! JSON Schemas, custom resources from our typed ones (`crd.rs`); a test regenerates the
//! file from both and holds the read-back to theirs (`models/typed.rs`).
//!
//! Reading a value through its model finds what deserialising it into the
//! typed model would: fields the model does not have (which it would drop),
//! values of the wrong type and missing required fields — all of them, each
//! at its path, where deserialisation stops at the first error.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

#[cfg(test)]
mod typed;

/// The table, as generated.
const MODELS: &str = include_str!("models.json");

/// What a field holds, as written in `models.json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
enum FieldText {
    /// `string`, `int32`, `int64`, `number`, `boolean`, `int32-or-string`,
    /// `number-or-string`, `any`, or `@Type` for an object type.
    Named(String),
    /// `{"list": …}` or `{"map": …}`.
    Nested(BTreeMap<String, FieldText>),
}

/// One object type, as written in `models.json`.
#[derive(Debug, Clone, Deserialize)]
struct TypeText {
    fields: BTreeMap<String, FieldText>,
    #[serde(default)]
    required: Vec<String>,
}

/// `models.json`.
#[derive(Debug, Clone, Deserialize)]
struct ModelsText {
    /// `apiVersion kind` → its type.
    kinds: BTreeMap<String, String>,
    types: BTreeMap<String, TypeText>,
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Field {
    Any,
    String,
    Int32,
    Int64,
    Number,
    Boolean,
    /// A 32-bit integer or a string (`IntOrString`).
    Int32OrString,
    /// A number or a string (`Quantity`).
    NumberOrString,
    /// An object of the type at this index.
    Object(usize),
    List(Box<Field>),
    Map(Box<Field>),
}

/// One object type: its fields, sorted by name, and the required ones.
#[derive(Debug, Clone)]
struct ObjectType {
    fields: Vec<(String, Field)>,
    required: Vec<String>,
}

/// The models of every kind.
#[derive(Debug, Clone, Default)]
pub(crate) struct Models {
    kinds: BTreeMap<String, usize>,
    types: Vec<ObjectType>,
}

/// The models, read once per process.
pub(crate) fn models() -> &'static Models {
    static MODELS_READ: OnceLock<Models> = OnceLock::new();
    MODELS_READ.get_or_init(|| {
        serde_json::from_str::<ModelsText>(MODELS)
            .map(|text| Models::from_text(&text))
            .unwrap_or_default()
    })
}

impl Models {
    fn from_text(text: &ModelsText) -> Self {
        let index: BTreeMap<&str, usize> = gg_sort::btree_map(
            text.types
                .keys()
                .enumerate()
                .map(|(i, name)| (name.as_str(), i)),
        );
        let types = text
            .types
            .values()
            .map(|t| ObjectType {
                fields: t
                    .fields
                    .iter()
                    .map(|(name, field)| (name.clone(), field_of(field, &index)))
                    .collect(),
                required: t.required.clone(),
            })
            .collect();
        let kinds = gg_sort::btree_map(
            text.kinds
                .iter()
                .filter_map(|(kind, name)| Some((kind.clone(), *index.get(name.as_str())?))),
        );
        Models { kinds, types }
    }

    /// Whether there is a model of `kind` of `api_version`.
    pub(crate) fn has(&self, api_version: &str, kind: &str) -> bool {
        self.kinds.contains_key(&format!("{api_version} {kind}"))
    }

    /// What reading `object` as `kind` of `api_version` finds; `None` without a model.
    pub(crate) fn read_back(
        &self,
        api_version: &str,
        kind: &str,
        object: &Value,
    ) -> Option<Vec<String>> {
        let root = *self.kinds.get(&format!("{api_version} {kind}"))?;
        let mut found = Vec::new();
        self.walk(&Field::Object(root), object, &mut String::new(), &mut found);
        Some(found)
    }

    fn walk(&self, field: &Field, value: &Value, path: &mut String, out: &mut Vec<String>) {
        let expected = match (field, value) {
            (Field::Any, _)
            | (Field::String, Value::String(_))
            | (Field::Number, Value::Number(_))
            | (Field::Boolean, Value::Bool(_))
            | (Field::Int32OrString | Field::NumberOrString, Value::String(_))
            | (Field::NumberOrString, Value::Number(_)) => return,
            (Field::Int32 | Field::Int64 | Field::Int32OrString, Value::Number(n)) => {
                let fits = match field {
                    Field::Int64 => n.as_i64().is_some(),
                    _ => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
                };
                if fits {
                    return;
                }
                if n.is_f64() {
                    integer_name(field)
                } else {
                    out.push(at(
                        path,
                        &format!(
                            "invalid value: integer `{n}`, expected {}",
                            integer_name(field)
                        ),
                    ));
                    return;
                }
            }
            (Field::Object(index), Value::Object(map)) => {
                let Some(object) = self.types.get(*index) else {
                    return;
                };
                for (key, child) in map {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    match object
                        .fields
                        .binary_search_by(|(name, _)| name.as_str().cmp(key))
                    {
                        Ok(i) => {
                            if let Some((_, child_field)) = object.fields.get(i) {
                                self.walk(child_field, child, path, out);
                            }
                        }
                        Err(_) => out.push(format!("unknown field `{path}`")),
                    }
                    path.truncate(len);
                }
                for name in &object.required {
                    if !map.contains_key(name) {
                        out.push(at(path, &format!("missing field `{name}`")));
                    }
                }
                return;
            }
            (Field::List(item), Value::Array(items)) => {
                for (i, child) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    self.walk(item, child, path, out);
                    path.truncate(len);
                }
                return;
            }
            (Field::Map(item), Value::Object(map)) => {
                for (key, child) in map {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    self.walk(item, child, path, out);
                    path.truncate(len);
                }
                return;
            }
            (Field::String, _) => "a string",
            (Field::Int32 | Field::Int64, _) => integer_name(field),
            (Field::Number, _) => "f64",
            (Field::Boolean, _) => "a boolean",
            (Field::Int32OrString, _) => "a 32-bit integer or a string",
            (Field::NumberOrString, _) => "a number or a string",
            (Field::Object(_) | Field::Map(_), _) => "a map",
            (Field::List(_), _) => "a sequence",
        };
        out.push(at(
            path,
            &format!("invalid type: {}, expected {expected}", unexpected(value)),
        ));
    }
}

/// `i32`, `i64` or `a 32-bit integer`.
fn integer_name(field: &Field) -> &'static str {
    match field {
        Field::Int64 => "i64",
        Field::Int32OrString => "a 32-bit integer",
        _ => "i32",
    }
}

/// A problem at `path` (none for the object itself).
fn at(path: &str, problem: &str) -> String {
    if path.is_empty() {
        problem.to_owned()
    } else {
        format!("`{path}`: {problem}")
    }
}

/// How a value is named in a type error, as serde names it.
fn unexpected(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_owned(),
        Value::Object(_) => "map".to_owned(),
    }
}

fn field_of(text: &FieldText, index: &BTreeMap<&str, usize>) -> Field {
    match text {
        FieldText::Named(name) => match name.as_str() {
            "string" => Field::String,
            "int32" => Field::Int32,
            "int64" => Field::Int64,
            "number" => Field::Number,
            "boolean" => Field::Boolean,
            "int32-or-string" => Field::Int32OrString,
            "number-or-string" => Field::NumberOrString,
            other => other
                .strip_prefix('@')
                .and_then(|name| index.get(name))
                .map_or(Field::Any, |i| Field::Object(*i)),
        },
        FieldText::Nested(nested) => match (nested.get("list"), nested.get("map")) {
            (Some(item), _) => Field::List(Box::new(field_of(item, index))),
            (_, Some(item)) => Field::Map(Box::new(field_of(item, index))),
            _ => Field::Any,
        },
    }
}
