//! How serious a finding is.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
///
/// Ordered by seriousness: `Info < Warning < Error`, so `max()` picks the
/// most serious one and `severity >= Severity::Warning` reads naturally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Likely wrong; fails a run only with `--deny-warnings`.
    Warning,
    /// Wrong; fails the run (exit code 1).
    Error,
}

impl Severity {
    /// The lowercase name used in every output format: `error`, `warning`, `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    /// The severity named `error`, `warning` or `info`.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Error, Self::Warning, Self::Info]
            .into_iter()
            .find(|severity| severity.as_str() == name)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_by_seriousness_and_serializes_lowercase() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
        assert_eq!(
            serde_json::to_string(&Severity::Warning).ok().as_deref(),
            Some("\"warning\"")
        );
        let back: Option<Severity> = serde_json::from_str("\"info\"").ok();
        assert_eq!(back, Some(Severity::Info));
    }

    #[test]
    fn names_parse_back() {
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            assert_eq!(Severity::parse(severity.as_str()), Some(severity));
        }
        assert_eq!(Severity::parse("off"), None);
    }
}
