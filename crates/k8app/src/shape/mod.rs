//! Shape checks of a span-aware values tree against the generated JSON Schema.
//!
//! The walker interprets the subset of JSON Schema that [`crate::values_schema`]
//! produces, so the schema stays the single description of the values' shape.
//! Each version's schema is generated and compiled once per process.

mod compiled;
mod hints;
mod json_tree;
mod lenient;
mod walker;

use std::fmt;
use std::sync::Arc;

use gg_yaml::{Node, Span, ValuePath};

use compiled::CompiledSchema;

pub use json_tree::node_from_json;

use crate::per_version::PerVersion;
use crate::schema::values_schema;
use crate::version::ChartVersion;

/// What is wrong with a value's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeIssueKind {
    /// A key k8app does not read (the span is the key's).
    UnknownKey {
        /// A sibling key that was most likely meant.
        suggestion: Option<String>,
        /// Specific help for keys known to be used by mistake.
        hint: Option<&'static str>,
    },
    /// A value of the wrong type (the span is the value's).
    TypeMismatch {
        /// What the schema allows, e.g. `a string`.
        expected: String,
        /// What was found, e.g. `an integer (20240101)`.
        found: String,
        /// Specific help, e.g. to quote a number meant as a string.
        hint: Option<&'static str>,
    },
}

/// A shape problem at one place of a values tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeIssue {
    /// What is wrong.
    pub kind: ShapeIssueKind,
    /// Where in the tree; displays dotted: `hpa.minReplicas`, `imagePullSecrets[0]`,
    /// `service.annotations["prometheus.io/scrape"]`.
    pub path: ValuePath,
    /// Where to point: the key for unknown keys, the value for type mismatches.
    pub span: Span,
}

impl ShapeIssue {
    /// A one-line description, e.g. "unknown key `replicaCount` (did you mean `replicas`?)".
    pub fn message(&self) -> String {
        match &self.kind {
            ShapeIssueKind::UnknownKey { suggestion, .. } => {
                let mut text = format!("k8app does not read `{}`", self.path);
                if let Some(suggestion) = suggestion {
                    text.push_str(&format!(" (did you mean `{suggestion}`?)"));
                }
                text
            }
            ShapeIssueKind::TypeMismatch {
                expected, found, ..
            } => format!("`{}` should be {expected}, found {found}", self.path),
        }
    }

    /// The specific hint, if any.
    pub fn hint(&self) -> Option<&'static str> {
        match &self.kind {
            ShapeIssueKind::UnknownKey { hint, .. } | ShapeIssueKind::TypeMismatch { hint, .. } => {
                *hint
            }
        }
    }
}

impl fmt::Display for ShapeIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// Checks values trees against the schema of one chart version (build once,
/// check many; clones share the compiled schema).
#[derive(Debug, Clone)]
pub struct ShapeChecker {
    schema: Arc<CompiledSchema>,
}

/// The compiled schema of the versions asked for so far.
static COMPILED: PerVersion<CompiledSchema> = PerVersion::new();

/// The compiled shape of the typed model (every key of every release).
fn compiled_model_schema() -> Arc<CompiledSchema> {
    static MODEL: std::sync::OnceLock<Arc<CompiledSchema>> = std::sync::OnceLock::new();
    Arc::clone(
        MODEL.get_or_init(|| Arc::new(CompiledSchema::new(&crate::schema::all_keys_schema()))),
    )
}

/// The compiled schema of `version`, generated on first use.
fn compiled_schema(version: ChartVersion) -> Arc<CompiledSchema> {
    COMPILED.get_or_make(version, || CompiledSchema::new(&values_schema(version)))
}

impl ShapeChecker {
    /// A checker for one chart version.
    pub fn new(version: ChartVersion) -> Self {
        ShapeChecker {
            schema: compiled_schema(version),
        }
    }

    /// A checker that accepts every key some modelled release reads, for
    /// values whose chart release is not known: a key one release dropped is
    /// no finding when the release deployed is a guess.
    pub fn any_release() -> Self {
        ShapeChecker {
            schema: compiled_model_schema(),
        }
    }

    /// All shape issues of a values tree, in document order.
    pub fn check(&self, node: &Node) -> Vec<ShapeIssue> {
        walker::Walker::new(&self.schema).check(node)
    }
}

/// Shape issues of one values tree (a file or merged values) for a chart version.
pub fn check_shape(node: &Node, version: ChartVersion) -> Vec<ShapeIssue> {
    ShapeChecker::new(version).check(node)
}
