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

impl Rule {
    /// A finding of this rule at its default severity.
    pub fn finding(&self, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.id, self.default_severity, location, message)
    }
}
