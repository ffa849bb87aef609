//! GitLab Code Quality: the subset of the CodeClimate issue format GitLab reads.
//!
//! A JSON array of `{description, check_name, fingerprint, severity,
//! location: {path, lines: {begin}}}`. `check_name` is the rule id, `path` is
//! relative with forward slashes, and `description` is the message followed by
//! the environments (`(env: dev, prod)`) when there are any.
//!
//! Severity mapping (GitLab knows `info`, `minor`, `major`, `critical`,
//! `blocker`): error → `major`, warning → `minor`, info → `info`. This is the
//! mapping other linters' GitLab formatters use, so our findings sort among
//! theirs sensibly in the merge request widget; `critical` and `blocker` are
//! left for security scanners.
//!
//! Fingerprints are stable across runs and line shifts and unique per finding
//! (see the crate's fingerprint rules: rule, file, message, line text and an
//! occurrence counter).

use gg_diagnostic::Severity;
use serde::Serialize;

use crate::{Report, ReportError, fingerprint};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// The Code Quality severity of a finding's severity.
pub const fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// Renders the report as a pretty-printed JSON array and a final newline.
pub fn render(report: &Report<'_>) -> Result<String, ReportError> {
    let issues: Vec<Issue<'_>> = report
        .diagnostics
        .iter()
        .zip(fingerprint::fingerprints(report))
        .map(|(diagnostic, fingerprint)| Issue {
            description: if diagnostic.envs.is_empty() {
                diagnostic.message.clone()
            } else {
                format!(
                    "{} (env: {})",
                    diagnostic.message,
                    diagnostic.envs.join(", ")
                )
            },
            check_name: diagnostic.rule.as_str(),
            fingerprint,
            severity: severity(diagnostic.severity),
            location: IssueLocation {
                path: gg_diagnostic::normalize_path(&diagnostic.location.file),
                lines: Lines {
                    begin: diagnostic.location.normalized().line,
                },
            },
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues)?;
    text.push('\n');
    Ok(text)
}
