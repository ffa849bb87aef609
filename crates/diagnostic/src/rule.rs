//! A rule: its stable id, where it looks, its default severity and its page.

use std::fmt;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::location::Location;
use crate::severity::Severity;

/// The public, stable id of a rule, such as `secret-path-denied`.
///
/// Every id is a rule page's name, known when the program is built, so ids
/// are `'static` text and cost nothing to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RuleId(&'static str);

impl RuleId {
    /// A rule id from a string literal, usable in `const` items.
    pub const fn from_static(id: &'static str) -> Self {
        Self(id)
    }

    /// The id as text.
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl From<&'static str> for RuleId {
    fn from(id: &'static str) -> Self {
        Self::from_static(id)
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    const DENIED: RuleId = RuleId::from_static("secret-path-denied");

    #[test]
    fn rule_ids_compare_and_serialize_as_text() {
        assert_eq!(DENIED, RuleId::from("secret-path-denied"));
        assert_eq!(
            serde_json::to_string(&DENIED).ok().as_deref(),
            Some("\"secret-path-denied\"")
        );
    }
}
