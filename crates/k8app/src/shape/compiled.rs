//! The generated schema compiled once into shapes the walker reads without
//! looking anything up by name: `$ref`s resolved to indices, `type` to a bit
//! set, `properties` to a sorted table, and the "expected …" phrase of a
//! type mismatch worked out in advance.
//!
//! The compiled subset is the one [`crate::values_schema`] produces: `$ref` /
//! `$defs`, `type` (a name or a list), `const`, `enum`, `anyOf` / `oneOf`,
//! `properties`, `additionalProperties`, `items` and the `x-k8app-later` table.

use std::collections::HashMap;

use gg_yaml::{Node, NodeKind};
use serde_json::{Map, Value};

use crate::Feature;
use crate::schema::{LATER_KEYWORD, resolve_ref};

/// How many `$ref`s may be followed in a row (guards against reference cycles).
const MAX_REF_HOPS: usize = 16;

/// The index of a shape in its [`CompiledSchema`].
pub(crate) type ShapeId = usize;

/// The shape that accepts anything (`true`, or a reference that leads nowhere).
const ANY: ShapeId = 0;

/// A schema compiled for walking.
#[derive(Debug, Clone)]
pub(crate) struct CompiledSchema {
    shapes: Vec<Shape>,
    root: ShapeId,
}

/// One schema object.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shape {
    /// `anyOf` / `oneOf` branches (the other keywords are then ignored).
    pub(crate) alternatives: Option<Vec<ShapeId>>,
    /// The allowed [`TypeSet`] bits; `None` without a `type` keyword.
    pub(crate) types: Option<u8>,
    /// `const`.
    pub(crate) constant: Option<Value>,
    /// `enum`.
    pub(crate) enumeration: Option<Vec<Value>>,
    /// `properties`, sorted by key.
    pub(crate) properties: Vec<(String, ShapeId)>,
    /// `additionalProperties`.
    pub(crate) additional: Additional,
    /// `items`.
    pub(crate) items: Option<ShapeId>,
    /// Keys that a later chart version reads, with the feature that adds them.
    pub(crate) later: Vec<(String, Feature)>,
    /// What the shape allows, as phrases (`a string`, `one of: a, b`).
    pub(crate) expected: Vec<String>,
    /// Whether anything goes (the shape of `true`).
    pub(crate) any: bool,
}

/// What a mapping's keys outside `properties` may be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Additional {
    /// No `additionalProperties`: not looked at.
    #[default]
    Unchecked,
    /// `additionalProperties: false`: an unknown key.
    Forbidden,
    /// Checked against a shape.
    Shape(ShapeId),
}

/// Bits of the JSON Schema type names.
struct TypeSet;

impl TypeSet {
    fn bit(name: &str) -> u8 {
        match name {
            "null" => 1,
            "boolean" => 1 << 1,
            "integer" => 1 << 2,
            "number" => 1 << 3,
            "string" => 1 << 4,
            "array" => 1 << 5,
            "object" => 1 << 6,
            _ => 0,
        }
    }

    /// The bits a node satisfies (an integer is also a number).
    fn of(node: &Node) -> u8 {
        match node.kind {
            NodeKind::Null => 1,
            NodeKind::Bool(_) => 1 << 1,
            NodeKind::Int(_) => (1 << 2) | (1 << 3),
            NodeKind::Float(_) => 1 << 3,
            NodeKind::String(_) => 1 << 4,
            NodeKind::Seq(_) => 1 << 5,
            NodeKind::Map(_) => 1 << 6,
        }
    }
}

impl CompiledSchema {
    /// Compiles a schema produced by [`crate::values_schema`].
    pub(crate) fn new(root: &Value) -> Self {
        let mut compiler = Compiler {
            root,
            shapes: vec![Shape {
                any: true,
                ..Shape::default()
            }],
            by_target: HashMap::new(),
        };
        let root_id = compiler.compile(root);
        CompiledSchema {
            shapes: compiler.shapes,
            root: root_id,
        }
    }

    /// The root shape.
    pub(crate) fn root(&self) -> ShapeId {
        self.root
    }

    /// The shape with id `id` (anything goes for an unknown id).
    pub(crate) fn shape(&self, id: ShapeId) -> &Shape {
        self.shapes.get(id).unwrap_or(&ANY_SHAPE)
    }

    /// Whether `node` passes the shape's own `type` / `const` / `enum` (or
    /// those of one of its alternatives), without looking inside collections.
    pub(crate) fn accepts_shallow(&self, id: ShapeId, node: &Node) -> bool {
        let shape = self.shape(id);
        if shape.any {
            return true;
        }
        if let Some(branches) = &shape.alternatives {
            return branches
                .iter()
                .any(|branch| self.accepts_shallow(*branch, node));
        }
        shape.types.is_none_or(|bits| bits & TypeSet::of(node) != 0)
            && shape
                .constant
                .as_ref()
                .is_none_or(|expected| scalar_equals(expected, node))
            && shape
                .enumeration
                .as_ref()
                .is_none_or(|values| values.iter().any(|expected| scalar_equals(expected, node)))
    }
}

/// The shape of `true`, for ids that do not exist.
static ANY_SHAPE: Shape = Shape {
    alternatives: None,
    types: None,
    constant: None,
    enumeration: None,
    properties: Vec::new(),
    additional: Additional::Unchecked,
    items: None,
    later: Vec::new(),
    expected: Vec::new(),
    any: true,
};

impl Shape {
    /// The shape of the property `key`, if the schema names it.
    pub(crate) fn property(&self, key: &str) -> Option<ShapeId> {
        self.properties
            .binary_search_by(|(name, _)| name.as_str().cmp(key))
            .ok()
            .and_then(|index| self.properties.get(index))
            .map(|(_, id)| *id)
    }

    /// The feature of a later chart version that reads `key`.
    pub(crate) fn later_feature(&self, key: &str) -> Option<Feature> {
        self.later
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, feature)| *feature)
    }
}

struct Compiler<'s> {
    root: &'s Value,
    shapes: Vec<Shape>,
    /// Shapes already compiled for a `$ref` target, by the target's address.
    by_target: HashMap<*const Value, ShapeId>,
}

impl<'s> Compiler<'s> {
    /// Follows `$ref`s; `None` when one leads nowhere or they go round.
    fn resolve(&self, mut schema: &'s Value) -> Option<(&'s Value, bool)> {
        let mut referenced = false;
        for _ in 0..MAX_REF_HOPS {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    schema = resolve_ref(self.root, reference)?;
                    referenced = true;
                }
                None => return Some((schema, referenced)),
            }
        }
        None
    }

    fn compile(&mut self, schema: &'s Value) -> ShapeId {
        let Some((target, referenced)) = self.resolve(schema) else {
            return ANY;
        };
        let Value::Object(object) = target else {
            return ANY; // `true`; `false` is never generated.
        };
        let key: *const Value = target;
        if referenced && let Some(id) = self.by_target.get(&key) {
            return *id;
        }
        let id = self.shapes.len();
        self.shapes.push(Shape::default());
        if referenced {
            self.by_target.insert(key, id);
        }
        let shape = self.compile_object(object);
        if let Some(slot) = self.shapes.get_mut(id) {
            *slot = shape;
        }
        id
    }

    fn compile_object(&mut self, object: &'s Map<String, Value>) -> Shape {
        let mut expected = Vec::new();
        self.describe(object, &mut expected);
        let alternatives = object
            .get("anyOf")
            .or_else(|| object.get("oneOf"))
            .and_then(Value::as_array)
            .map(|branches| branches.iter().map(|b| self.compile(b)).collect());
        let types = match object.get("type") {
            Some(Value::String(name)) => Some(TypeSet::bit(name)),
            Some(Value::Array(names)) => Some(
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .fold(0, |bits, name| bits | TypeSet::bit(name)),
            ),
            _ => None,
        };
        let mut properties: Vec<(String, ShapeId)> = object
            .get("properties")
            .and_then(Value::as_object)
            .map(|properties| {
                properties
                    .iter()
                    .map(|(key, property)| (key.clone(), self.compile(property)))
                    .collect()
            })
            .unwrap_or_default();
        gg_sort::sort_by(&mut properties, |a, b| a.0.cmp(&b.0));
        let additional = match object.get("additionalProperties") {
            None => Additional::Unchecked,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(schema) => Additional::Shape(self.compile(schema)),
        };
        let later = object
            .get(LATER_KEYWORD)
            .and_then(Value::as_object)
            .map(|later| {
                later
                    .iter()
                    .filter_map(|(key, id)| Some((key.clone(), Feature::from_id(id.as_str()?)?)))
                    .collect()
            })
            .unwrap_or_default();
        Shape {
            alternatives,
            types,
            constant: object.get("const").cloned(),
            enumeration: object.get("enum").and_then(Value::as_array).cloned(),
            properties,
            additional,
            items: object.get("items").map(|items| self.compile(items)),
            later,
            expected,
            any: false,
        }
    }

    /// Collects what a schema object allows, as phrases.
    fn describe(&self, object: &'s Map<String, Value>, out: &mut Vec<String>) {
        let mut push = |phrase: String| {
            if !out.contains(&phrase) {
                out.push(phrase);
            }
        };
        if let Some(branches) = object
            .get("anyOf")
            .or_else(|| object.get("oneOf"))
            .and_then(Value::as_array)
        {
            let resolved: Vec<&Map<String, Value>> = branches
                .iter()
                .filter_map(|b| self.resolve(b))
                .filter_map(|(b, _)| b.as_object())
                .collect();
            let consts: Vec<String> = resolved
                .iter()
                .filter_map(|b| b.get("const"))
                .map(scalar_text)
                .collect();
            if !consts.is_empty() && consts.len() == branches.len() {
                push(format!("one of: {}", consts.join(", ")));
                return;
            }
            for branch in resolved {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::ChartVersion;

    #[test]
    fn references_compile_once_and_properties_are_sorted() {
        let schema = crate::values_schema(ChartVersion::NEWEST);
        let compiled = CompiledSchema::new(&schema);
        let root = compiled.shape(compiled.root());
        assert_eq!(root.additional, Additional::Forbidden);
        let keys: Vec<&str> = root.properties.iter().map(|(k, _)| k.as_str()).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        assert!(root.property("image").is_some());
        assert!(root.property("replicaCount").is_none());
        // Both probes refer to `#/$defs/Probe`: one compiled shape serves both.
        let liveness = root.property("livenessProbe");
        assert!(liveness.is_some());
        assert_eq!(liveness, root.property("readinessProbe"));
        assert_ne!(liveness, Some(ANY));
        let defs = schema
            .get("$defs")
            .and_then(Value::as_object)
            .map_or(0, Map::len);
        assert!(compiled.shapes.len() < 8 * (defs + root.properties.len()));
    }

    #[test]
    fn later_keys_name_their_feature() {
        let compiled = CompiledSchema::new(&crate::values_schema(ChartVersion::new(3, 4, 0)));
        let root = compiled.shape(compiled.root());
        assert!(root.later_feature("httpRoute").is_some());
        assert!(root.later_feature("image").is_none());
    }
}
