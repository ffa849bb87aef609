//! The chart's own `values.yaml` defaults per release, written for
//! gitops-guard as data (see `defaults/`). They are the lowest merge layer,
//! under a virtual file name such as `k8app@3.8.0 defaults`.

use crate::releases;
use crate::version::ChartVersion;

/// The chart's `values.yaml` defaults (YAML text) of a release. A version
/// that is not a modelled release gets the defaults of the nearest older
/// release (or of the oldest); check [`ChartVersion::support`] first.
pub fn chart_defaults_yaml(version: ChartVersion) -> &'static str {
    releases::nearest(version).defaults
}

/// The virtual file name provenance uses for the defaults, e.g. `k8app@3.8.0 defaults`.
pub fn chart_defaults_name(version: ChartVersion) -> String {
    format!("k8app@{version} defaults")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_version() {
        assert_eq!(
            chart_defaults_name(ChartVersion::new(3, 8, 0)),
            "k8app@3.8.0 defaults"
        );
    }

    #[test]
    fn versions_pick_the_matching_file() {
        let pick = |s: &str| chart_defaults_yaml(ChartVersion::parse(s).unwrap());
        assert!(pick("3.4.0").contains("serviceAccountName: app"));
        assert!(!pick("3.4.0").contains("sharedVolumes"));
        assert!(pick("3.5.0").contains("sharedVolumes: {}"));
        assert!(pick("3.5.0").contains("serviceAccountName: \"\""));
        assert!(pick("3.6.0").contains("httpRoute:"));
        assert!(!pick("3.6.0").contains("cache:"));
        assert!(pick("3.7.0").contains("cache:"));
        assert!(!pick("3.7.0").contains("serviceMonitor:"));
        assert!(pick("3.8.0").contains("serviceMonitor:"));
        assert_eq!(pick("3.10.9"), pick("3.8.0"));
        assert!(pick("3.11.0").contains("gateway:"));
        assert!(!pick("3.11.0").contains("httpRoute:"));
        assert_eq!(pick("3.13.0"), pick("3.11.0"));
    }
}
