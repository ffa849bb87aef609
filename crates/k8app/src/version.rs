//! k8app chart versions and the features each one introduced.
#![warn(clippy::arithmetic_side_effects)]

use std::fmt;
use std::str::FromStr;

use gg_vault::SecretsModel;

use crate::error::K8appError;

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
    /// 3.4.0-3.8.x: one secrets model, modelled exactly.
    Supported,
    /// Older than 3.4.0 (before the secrets overhaul).
    TooOld,
    /// 3.9.0 or newer: the newer secrets model, unsupported for rendering.
    NewerSecretsModel,
}

impl ChartVersion {
    /// The oldest modelled version.
    pub const OLDEST: ChartVersion = ChartVersion::new(3, 4, 0);
    /// The newest modelled version (and the one the seed platform uses).
    pub const NEWEST: ChartVersion = ChartVersion::new(3, 8, 0);
    /// The first version with the newer (unsupported) secrets model.
    pub const NEWER_SECRETS_MODEL: ChartVersion = ChartVersion::new(3, 9, 0);

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

    /// Parses a version and rejects those outside 3.4.0-3.8.x with a precise error.
    pub fn parse_supported(text: &str) -> Result<Self, K8appError> {
        let version = Self::parse(text)?;
        version.ensure_supported()?;
        Ok(version)
    }

    /// Whether this version is modelled.
    pub fn support(self) -> Support {
        if self < Self::OLDEST {
            Support::TooOld
        } else if self >= Self::NEWER_SECRETS_MODEL {
            Support::NewerSecretsModel
        } else {
            Support::Supported
        }
    }

    /// `Ok` for 3.4.0-3.8.x, else the error explaining why not.
    pub fn ensure_supported(self) -> Result<(), K8appError> {
        match self.support() {
            Support::Supported => Ok(()),
            Support::TooOld => Err(K8appError::VersionTooOld(self)),
            Support::NewerSecretsModel => Err(K8appError::NewerSecretsModel(self)),
        }
    }

    /// How this version resolves a `secrets:` value into a Vault path.
    pub fn secrets_model(self) -> SecretsModel {
        if self >= Self::NEWER_SECRETS_MODEL {
            SecretsModel::K8app39Plus
        } else {
            SecretsModel::K8app34To38
        }
    }

    /// Whether this version has a feature.
    pub fn has(self, feature: Feature) -> bool {
        self >= feature.since()
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

/// A chart behaviour that appeared in a given 3.x version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    /// `sharedVolumes` (3.5.0).
    SharedVolumes,
    /// `serviceAccountName` defaults to `""` instead of `app` (3.5.1).
    EmptyServiceAccountNameDefault,
    /// VaultStaticSecret annotation `app.kubernetes.io/version: <image.tag>` (3.5.2).
    VaultSecretVersionAnnotation,
    /// `httpRoute`: a Gateway API HTTPRoute (3.6.0).
    HttpRoute,
    /// `cache`: an ephemeral Redis per app (3.7.0).
    Cache,
    /// `serviceMonitor` and `cache.exporter.serviceMonitor` (3.8.0).
    ServiceMonitor,
}

impl Feature {
    /// Every feature, oldest first.
    pub const ALL: [Feature; 6] = [
        Feature::SharedVolumes,
        Feature::EmptyServiceAccountNameDefault,
        Feature::VaultSecretVersionAnnotation,
        Feature::HttpRoute,
        Feature::Cache,
        Feature::ServiceMonitor,
    ];

    /// The first chart version with the feature.
    pub const fn since(self) -> ChartVersion {
        match self {
            Feature::SharedVolumes => ChartVersion::new(3, 5, 0),
            Feature::EmptyServiceAccountNameDefault => ChartVersion::new(3, 5, 1),
            Feature::VaultSecretVersionAnnotation => ChartVersion::new(3, 5, 2),
            Feature::HttpRoute => ChartVersion::new(3, 6, 0),
            Feature::Cache => ChartVersion::new(3, 7, 0),
            Feature::ServiceMonitor => ChartVersion::new(3, 8, 0),
        }
    }

    /// A stable identifier, used as the `x-k8app-feature` schema annotation.
    pub const fn id(self) -> &'static str {
        match self {
            Feature::SharedVolumes => "sharedVolumes",
            Feature::EmptyServiceAccountNameDefault => "serviceAccountNameDefault",
            Feature::VaultSecretVersionAnnotation => "vaultSecretVersionAnnotation",
            Feature::HttpRoute => "httpRoute",
            Feature::Cache => "cache",
            Feature::ServiceMonitor => "serviceMonitor",
        }
    }

    /// The feature with this identifier.
    pub fn from_id(id: &str) -> Option<Feature> {
        Self::ALL.into_iter().find(|feature| feature.id() == id)
    }

    /// Help for a key of this feature used with an older chart.
    pub const fn needs_newer_chart_hint(self) -> &'static str {
        match self {
            Feature::SharedVolumes => "`sharedVolumes` needs k8app 3.5.0+; older charts ignore it",
            Feature::EmptyServiceAccountNameDefault => {
                "the empty `serviceAccountName` default needs k8app 3.5.1+"
            }
            Feature::VaultSecretVersionAnnotation => {
                "the VaultStaticSecret version annotation needs k8app 3.5.2+"
            }
            Feature::HttpRoute => "`httpRoute` needs k8app 3.6.0+; older charts ignore it",
            Feature::Cache => "`cache` needs k8app 3.7.0+; older charts ignore it",
            Feature::ServiceMonitor => {
                "`serviceMonitor` needs k8app 3.8.0+; older charts ignore it"
            }
        }
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
    fn support_range_is_3_4_to_3_8() {
        assert_eq!(ChartVersion::new(3, 3, 3).support(), Support::TooOld);
        assert_eq!(ChartVersion::new(3, 4, 0).support(), Support::Supported);
        assert_eq!(ChartVersion::new(3, 8, 9).support(), Support::Supported);
        assert_eq!(
            ChartVersion::new(3, 9, 0).support(),
            Support::NewerSecretsModel
        );
        assert_eq!(
            ChartVersion::new(4, 0, 0).support(),
            Support::NewerSecretsModel
        );
        let err = ChartVersion::parse_supported("3.10.1").unwrap_err();
        assert!(err.to_string().contains("newer secrets model"), "{err}");
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

    #[test]
    fn feature_gates_follow_the_changelog() {
        let v = |s: &str| ChartVersion::parse(s).unwrap();
        assert!(!v("3.4.0").has(Feature::SharedVolumes));
        assert!(v("3.5.0").has(Feature::SharedVolumes));
        assert!(!v("3.5.0").has(Feature::EmptyServiceAccountNameDefault));
        assert!(v("3.5.1").has(Feature::EmptyServiceAccountNameDefault));
        assert!(!v("3.5.1").has(Feature::VaultSecretVersionAnnotation));
        assert!(v("3.5.2").has(Feature::VaultSecretVersionAnnotation));
        assert!(!v("3.5.2").has(Feature::HttpRoute));
        assert!(v("3.6").has(Feature::HttpRoute));
        assert!(!v("3.6").has(Feature::Cache));
        assert!(v("3.7").has(Feature::Cache));
        assert!(!v("3.7").has(Feature::ServiceMonitor));
        assert!(v("3.8").has(Feature::ServiceMonitor));
    }

    #[test]
    fn feature_ids_round_trip() {
        for feature in Feature::ALL {
            assert_eq!(Feature::from_id(feature.id()), Some(feature));
        }
        assert_eq!(Feature::from_id("nope"), None);
    }
}
