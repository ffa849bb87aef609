//! The rule catalog: every rule id with its default severity and its documentation.
//!
//! The documentation pages (`policies/rules/<id>.md`) and the default severities
//! (`policies/default.yaml`) are embedded at build time, so `explain` works the same
//! in the CLI, the webhook and the browser.

use std::sync::OnceLock;

use crate::config::Level;
use crate::diagnostic::{RuleId, RuleMeta, Severity};
use crate::suppress::UNUSED_SUPPRESSION;

/// The default configuration: rule id → default severity.
const DEFAULT_CONFIG: &str = include_str!("../../../policies/default.yaml");

/// Documentation page of the finding about stale suppressions.
const UNUSED_SUPPRESSION_DOC: &str = include_str!("../../../policies/rules/unused-suppression.md");

/// Every rule page, in catalog order.
const PAGES: &[(&str, &str)] = &[
    (
        "yaml-syntax",
        include_str!("../../../policies/rules/yaml-syntax.md"),
    ),
    (
        "unknown-key",
        include_str!("../../../policies/rules/unknown-key.md"),
    ),
    (
        "type-mismatch",
        include_str!("../../../policies/rules/type-mismatch.md"),
    ),
    (
        "hardcoded-namespace",
        include_str!("../../../policies/rules/hardcoded-namespace.md"),
    ),
    (
        "env-file-service-reference",
        include_str!("../../../policies/rules/env-file-service-reference.md"),
    ),
    (
        "env-file-duplicates-default",
        include_str!("../../../policies/rules/env-file-duplicates-default.md"),
    ),
    (
        "configmap-credentials",
        include_str!("../../../policies/rules/configmap-credentials.md"),
    ),
    (
        "image-missing",
        include_str!("../../../policies/rules/image-missing.md"),
    ),
    (
        "image-tag-mutable",
        include_str!("../../../policies/rules/image-tag-mutable.md"),
    ),
    (
        "image-pull-secrets-missing",
        include_str!("../../../policies/rules/image-pull-secrets-missing.md"),
    ),
    (
        "image-pull-secrets-format",
        include_str!("../../../policies/rules/image-pull-secrets-format.md"),
    ),
    (
        "secrets-provider-not-vault",
        include_str!("../../../policies/rules/secrets-provider-not-vault.md"),
    ),
    (
        "secret-path-mount-prefix",
        include_str!("../../../policies/rules/secret-path-mount-prefix.md"),
    ),
    (
        "secret-path-relative",
        include_str!("../../../policies/rules/secret-path-relative.md"),
    ),
    (
        "secret-path-wrong-env",
        include_str!("../../../policies/rules/secret-path-wrong-env.md"),
    ),
    (
        "secret-path-denied",
        include_str!("../../../policies/rules/secret-path-denied.md"),
    ),
    (
        "secret-multiple-paths",
        include_str!("../../../policies/rules/secret-multiple-paths.md"),
    ),
    (
        "vault-refresh-after",
        include_str!("../../../policies/rules/vault-refresh-after.md"),
    ),
    (
        "vault-auth-ref",
        include_str!("../../../policies/rules/vault-auth-ref.md"),
    ),
    (
        "environment-mismatch",
        include_str!("../../../policies/rules/environment-mismatch.md"),
    ),
    (
        "hpa-pdb-in-dev",
        include_str!("../../../policies/rules/hpa-pdb-in-dev.md"),
    ),
    (
        "pdb-min-and-max",
        include_str!("../../../policies/rules/pdb-min-and-max.md"),
    ),
    (
        "service-monitor-port",
        include_str!("../../../policies/rules/service-monitor-port.md"),
    ),
    (
        "httproute-hostname",
        include_str!("../../../policies/rules/httproute-hostname.md"),
    ),
    (
        "missing-env-file",
        include_str!("../../../policies/rules/missing-env-file.md"),
    ),
    (
        "dns-label",
        include_str!("../../../policies/rules/dns-label.md"),
    ),
    (
        "vault-glob-invalid",
        include_str!("../../../policies/rules/vault-glob-invalid.md"),
    ),
    (
        "vault-policy-kv2-data",
        include_str!("../../../policies/rules/vault-policy-kv2-data.md"),
    ),
    (
        "vault-policy-syntax",
        include_str!("../../../policies/rules/vault-policy-syntax.md"),
    ),
    (
        "vault-rule-shadowed",
        include_str!("../../../policies/rules/vault-rule-shadowed.md"),
    ),
    (
        "vault-grant-spans-envs",
        include_str!("../../../policies/rules/vault-grant-spans-envs.md"),
    ),
    (
        "unregistered-service",
        include_str!("../../../policies/rules/unregistered-service.md"),
    ),
    (
        "duplicate-service",
        include_str!("../../../policies/rules/duplicate-service.md"),
    ),
    (
        "env-file-syntax",
        include_str!("../../../policies/rules/env-file-syntax.md"),
    ),
    (
        "secret-missing",
        include_str!("../../../policies/rules/secret-missing.md"),
    ),
    (
        "secret-key-missing",
        include_str!("../../../policies/rules/secret-key-missing.md"),
    ),
    (
        "secret-unreadable",
        include_str!("../../../policies/rules/secret-unreadable.md"),
    ),
    (
        "httproute-backend",
        include_str!("../../../policies/rules/httproute-backend.md"),
    ),
    (
        "object-name-too-long",
        include_str!("../../../policies/rules/object-name-too-long.md"),
    ),
    (
        "cluster-scoped-object",
        include_str!("../../../policies/rules/cluster-scoped-object.md"),
    ),
    (
        "render-failed",
        include_str!("../../../policies/rules/render-failed.md"),
    ),
    (
        "env-value-not-string",
        include_str!("../../../policies/rules/env-value-not-string.md"),
    ),
    (UNUSED_SUPPRESSION, UNUSED_SUPPRESSION_DOC),
];

/// All rules, in catalog order.
pub fn catalog() -> &'static [RuleMeta] {
    static CATALOG: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        PAGES
            .iter()
            .map(|(id, page)| RuleMeta {
                id: RuleId::from_static(id),
                default_severity: default_severity(id),
                summary: summary_line(page),
                help: page,
            })
            .collect()
    })
}

/// The rule with this id, if it exists.
pub fn rule(id: &str) -> Option<&'static RuleMeta> {
    catalog().iter().find(|meta| meta.id.as_str() == id)
}

/// The closest rule id to a mistyped one, for "did you mean" hints.
pub fn closest_rule_id(id: &str) -> Option<&'static str> {
    PAGES
        .iter()
        .map(|(known, _)| (*known, strsim::levenshtein(id, known)))
        .filter(|(_, distance)| *distance <= 3)
        .min_by_key(|(_, distance)| *distance)
        .map(|(known, _)| known)
}

/// The severity `policies/default.yaml` gives `id` (warning for rules it does not list).
fn default_severity(id: &str) -> Severity {
    DEFAULT_CONFIG
        .lines()
        .filter_map(|line| line.trim().split_once(':'))
        .find(|(key, _)| *key == id)
        .and_then(|(_, value)| match Level::parse(value.trim()) {
            Some(Level::On(severity)) => Some(severity),
            _ => None,
        })
        .unwrap_or(Severity::Warning)
}

/// The first paragraph line after the `# id` heading.
fn summary_line(page: &'static str) -> &'static str {
    page.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_config_entry_has_a_page_and_vice_versa() {
        let configured: Vec<&str> = DEFAULT_CONFIG
            .lines()
            .filter(|l| l.starts_with("  ") && l.contains(':'))
            .filter_map(|l| l.trim().split_once(':').map(|(k, _)| k))
            .collect();
        let documented: Vec<&str> = PAGES
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| *id != UNUSED_SUPPRESSION)
            .collect();
        assert_eq!(configured, documented);
    }

    #[test]
    fn pages_start_with_their_id_and_name_their_default_severity() {
        for meta in catalog() {
            assert!(
                meta.help.starts_with(&format!("# {}\n", meta.id)),
                "{}",
                meta.id
            );
            let line = format!("- Default severity: {}", meta.default_severity);
            assert!(
                meta.help.contains(&line),
                "{}: page must say `{line}`",
                meta.id
            );
            assert!(
                !meta.summary.is_empty() && meta.summary.len() <= 90,
                "{}",
                meta.id
            );
        }
    }

    #[test]
    fn catalog_has_the_design_minimum() {
        assert!(catalog().len() >= 28);
        assert_eq!(
            rule("secret-path-denied").map(|r| r.default_severity),
            Some(Severity::Error)
        );
        assert_eq!(
            rule("unknown-key").map(|r| r.default_severity),
            Some(Severity::Warning)
        );
        assert!(rule("no-such-rule").is_none());
    }

    #[test]
    fn closest_rule_id_suggests_typos_only() {
        assert_eq!(
            closest_rule_id("secret-path-denyed"),
            Some("secret-path-denied")
        );
        assert_eq!(closest_rule_id("completely-different"), None);
    }
}
