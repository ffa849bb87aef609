//! A rule: its id, where it looks, its default severity and its page.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::location::Location;
use crate::rule_id::RuleId;
use crate::severity::Severity;

/// What a rule looks at (the page's `Applies to:`), which also says which
/// runner proves its cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// One values or platform file on its own.
    File,
    /// A service merged for one environment, as Helm will see it.
    Environment,
    /// A service and its files as a whole (registry, overlays).
    Service,
    /// A Vault policy file (`*.hcl`) of the platform.
    PolicyFile,
    /// A live Vault server (`gitops-guard vault check`).
    LiveVault,
}

/// One rule of the catalog, as its page registers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The stable public id.
    pub id: RuleId,
    /// What the rule looks at.
    pub scope: Scope,
    /// The severity before configuration.
    pub default_severity: Severity,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Markdown: what the rule checks, why it matters and how to fix a finding.
    pub page: &'static str,
}

/// Where the rule pages of this release are published: the workspace repository
/// at the release's tag, `policies/rules/`.
const PAGES_URL: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/blob/v",
    env!("CARGO_PKG_VERSION"),
    "/policies/rules/"
);

/// The heading of the page section that says what the rule checks.
const DESCRIPTION_HEADING: &str = "## What it catches";

impl Rule {
    /// A finding of this rule at its default severity.
    pub fn finding(&self, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.id, self.default_severity, location, message)
    }

    /// A friendly name for viewers: the id in Pascal case
    /// (`secret-path-denied` → `SecretPathDenied`).
    pub fn name(&self) -> String {
        self.id
            .as_str()
            .split('-')
            .flat_map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_uppercase())
                    .into_iter()
                    .chain(chars)
            })
            .collect()
    }

    /// What the rule checks, in Markdown: the page's `## What it catches`
    /// section without its heading, or the summary when the page has none.
    pub fn description(&self) -> &'static str {
        let page: &'static str = self.page;
        page.split_once(&format!("\n{DESCRIPTION_HEADING}\n"))
            .map(|(_, rest)| {
                rest.split_once("\n## ")
                    .map_or(rest, |(section, _)| section)
            })
            .map(str::trim)
            .filter(|section| !section.is_empty())
            .unwrap_or(self.summary)
    }

    /// The address of the rule's page in the source repository, at the tag of
    /// this release, so the page read is the one this build embeds.
    pub fn help_uri(&self) -> String {
        format!("{PAGES_URL}{}.md", self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &'static str, page: &'static str) -> Rule {
        Rule {
            id: RuleId::from_static(id),
            scope: Scope::File,
            default_severity: Severity::Warning,
            summary: "the summary",
            page,
        }
    }

    #[test]
    fn names_are_the_id_in_pascal_case() {
        assert_eq!(rule("secret-path-denied", "").name(), "SecretPathDenied");
        assert_eq!(
            rule("vault-policy-kv2-data", "").name(),
            "VaultPolicyKv2Data"
        );
        assert_eq!(rule("x", "").name(), "X");
    }

    #[test]
    fn the_description_is_the_what_it_catches_section_or_the_summary() {
        let page = "# a\n\nthe summary\n\n## What it catches\n\nOne.\n\nTwo.\n\n## Why it matters\n\nThree.\n";
        assert_eq!(rule("a", page).description(), "One.\n\nTwo.");
        let last = "# a\n\n## What it catches\n\nOnly this.\n";
        assert_eq!(rule("a", last).description(), "Only this.");
        assert_eq!(
            rule("a", "# a\n\nthe summary\n").description(),
            "the summary"
        );
        let empty = "# a\n\n## What it catches\n\n## Why it matters\n";
        assert_eq!(rule("a", empty).description(), "the summary");
    }

    #[test]
    fn help_uris_name_the_page_at_this_release() {
        let uri = rule("dns-label", "").help_uri();
        assert!(uri.starts_with(env!("CARGO_PKG_REPOSITORY")), "{uri}");
        assert!(
            uri.ends_with(&format!(
                "/blob/v{}/policies/rules/dns-label.md",
                env!("CARGO_PKG_VERSION")
            )),
            "{uri}"
        );
    }
}
