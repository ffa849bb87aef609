//! Counts of a run.

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::severity::Severity;

/// Counts of a run: files checked and findings per severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Number of files checked.
    pub files: usize,
    /// Findings at error severity.
    pub errors: usize,
    /// Findings at warning severity.
    pub warnings: usize,
    /// Findings at info severity.
    pub infos: usize,
}

impl Summary {
    /// Counts `diagnostics` by severity for a run over `files` files.
    pub fn new(diagnostics: &[Diagnostic], files: usize) -> Self {
        let count = |severity| {
            diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        Self {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }

    /// Whether any finding is an error (exit code 1).
    pub const fn has_errors(&self) -> bool {
        self.errors > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::Location;

    #[test]
    fn summary_counts_by_severity() {
        let at = |severity| Diagnostic::new("r", severity, Location::file_start("f"), "m");
        let diagnostics = [
            at(Severity::Error),
            at(Severity::Warning),
            at(Severity::Info),
        ];
        let summary = Summary::new(&diagnostics, 4);
        assert_eq!(
            summary,
            Summary {
                files: 4,
                errors: 1,
                warnings: 1,
                infos: 1
            }
        );
        assert!(summary.has_errors());
    }
}
