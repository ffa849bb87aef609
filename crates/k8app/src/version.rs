//! k8app chart versions and the features each one introduced.
#![warn(clippy::arithmetic_side_effects)]

use std::fmt;
use std::str::FromStr;

use gg_vault::SecretsModel;

use crate::error::K8appError;
use crate::feature::Feature;
use crate::releases;

/// A k8app chart (`app`) version, e.g. `3.8.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChartVersion {
    major: u32,
    minor: u32,
    patch: u32,
}

/// Whether gitops-guard models a chart version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// One of the modelled releases (3.4.0 to the newest).
    Supported,
    /// Older than the oldest modelled release (before the secrets overhaul).
    TooOld,
    /// Newer than the newest modelled release.
    TooNew,
    /// Within the modelled range but not a k8app release (e.g. `3.8.5`).
    NotARelease,
}

impl ChartVersion {
    /// The oldest modelled release.
    pub const OLDEST: ChartVersion = releases::OLDEST.version;
    /// The newest modelled release: the default wherever no version is given.
    pub const NEWEST: ChartVersion = releases::NEWEST.version;

    /// A version from its three numbers.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        ChartVersion {
            major,
            minor,
            patch,
        }
    }

    /// Parses `3.8.0`, `3.8` (patch 0), optionally prefixed by `v` or `app-` (the chart's tag form).
    pub fn parse(text: &str) -> Result<Self, K8appError> {
        let invalid = || K8appError::InvalidVersion(text.to_owned());
        let trimmed = text.trim();
        let bare = trimmed
            .strip_prefix("app-")
            .or_else(|| trimmed.strip_prefix('v'))
            .unwrap_or(trimmed);
        let mut numbers = bare.split('.').map(|part| {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            part.parse::<u32>().map_err(|_| invalid())
        });
        let major = numbers.next().ok_or_else(invalid)??;
        let minor = numbers.next().ok_or_else(invalid)??;
        let patch = numbers.next().transpose()?.unwrap_or(0);
        if numbers.next().is_some() {
            return Err(invalid());
        }
        Ok(ChartVersion::new(major, minor, patch))
    }

    /// Every modelled release, oldest first.
    pub fn releases() -> impl DoubleEndedIterator<Item = ChartVersion> + ExactSizeIterator {
        releases::RELEASES.iter().map(|release| release.version)
    }

    /// Parses a version and rejects those that are not modelled releases with
    /// a precise error naming the supported range.
    pub fn parse_supported(text: &str) -> Result<Self, K8appError> {
        let version = Self::parse(text)?;
        version.ensure_supported()?;
        Ok(version)
    }

    /// Whether this version is modelled.
    pub fn support(self) -> Support {
        if releases::find(self).is_some() {
            Support::Supported
        } else if self < Self::OLDEST {
            Support::TooOld
        } else if self > Self::NEWEST {
            Support::TooNew
        } else {
            Support::NotARelease
        }
    }

    /// `Ok` for a modelled release, else the error explaining why not.
    pub fn ensure_supported(self) -> Result<(), K8appError> {
        match self.support() {
            Support::Supported => Ok(()),
            Support::TooOld => Err(K8appError::VersionTooOld(self)),
            Support::TooNew => Err(K8appError::VersionTooNew(self)),
            Support::NotARelease => Err(K8appError::NotARelease(self)),
        }
    }

    /// The modelled release closest to this version from below: itself when
    /// it is one, the oldest for older versions, the newest for newer ones.
    /// What a check models when a platform pins a version it does not know.
    pub fn nearest_release(self) -> ChartVersion {
        Self::releases()
            .rev()
            .find(|release| *release <= self)
            .unwrap_or(Self::OLDEST)
    }

    /// How this version resolves a `secrets:` value into a Vault path.
    pub fn secrets_model(self) -> SecretsModel {
        if self.has(Feature::SecretsPerPath) {
            SecretsModel::K8app39Plus
        } else {
            SecretsModel::K8app34To38
        }
    }

    /// Whether this version has a feature.
    pub fn has(self, feature: Feature) -> bool {
        feature.in_version(self)
    }

    /// The supported range as text, e.g. `3.4.0 to 3.13.0`.
    pub fn supported_range() -> String {
        format!("{} to {}", Self::OLDEST, Self::NEWEST)
    }

    /// The major number.
    pub fn major(self) -> u32 {
        self.major
    }

    /// The minor number.
    pub fn minor(self) -> u32 {
        self.minor
    }

    /// The patch number.
    pub fn patch(self) -> u32 {
        self.patch
    }
}

impl fmt::Display for ChartVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl FromStr for ChartVersion {
    type Err = K8appError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_short_and_tag_forms() {
        assert_eq!(ChartVersion::parse("3.8.0"), Ok(ChartVersion::new(3, 8, 0)));
        assert_eq!(ChartVersion::parse("3.8"), Ok(ChartVersion::new(3, 8, 0)));
        assert_eq!(
            ChartVersion::parse("app-3.5.2"),
            Ok(ChartVersion::new(3, 5, 2))
        );
        assert_eq!(
            ChartVersion::parse(" v3.6.1 "),
            Ok(ChartVersion::new(3, 6, 1))
        );
    }

    #[test]
    fn rejects_malformed_versions() {
        for bad in [
            "",
            "3",
            "3.",
            "3.8.0.1",
            "3.x",
            "3.-1",
            "three.eight",
            "3.8.0-rc1",
            "+3.8",
        ] {
            assert_eq!(
                ChartVersion::parse(bad),
                Err(K8appError::InvalidVersion(bad.to_owned())),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_nearest_release_is_the_closest_one_below() {
        let v = |text| ChartVersion::parse(text).unwrap();
        assert_eq!(v("3.8.0").nearest_release(), v("3.8.0"));
        assert_eq!(v("3.8.5").nearest_release(), v("3.8.0"));
        assert_eq!(v("3.10.10").nearest_release(), v("3.10.9"));
        assert_eq!(v("3.1.0").nearest_release(), ChartVersion::OLDEST);
        assert_eq!(v("4.0.0").nearest_release(), ChartVersion::NEWEST);
        assert!(ChartVersion::releases().all(|r| r.nearest_release() == r));
    }

    #[test]
    fn every_release_from_3_4_0_to_3_13_0_is_supported() {
        assert_eq!(ChartVersion::releases().len(), 26);
        assert!(ChartVersion::releases().all(|v| v.support() == Support::Supported));
        assert_eq!(ChartVersion::new(3, 3, 3).support(), Support::TooOld);
        assert_eq!(ChartVersion::new(3, 8, 9).support(), Support::NotARelease);
        assert_eq!(ChartVersion::new(3, 13, 1).support(), Support::TooNew);
        assert_eq!(ChartVersion::new(4, 0, 0).support(), Support::TooNew);
        for (text, says) in [
            ("3.14.0", "newer than 3.13.0"),
            ("3.2", "older than 3.4.0"),
            ("3.10.10", "not a k8app release"),
        ] {
            let err = ChartVersion::parse_supported(text).unwrap_err().to_string();
            assert!(err.contains(says), "{err}");
            assert!(err.contains("3.4.0 to 3.13.0"), "{err}");
        }
    }

    #[test]
    fn the_secrets_model_changes_with_3_9_0() {
        let model = |s: &str| ChartVersion::parse(s).map(ChartVersion::secrets_model);
        assert_eq!(model("3.4.0"), Ok(SecretsModel::K8app34To38));
        assert_eq!(model("3.8.9"), Ok(SecretsModel::K8app34To38));
        assert_eq!(model("3.9.0"), Ok(SecretsModel::K8app39Plus));
        assert_eq!(model("v3.10.6"), Ok(SecretsModel::K8app39Plus));
        assert!(
            model("3.9.0-rc1").is_err(),
            "one parser: a pre-release is not a version"
        );
    }
}
