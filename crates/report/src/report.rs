//! The input every format renders.

use std::collections::BTreeMap;

use gg_diagnostic::{Diagnostic, Rule, Summary};

/// Everything a report format needs, borrowed from the caller.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The findings, in the order to print them (see [`gg_diagnostic::sort_diagnostics`]).
    pub diagnostics: &'a [Diagnostic],
    /// Counts of the run.
    pub summary: Summary,
    /// Every checked file (keyed by the path findings use) with its text.
    /// Texts give the human format its snippets and fingerprints their line
    /// content; the keys are the files JUnit lists as passing.
    pub sources: &'a BTreeMap<String, String>,
    /// Metadata of the rules that may appear (SARIF `tool.driver.rules`).
    pub rules: &'a [Rule],
    /// The version of the tool that produced the report.
    pub tool_version: &'a str,
}

impl<'a> Report<'a> {
    /// The text of 1-based `line` of `file`, without its line break; `None`
    /// when the source is unknown or shorter.
    pub fn source_line(&self, file: &str, line: u32) -> Option<&'a str> {
        let index = usize::try_from(line.checked_sub(1)?).ok()?;
        self.sources.get(file)?.lines().nth(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_line_is_one_based_and_tolerates_crlf_and_out_of_range() {
        let sources = BTreeMap::from([("a.yaml".to_owned(), "one\r\ntwo\n".to_owned())]);
        let report = Report {
            diagnostics: &[],
            summary: Summary::default(),
            sources: &sources,
            rules: &[],
            tool_version: "0",
        };
        assert_eq!(report.source_line("a.yaml", 1), Some("one"));
        assert_eq!(report.source_line("a.yaml", 2), Some("two"));
        assert_eq!(report.source_line("a.yaml", 0), None);
        assert_eq!(report.source_line("a.yaml", 3), None);
        assert_eq!(report.source_line("b.yaml", 1), None);
    }
}
