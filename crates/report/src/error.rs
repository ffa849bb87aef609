//! The errors of rendering a report.

/// Why a report could not be produced or written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The format name is not one of `human`, `json`, `sarif`, `junit`, `codequality`, `github`.
    #[error(
        "unknown report format `{name}` (expected one of: human, json, sarif, junit, codequality, github)"
    )]
    UnknownFormat {
        /// The name that was asked for.
        name: String,
    },
    /// Serializing a JSON-based format failed.
    #[error("cannot serialize the report as JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing the rendered report failed.
    #[error("cannot write the report: {0}")]
    Io(#[from] std::io::Error),
}
