//! The JSON format of DESIGN §6.
//!
//! ```json
//! {"version":1,
//!  "diagnostics":[{"rule","severity","file","line","column","end_line","end_column",
//!                  "env","message","help"}…],
//!  "summary":{"files","errors","warnings"}}
//! ```
//!
//! Keys appear in this order. `env` is an array of environment names (empty
//! for findings about a file itself). `end_line`/`end_column` are additions to
//! the contract: the 1-based end of the range, exclusive (equal to
//! `line`/`column` for a point). Related notes and info counts are not part
//! of the contract and are left out.

use gg_diagnostic::Severity;
use serde::Serialize;

use crate::{Report, ReportError};

/// The contract version in the `version` key.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    env: &'a [String],
    message: &'a str,
    help: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
}

/// Renders the report as one pretty-printed JSON object and a final newline.
pub fn render(report: &Report<'_>) -> Result<String, ReportError> {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let location = diagnostic.location.normalized();
            JsonDiagnostic {
                rule: diagnostic.rule.as_str(),
                severity: diagnostic.severity,
                file: &diagnostic.location.file,
                line: location.line,
                column: location.column,
                end_line: location.end_line,
                end_column: location.end_column,
                env: &diagnostic.envs,
                message: &diagnostic.message,
                help: &diagnostic.help,
            }
        })
        .collect();
    let document = JsonReport {
        version: JSON_VERSION,
        diagnostics,
        summary: JsonSummary {
            files: report.summary.files,
            errors: report.summary.errors,
            warnings: report.summary.warnings,
        },
    };
    let mut text = serde_json::to_string_pretty(&document)?;
    text.push('\n');
    Ok(text)
}
