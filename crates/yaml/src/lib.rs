//! Span-aware YAML loading with Helm (go-yaml) scalar semantics, hostile-input
//! limits and precise errors, and Helm's merge of value layers with provenance.
//!
//! Every node of a loaded document carries the [`Span`] it was read from, so a
//! finding about a merged value can point at the line and column a developer edits.
//!
//! ```
//! use gg_yaml::{Limits, load_values};
//!
//! let doc = load_values("image:\n  tag: 2150123\n", "dev.yaml", &Limits::default())?;
//! let tag = doc.root.get_path(&["image", "tag"]).map(|n| n.helm_text());
//! assert_eq!(tag, Some(Some("2.150123e+06".to_owned())));
//! # Ok::<(), gg_yaml::YamlError>(())
//! ```
#![forbid(unsafe_code)]

mod annotate;
mod error;
mod gofmt;
mod limits;
mod load;
mod merge;
mod node;
mod placeholder;
mod position;
mod scalar;
mod truthy;

pub use annotate::annotated_yaml;
pub use error::{ErrorKind, YamlError};
pub use gofmt::format_float64;
pub use limits::Limits;
pub use load::{Document, Note, NoteKind, decode_text, load_bytes, load_documents, load_values};
pub use merge::{
    Deletion, Layer, LayerKind, Leaf, Merged, MergedNode, MergedValue, Origin, PathSegment,
    PreparedChart, Provenance, ValuePath, merge_layers, merge_layers_with,
};
pub use node::{Key, Mapping, Node, NodeKind, Pos, ScalarQuirk, ScalarStyle, Span};
pub use placeholder::find_placeholders;
pub use truthy::truthy;
