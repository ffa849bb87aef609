//! Baselines: record today's findings once, then report only new ones.
//!
//! A finding matches a recorded entry when rule id, file, environments and
//! message are equal; lines are not compared, so edits elsewhere in a file do
//! not bring a recorded finding back. Each entry absorbs one finding, so a
//! second identical problem in the same file is still reported.

use serde::{Deserialize, Serialize};

use crate::error::RulesError;
use gg_diagnostic::Diagnostic;

/// The version written into baseline files.
const FORMAT_VERSION: u32 = 1;

/// A baseline file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version, currently 1.
    pub version: u32,
    /// The recorded findings.
    pub findings: Vec<BaselineEntry>,
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// Rule id.
    pub rule: String,
    /// File, as reported.
    pub file: String,
    /// Environments, as reported.
    #[serde(default)]
    pub envs: Vec<String>,
    /// Message, as reported.
    pub message: String,
}

impl BaselineEntry {
    fn of(diagnostic: &Diagnostic) -> Self {
        Self {
            rule: diagnostic.rule.as_str().to_owned(),
            file: diagnostic.location.file.clone(),
            envs: diagnostic.envs.clone(),
            message: diagnostic.message.clone(),
        }
    }
}

impl Baseline {
    /// Records `diagnostics` (sorted, so the file diffs well).
    pub fn record(diagnostics: &[Diagnostic]) -> Self {
        let mut findings: Vec<BaselineEntry> = diagnostics.iter().map(BaselineEntry::of).collect();
        gg_sort::sort(&mut findings);
        Self {
            version: FORMAT_VERSION,
            findings,
        }
    }

    /// Reads a baseline written by [`Baseline::to_json`].
    ///
    /// # Errors
    /// Text that is not a baseline of a known version.
    pub fn parse(text: &str, file: &str) -> Result<Self, RulesError> {
        let baseline: Self = serde_json::from_str(text).map_err(|err| RulesError::Baseline {
            file: file.to_owned(),
            message: err.to_string(),
        })?;
        if baseline.version != FORMAT_VERSION {
            return Err(RulesError::Baseline {
                file: file.to_owned(),
                message: format!(
                    "version {} is not supported (expected {FORMAT_VERSION})",
                    baseline.version
                ),
            });
        }
        Ok(baseline)
    }

    /// Pretty JSON, one finding per entry.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The findings not recorded in the baseline.
    pub fn new_findings(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut unclaimed: Vec<&BaselineEntry> = self.findings.iter().collect();
        diagnostics
            .into_iter()
            .filter(|d| {
                let entry = BaselineEntry::of(d);
                match unclaimed.iter().position(|recorded| **recorded == entry) {
                    Some(index) => {
                        unclaimed.swap_remove(index);
                        false
                    }
                    None => true,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gg_diagnostic::{Location, Severity};

    fn finding(line: u32, message: &str) -> Diagnostic {
        Diagnostic::new(
            "unknown-key",
            Severity::Warning,
            Location::point("a.yaml", line, 1),
            message,
        )
        .with_env("dev")
    }

    #[test]
    fn recorded_findings_are_hidden_even_when_lines_move() {
        let baseline = Baseline::record(&[finding(3, "old")]);
        let text = baseline.to_json();
        let read = Baseline::parse(&text, "b.json").unwrap();
        assert_eq!(read, baseline);
        let left = read.new_findings(vec![finding(9, "old"), finding(4, "new")]);
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].message, "new");
    }

    #[test]
    fn each_entry_absorbs_one_finding() {
        let baseline = Baseline::record(&[finding(3, "same")]);
        assert_eq!(
            baseline
                .new_findings(vec![finding(3, "same"), finding(5, "same")])
                .len(),
            1
        );
    }

    #[test]
    fn garbage_and_future_versions_are_rejected() {
        assert!(Baseline::parse("{", "b").is_err());
        assert!(Baseline::parse(r#"{"version":2,"findings":[]}"#, "b").is_err());
    }
}
