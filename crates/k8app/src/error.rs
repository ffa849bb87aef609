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
    /// The chart version predates the oldest modelled release.
    #[error(
        "k8app {0} is older than {oldest}, the oldest release gitops-guard models (supported: {range})",
        oldest = ChartVersion::OLDEST,
        range = ChartVersion::supported_range()
    )]
    VersionTooOld(ChartVersion),
    /// The chart version is newer than the newest modelled release.
    #[error(
        "k8app {0} is newer than {newest}, the newest release gitops-guard models (supported: {range})",
        newest = ChartVersion::NEWEST,
        range = ChartVersion::supported_range()
    )]
    VersionTooNew(ChartVersion),
    /// The chart version lies in the modelled range but was never released.
    #[error(
        "k8app {0} is not a k8app release (supported: {range}, every release between them)",
        range = ChartVersion::supported_range()
    )]
    NotARelease(ChartVersion),
    /// Values that still do not fit the typed model after dropping mis-shaped entries.
    #[error("values do not fit the k8app values model: {0}")]
    Model(String),
}

impl K8appError {
    /// The version a version error is about, when the text was a version.
    pub fn version(&self) -> Option<ChartVersion> {
        match self {
            Self::VersionTooOld(version)
            | Self::VersionTooNew(version)
            | Self::NotARelease(version) => Some(*version),
            Self::InvalidVersion(_) | Self::Model(_) => None,
        }
    }

    /// The release a check models for the pin this error is about: the
    /// nearest modelled release below it, the newest when it is no version.
    pub fn nearest_release(&self) -> ChartVersion {
        self.version()
            .map_or(ChartVersion::NEWEST, ChartVersion::nearest_release)
    }
}
