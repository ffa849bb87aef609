//! Span-aware YAML loading with Helm (go-yaml) scalar semantics, hostile-input
//! limits and precise errors.
//!
//! Every node of a loaded document carries the [`Span`] it was read from, so a
//! finding about a merged value can point at the line and column a developer edits.
#![forbid(unsafe_code)]

mod node;

pub use node::{Key, Mapping, Node, NodeKind, Pos, ScalarQuirk, ScalarStyle, Span};
