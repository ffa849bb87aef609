//! Turning spans of loaded and merged values into diagnostic locations.

use gg_yaml::{MergedNode, Node, Origin, Span};

use gg_diagnostic::Location;

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
pub fn origin_location(origin: &Origin) -> Location {
    span_location(&origin.file, origin.span)
}

/// Where a merged value came from.
pub fn merged_location(node: &MergedNode) -> Location {
    origin_location(&node.provenance.origin)
}
