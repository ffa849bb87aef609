//! The errors of the policy.

/// Why a request cannot be judged or settings cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A setting is missing, of the wrong type or unusable.
    #[error("settings `{field}`: {reason}")]
    Setting {
        /// The field, as a dotted path (`platform.base`).
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The settings are not an object, or have a field the policy does not know.
    #[error("settings: {0}")]
    Settings(String),
    /// The request payload does not decode.
    #[error(transparent)]
    Request(#[from] gg_admission::AdmissionError),
}
