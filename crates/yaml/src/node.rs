//! The document tree: nodes with their source spans.

use serde::Serialize;

/// A position in a source file: 1-based line and column (columns count Unicode
/// scalar values, as editors do), plus the 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column number, in characters.
    pub column: u32,
    /// 0-based byte offset into the source text.
    pub offset: usize,
}

/// The source range a node was read from: `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First character of the node.
    pub start: Pos,
    /// Just past the last character of the node.
    pub end: Pos,
}

/// How a scalar was written in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScalarStyle {
    /// `value`
    Plain,
    /// `'value'`
    SingleQuoted,
    /// `"value"`
    DoubleQuoted,
    /// `|` block
    Literal,
    /// `>` block
    Folded,
}

/// A place where Helm (go-yaml, YAML 1.1, values held as JSON) reads a scalar
/// differently from what its author most likely meant or from YAML 1.2.
/// The loader follows Helm and records the fact so a rule can warn.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ScalarQuirk {
    /// `yes`/`no`/`on`/`off`/`y`/`n` (any case): a YAML 1.1 boolean in Helm.
    Yaml11Bool,
    /// `0755`-style plain scalar: a YAML 1.1 octal integer in Helm.
    Octal,
    /// `0x1F`-style plain scalar: a hexadecimal integer in Helm.
    Hex,
    /// A plain scalar that Helm reads as a number although it looks like an
    /// identifier (an all-digit image tag, `1e5`, a version like `1.10`).
    /// `rendered` is how Helm's templates print it back (`2.150123e+06`, `1.1`).
    NumberFromString {
        /// What the value becomes when a template prints it.
        rendered: String,
    },
    /// An integer too large for an exact float64 (Helm holds numbers as float64).
    PrecisionLoss,
}

/// The value of a node.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum NodeKind {
    /// `null`, `~` or an empty value.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits `i64`.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    String(String),
    /// A sequence, in source order.
    Seq(Vec<Node>),
    /// A mapping with string keys, in source order.
    Map(Mapping),
}

/// A node of a loaded document: its value, where it was read from, how a scalar
/// was written, and any Helm reading quirk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The value.
    pub kind: NodeKind,
    /// Where the node was read from.
    pub span: Span,
    /// The scalar style, for scalars; `None` for collections.
    pub style: Option<ScalarStyle>,
    /// Set when Helm reads this scalar in a surprising way.
    pub quirk: Option<ScalarQuirk>,
}

/// A mapping entry key: the key text and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Key {
    /// The key as a string.
    pub name: String,
    /// Where the key was written.
    pub span: Span,
}

/// A mapping with unique string keys in source order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Mapping {
    /// Entries in source order; keys are unique.
    pub entries: Vec<(Key, Node)>,
}

impl Mapping {
    /// The value stored under `key`, if any.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }

    /// The key and value stored under `key`, if any.
    pub fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, v)| (k, v))
    }
}

impl Node {
    /// Follows a path of mapping keys (`["image", "tag"]`) from this node.
    pub fn get_path(&self, path: &[&str]) -> Option<&Node> {
        path.iter()
            .try_fold(self, |node, key| node.as_map()?.get(key))
    }

    /// The mapping, when this node is one.
    pub fn as_map(&self) -> Option<&Mapping> {
        match &self.kind {
            NodeKind::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The sequence items, when this node is one.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The string, when this node is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }
}

/// Integers up to this magnitude are exact in a float64 (2^53).
const MAX_EXACT_INT: u64 = 1 << 53;

impl Node {
    /// A short name of the node's type for messages (`mapping`, `string`, …).
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) | NodeKind::Float(_) => "a number",
            NodeKind::String(_) => "a string",
            NodeKind::Seq(_) => "a sequence",
            NodeKind::Map(_) => "a mapping",
        }
    }

    /// What `{{ .Values.path }}` prints for this scalar in a Helm template
    /// (numbers are float64 there: `2150123` prints as `2.150123e+06`; null
    /// prints nothing). `None` for collections.
    pub fn helm_text(&self) -> Option<String> {
        match &self.kind {
            NodeKind::Null => Some(String::new()),
            NodeKind::Bool(b) => Some(b.to_string()),
            NodeKind::Int(i) => Some(crate::gofmt::format_float64(crate::scalar::int_to_f64(*i))),
            NodeKind::Float(f) => Some(crate::gofmt::format_float64(*f)),
            NodeKind::String(s) => Some(s.clone()),
            NodeKind::Seq(_) | NodeKind::Map(_) => None,
        }
    }

    /// The value Helm computes for this node, as JSON: integral numbers that a
    /// float64 holds exactly are JSON integers, other numbers JSON floats
    /// (rounded to float64 as Helm does); non-finite floats become `null`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Int(i) if i.unsigned_abs() <= MAX_EXACT_INT => Value::from(*i),
            NodeKind::Int(i) => float_json(crate::scalar::int_to_f64(*i)),
            NodeKind::Float(f) => float_json(*f),
            NodeKind::String(s) => Value::String(s.clone()),
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(map) => Value::Object(
                map.entries
                    .iter()
                    .map(|(key, value)| (key.name.clone(), value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// A float as JSON: an integer when it is integral and exact, else a float.
fn float_json(value: f64) -> serde_json::Value {
    #[allow(clippy::cast_precision_loss)]
    let exact_limit = MAX_EXACT_INT as f64;
    if value.fract() == 0.0 && value.abs() <= exact_limit {
        // Integral and within ±2^53: the conversion is exact.
        #[allow(clippy::cast_possible_truncation)]
        let int = value as i64;
        return serde_json::Value::from(int);
    }
    serde_json::Number::from_f64(value).map_or(serde_json::Value::Null, serde_json::Value::Number)
}
