//! The public, stable id of a rule.

use std::fmt;

use serde::Serialize;

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
