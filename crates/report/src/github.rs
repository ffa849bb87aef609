//! GitHub Actions workflow commands: every finding becomes an annotation on
//! the pull request's diff and in the run's summary.
//!
//! ```text
//! ::error file=svc/.cicd/default.yaml,line=3,col=9,endLine=3,endColumn=16,title=secret-path-denied::path `apps/api` is not readable … (env: dev, staging)%0Ahelp: use …
//! ```
//!
//! One line per finding: `::error` for errors, `::warning` for warnings,
//! `::notice` for infos. The properties are the file (forward slashes, no
//! leading `./`), the 1-based start line and the inclusive end line; `col` and
//! `endColumn` (inclusive) only when the finding starts and ends on one line,
//! since GitHub ignores columns of annotations that span lines. `title` is the
//! rule id. The message is the finding's message, its environments and, on a
//! second line, its help.
//!
//! Escaping is GitHub's own (`@actions/core`, `escapeData` and
//! `escapeProperty`): `%`, `\r` and `\n` become `%25`, `%0D` and `%0A`
//! everywhere, and property values also turn `:` and `,` into `%3A` and `%2C`.
//! So no finding can end its line early or inject a command of its own.
//!
//! The last line is the human format's summary, as plain log text.

use gg_diagnostic::{Diagnostic, Location, Severity, normalize_path};

use crate::{Report, human};

/// The workflow command of a finding's severity.
pub const fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Renders one workflow command per finding and the summary line.
pub fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    for diagnostic in report.diagnostics {
        out.push_str(&annotation(diagnostic));
        out.push('\n');
    }
    out.push_str(&human::summary_line(&report.summary, false));
    out.push('\n');
    out
}

/// The workflow command line of one finding, without the line break.
pub fn annotation(diagnostic: &Diagnostic) -> String {
    let mut properties = vec![("file", normalize_path(&diagnostic.location.file))];
    properties.extend(
        position(&diagnostic.location)
            .into_iter()
            .map(|(name, value)| (name, value.to_string())),
    );
    properties.push(("title", diagnostic.rule.as_str().to_owned()));
    let properties = properties
        .iter()
        .map(|(name, value)| format!("{name}={}", escape_property(value)))
        .collect::<Vec<_>>()
        .join(",");
    format!(
        "::{} {properties}::{}",
        command(diagnostic.severity),
        escape_data(&message(diagnostic))
    )
}

/// `line`, `col`, `endLine` and `endColumn` of a location, GitHub's way:
/// 1-based and inclusive, columns only on a one-line range. An exclusive end
/// at column 1 ends at the line break of the line before it, so that range
/// has no end column.
fn position(location: &Location) -> Vec<(&'static str, u32)> {
    let location = location.normalized();
    let start = (location.line, location.column);
    let (end_line, end_column) = if (location.end_line, location.end_column) == start {
        (location.line, Some(location.column))
    } else if location.end_column > 1 {
        (location.end_line, Some(location.end_column - 1))
    } else {
        (location.end_line.saturating_sub(1).max(location.line), None)
    };
    let mut position = vec![("line", location.line)];
    if end_line == location.line {
        position.push(("col", location.column));
        position.push(("endLine", end_line));
        if let Some(end_column) = end_column {
            position.push(("endColumn", end_column));
        }
    } else {
        position.push(("endLine", end_line));
    }
    position
}

/// The annotation's text: message, environments, and the help on its own line.
fn message(diagnostic: &Diagnostic) -> String {
    let mut text = diagnostic.message.clone();
    if !diagnostic.envs.is_empty() {
        text.push_str(&format!(" (env: {})", diagnostic.envs.join(", ")));
    }
    if !diagnostic.help.is_empty() {
        text.push_str("\nhelp: ");
        text.push_str(&diagnostic.help);
    }
    text
}

/// Escapes a command's data (the text after `::`): `%`, `\r`, `\n`.
pub fn escape_data(text: &str) -> String {
    escape(text, false)
}

/// Escapes a command's property value: as data, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(escape_data("100% a:b,c\r\nd"), "100%25 a:b,c%0D%0Ad");
        // An already escaped sequence is escaped again, so it reads back verbatim.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_escape_colons_and_commas() {
        assert_eq!(escape_property("C:/a,b%\n.yaml"), "C%3A/a%2Cb%25%0A.yaml");
    }

    fn positions(location: Location) -> Vec<(&'static str, u32)> {
        position(&location)
    }

    #[test]
    fn one_line_ranges_get_inclusive_columns() {
        assert_eq!(
            positions(Location::span("a", 3, 9, 3, 17)),
            [("line", 3), ("col", 9), ("endLine", 3), ("endColumn", 16)]
        );
        assert_eq!(
            positions(Location::point("a", 2, 5)),
            [("line", 2), ("col", 5), ("endLine", 2), ("endColumn", 5)]
        );
        assert_eq!(
            positions(Location::file_start("a")),
            [("line", 1), ("col", 1), ("endLine", 1), ("endColumn", 1)]
        );
    }

    #[test]
    fn ranges_over_several_lines_have_no_columns() {
        assert_eq!(
            positions(Location::span("a", 3, 9, 5, 4)),
            [("line", 3), ("endLine", 5)]
        );
        // Ending at the start of line 4 ends at the line break of line 3.
        assert_eq!(
            positions(Location::span("a", 3, 9, 4, 1)),
            [("line", 3), ("col", 9), ("endLine", 3)]
        );
        assert_eq!(
            positions(Location::span("a", 2, 1, 4, 1)),
            [("line", 2), ("endLine", 3)]
        );
    }

    #[test]
    fn zero_and_inverted_positions_are_normalized() {
        assert_eq!(
            positions(Location::span("a", 0, 0, 0, 0)),
            [("line", 1), ("col", 1), ("endLine", 1), ("endColumn", 1)]
        );
        assert_eq!(
            positions(Location::span("a", 7, 4, 2, 2)),
            [("line", 7), ("col", 4), ("endLine", 7), ("endColumn", 4)]
        );
    }

    #[test]
    fn severities_map_to_error_warning_notice() {
        assert_eq!(command(Severity::Error), "error");
        assert_eq!(command(Severity::Warning), "warning");
        assert_eq!(command(Severity::Info), "notice");
    }
}
