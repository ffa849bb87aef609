//! Where values were written, as finding locations: spans of loaded files
//! and the provenance of merged values.

use gg_diagnostic::Location;
use gg_yaml::{MergedNode, Node, Origin, Span};

/// The location of `span` in `file`.
pub fn span_location(file: &str, span: Span) -> Location {
    Location::span(
        file,
        span.start.line,
        span.start.column,
        span.end.line,
        span.end.column,
    )
    .normalized()
}

/// Where a node of a loaded file was written.
pub fn node_location(file: &str, node: &Node) -> Location {
    span_location(file, node.span)
}

/// Where the value that won the merge was written.
pub fn merged_location(node: &MergedNode) -> Location {
    span_location(&node.provenance.origin.file, node.provenance.origin.span)
}

/// Where the key of a merged entry was written in the file of `origin`
/// (its value when no key span is known).
pub fn key_location(origin: &Origin) -> Location {
    span_location(&origin.file, origin.key_span.unwrap_or(origin.span))
}
