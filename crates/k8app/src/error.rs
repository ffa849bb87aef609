//! The error type of this crate.

use crate::version::ChartVersion;

/// Everything that can go wrong in the k8app values model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum K8appError {
    /// The text is not a chart version.
    #[error(
        "`{0}` is not a k8app chart version: expected MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. `{newest}`",
        newest = ChartVersion::NEWEST
    )]
    InvalidVersion(String),
    /// The chart version predates the secrets model modelled here.
    #[error(
        "k8app {0} is older than 3.4.0, the oldest chart version gitops-guard models (3.4.0-3.8.x)"
    )]
    VersionTooOld(ChartVersion),
    /// The chart version uses the 3.9.0+ secrets model.
    #[error(
        "k8app {0} uses the newer secrets model of 3.9.0+ (explicit paths, one VaultStaticSecret and Secret per path, envFrom), which gitops-guard does not render; supported: 3.4.0-3.8.x"
    )]
    NewerSecretsModel(ChartVersion),
    /// Values that still do not fit the typed model after dropping mis-shaped entries.
    #[error("values do not fit the k8app values model: {0}")]
    Model(String),
}
