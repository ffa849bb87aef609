//! `rules`, `explain` and `schema`: the rule catalog and the values schema.

use gg_diagnostic::{catalog, closest_rule_id, rule};
use gg_k8app::ChartVersion;
use serde::Serialize;

use crate::WasmError;

/// One rule of the catalog, as `gitops-guard rules --json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// The stable id, e.g. `secret-path-denied`.
    pub id: &'static str,
    /// The default severity (`error`, `warning`, `info`).
    pub severity: &'static str,
    /// One line: what it catches.
    pub summary: &'static str,
}

/// Every rule with its default severity and summary.
pub fn rules() -> Vec<RuleInfo> {
    catalog()
        .iter()
        .map(|meta| RuleInfo {
            id: meta.id.as_str(),
            severity: meta.default_severity.as_str(),
            summary: meta.summary,
        })
        .collect()
}

/// The Markdown page of a rule (what `gitops-guard explain RULE` prints).
pub fn explain(id: &str) -> Result<&'static str, WasmError> {
    rule(id)
        .map(|meta| meta.page)
        .ok_or_else(|| WasmError::UnknownRule {
            id: id.to_owned(),
            hint: closest_rule_id(id)
                .map(|close| format!("; did you mean `{close}`?"))
                .unwrap_or_default(),
        })
}

/// The JSON Schema of `.cicd/*.yaml` for a k8app chart version (default: the newest modelled).
pub fn schema(chart_version: Option<&str>) -> Result<serde_json::Value, WasmError> {
    let version = match chart_version {
        Some(text) => ChartVersion::parse_supported(text)?,
        None => ChartVersion::NEWEST,
    };
    Ok(gg_k8app::values_schema(version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_list_the_catalog() {
        let all = rules();
        assert_eq!(all.len(), catalog().len());
        let denied = all.iter().find(|r| r.id == "secret-path-denied").unwrap();
        assert_eq!(denied.severity, "error");
    }

    #[test]
    fn explain_answers_known_rules_and_suggests_close_ones() {
        assert!(
            explain("secret-path-denied")
                .unwrap()
                .contains("secret-path-denied")
        );
        let err = explain("secret-path-denid").unwrap_err().to_string();
        assert_eq!(
            err,
            "no rule `secret-path-denid`; did you mean `secret-path-denied`?"
        );
    }

    #[test]
    fn schema_follows_the_chart_version() {
        let newest = schema(None).unwrap();
        assert!(newest["properties"]["serviceMonitor"].is_object());
        let old = schema(Some("3.6")).unwrap();
        assert!(old["properties"].get("serviceMonitor").is_none());
        assert!(schema(Some("2.0.0")).is_err());
    }
}
