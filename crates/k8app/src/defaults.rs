//! The chart's own `values.yaml` defaults per version, written for gitops-guard from
//! the chart's documented defaults (not the in-template fallbacks). They are the
//! lowest merge layer, under a virtual file name such as `k8app@3.8.0 defaults`.

use crate::version::{ChartVersion, Feature};

const DEFAULTS_3_4_0: &str = include_str!("../defaults/3.4.0.yaml");
const DEFAULTS_3_5_0: &str = include_str!("../defaults/3.5.0.yaml");
const DEFAULTS_3_5_1: &str = include_str!("../defaults/3.5.1.yaml");
const DEFAULTS_3_6_0: &str = include_str!("../defaults/3.6.0.yaml");
const DEFAULTS_3_7_0: &str = include_str!("../defaults/3.7.0.yaml");
const DEFAULTS_3_8_0: &str = include_str!("../defaults/3.8.0.yaml");

/// The chart's `values.yaml` defaults (YAML text) of a version. Versions outside
/// 3.4-3.8 get the nearest modelled version's defaults; check
/// [`ChartVersion::support`] first.
pub fn chart_defaults_yaml(version: ChartVersion) -> &'static str {
    if version.has(Feature::ServiceMonitor) {
        DEFAULTS_3_8_0
    } else if version.has(Feature::Cache) {
        DEFAULTS_3_7_0
    } else if version.has(Feature::HttpRoute) {
        DEFAULTS_3_6_0
    } else if version.has(Feature::EmptyServiceAccountNameDefault) {
        DEFAULTS_3_5_1
    } else if version.has(Feature::SharedVolumes) {
        DEFAULTS_3_5_0
    } else {
        DEFAULTS_3_4_0
    }
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
        assert!(pick("3.5.0").contains("serviceAccountName: app"));
        assert!(pick("3.5.2").contains("serviceAccountName: \"\""));
        assert!(pick("3.6.0").contains("httpRoute:"));
        assert!(!pick("3.6.0").contains("cache:"));
        assert!(pick("3.7.0").contains("cache:"));
        assert!(!pick("3.7.0").contains("serviceMonitor:"));
        assert!(pick("3.8.0").contains("serviceMonitor:"));
        assert_eq!(pick("3.8.5"), pick("3.8.0"));
    }
}
