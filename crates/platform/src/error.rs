//! The crate's error type: failures of a [`crate::FileSource`] and settings
//! that do not parse.

/// Why a [`crate::FileSource`] could not list or read a file, or a setting
/// could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlatformError {
    /// The path does not exist in the source.
    #[error("{path}: no such file or directory")]
    NotFound {
        /// The path that was asked for.
        path: String,
    },
    /// The source failed while reading or listing the path.
    #[error("{path}: {message}")]
    Read {
        /// The path that was asked for.
        path: String,
        /// What went wrong, as the source reported it.
        message: String,
    },
    /// The text is not a Kubernetes version.
    #[error(
        "`{0}` is not a Kubernetes version: expected MAJOR.MINOR as `kubectl version` prints it, e.g. `1.34`"
    )]
    InvalidKubeVersion(String),
}
