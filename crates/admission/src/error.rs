//! The errors of admission decisions.

use gg_diagnostic::Diagnostic;

/// Why a body, a mode name or a platform cannot be used. Messages name
/// positions, never the offending text (a review may carry secret data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdmissionError {
    /// Not JSON at all.
    #[error("the body is not valid JSON (line {line}, column {column})")]
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// Nested deeper than `limit` arrays and objects.
    #[error(
        "the body nests arrays and objects deeper than {limit} levels (line {line}, column {column})"
    )]
    TooDeep {
        /// The deepest nesting accepted.
        limit: usize,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// JSON, but not shaped like what was expected (an AdmissionReview).
    #[error("the body is not {expected} (line {line}, column {column})")]
    Shape {
        /// What the body should have been.
        expected: &'static str,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// An AdmissionReview of another API version.
    #[error("expected apiVersion admission.k8s.io/v1 and kind AdmissionReview, got `{0}`")]
    Version(String),
    /// An AdmissionReview without a request.
    #[error("the AdmissionReview has no request")]
    NoRequest,
    /// A mode name that is none of `enforce`, `warn`, `audit`.
    #[error("unknown mode `{0}` (expected enforce, warn or audit)")]
    UnknownMode(String),
    /// The platform configuration loaded with errors: judging with it would
    /// judge with wrong facts.
    #[error("the platform configuration has {} error(s): {}", .0.len(), listed(.0))]
    Platform(Vec<Diagnostic>),
}

/// Most load errors the message of [`AdmissionError::Platform`] lists.
const MAX_LISTED: usize = 5;

/// The first errors as `file:line:column: [rule] message`, then how many more.
fn listed(errors: &[Diagnostic]) -> String {
    let mut text: Vec<String> = errors
        .iter()
        .take(MAX_LISTED)
        .map(|error| format!("{}: [{}] {}", error.location, error.rule, error.message))
        .collect();
    if let Some(more) = errors.len().checked_sub(MAX_LISTED).filter(|n| *n > 0) {
        text.push(format!("and {more} more"));
    }
    text.join("; ")
}
