//! JUnit XML for CI test reports (GitLab "Tests" tab and merge request widget).
//!
//! One `<testsuite>` named `gitops-guard` inside `<testsuites>`. Test cases:
//!
//! - one per (file × rule) with findings: `classname` and `file` are the file,
//!   `name` is the rule id, so names are unique (GitLab keeps only the first
//!   of duplicate names);
//! - one passing case named `no findings` per checked file (a key of
//!   [`Report::sources`]) without findings, so the suite counts every file.
//!
//! A case fails when it holds an error, or a warning under
//! [`RenderOptions::deny_warnings`](crate::RenderOptions) — exactly the
//! findings that make the run exit 1. A failed case has a `<failure>` whose
//! `message` is the first finding's message, whose `type` is the most serious
//! severity of the case, and whose text lists every finding of the case with
//! location, environments and help.
//!
//! Any other case passes, as the run does: its warnings and infos are listed
//! the same way in the case's `<system-out>`. Nothing is reported as
//! `<skipped>`: a lint that ran and found a warning did not skip anything, and
//! GitLab would list such cases as skipped tests. No timestamps or durations
//! are written: the output is deterministic.

use std::collections::BTreeMap;

use gg_diagnostic::{Diagnostic, Severity};

use crate::{RenderOptions, Report, TOOL_NAME, xml};

/// The name of the passing case of a file without findings.
pub const CLEAN_CASE_NAME: &str = "no findings";

struct Case<'a> {
    file: &'a str,
    name: &'a str,
    /// Whether the findings fail the run.
    failed: bool,
    /// The most serious severity among the findings (the failure's `type`).
    worst: Severity,
    /// One line for the `message` attribute of a failure.
    summary: String,
    /// Every finding of the case, for the failure's text or `system-out`.
    details: String,
}

/// Renders the report as a JUnit XML document; `options.deny_warnings` makes
/// warnings failures, as it makes them fail the run.
pub fn render(report: &Report<'_>, options: RenderOptions) -> String {
    let cases = cases(report, options.deny_warnings);
    let failures = cases.iter().filter(|case| case.failed).count();
    let counts = format!(
        r#"tests="{}" failures="{failures}" errors="0""#,
        cases.len()
    );
    let name = xml::attribute(TOOL_NAME);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"{name}\" {counts}>\n"));
    out.push_str(&format!("  <testsuite name=\"{name}\" {counts}>\n"));
    out.push_str(&format!(
        "    <properties>\n      <property name=\"version\" value=\"{}\"/>\n    </properties>\n",
        xml::attribute(report.tool_version)
    ));
    for case in &cases {
        push_case(&mut out, case);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// The test cases, by file and then rule id.
fn cases<'a>(report: &Report<'a>, deny_warnings: bool) -> Vec<Case<'a>> {
    let mut by_file: BTreeMap<&'a str, BTreeMap<&'a str, Vec<&'a Diagnostic>>> = report
        .sources
        .keys()
        .map(|file| (file.as_str(), BTreeMap::new()))
        .collect();
    for diagnostic in report.diagnostics {
        by_file
            .entry(diagnostic.location.file.as_str())
            .or_default()
            .entry(diagnostic.rule.as_str())
            .or_default()
            .push(diagnostic);
    }
    let mut cases = Vec::new();
    for (file, rules) in by_file {
        if rules.is_empty() {
            cases.push(Case {
                file,
                name: CLEAN_CASE_NAME,
                failed: false,
                worst: Severity::Info,
                summary: String::new(),
                details: String::new(),
            });
        }
        for (rule, findings) in rules {
            cases.push(finding_case(file, rule, &findings, deny_warnings));
        }
    }
    cases
}

/// The case of one rule's findings in one file: failed when any fails the run.
fn finding_case<'a>(
    file: &'a str,
    rule: &'a str,
    findings: &[&Diagnostic],
    deny_warnings: bool,
) -> Case<'a> {
    let failed = findings.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    });
    let first = findings
        .first()
        .map(|d| d.message.as_str())
        .unwrap_or_default();
    let summary = match findings.len() {
        0 | 1 => first.to_owned(),
        count => format!("{first} (and {} more)", count - 1),
    };
    let details = findings
        .iter()
        .map(|d| details(d))
        .collect::<Vec<_>>()
        .join("\n\n");
    Case {
        file,
        name: rule,
        failed,
        worst: findings
            .iter()
            .map(|d| d.severity)
            .max()
            .unwrap_or(Severity::Info),
        summary,
        details,
    }
}

/// One finding as text: severity and place, message, help.
fn details(diagnostic: &Diagnostic) -> String {
    let location = diagnostic.location.normalized();
    let mut text = format!("{}: {location}", diagnostic.severity);
    if !diagnostic.envs.is_empty() {
        text.push_str(&format!(" (env: {})", diagnostic.envs.join(", ")));
    }
    text.push('\n');
    text.push_str(&diagnostic.message);
    for related in &diagnostic.related {
        text.push_str(&format!(
            "\nnote: {}: {}",
            related.message,
            related.location.normalized()
        ));
    }
    if !diagnostic.help.is_empty() {
        text.push_str("\nhelp: ");
        text.push_str(&diagnostic.help);
    }
    text
}

fn push_case(out: &mut String, case: &Case<'_>) {
    let file = xml::attribute(case.file);
    let open = format!(
        "    <testcase classname=\"{file}\" name=\"{}\" file=\"{file}\"",
        xml::attribute(case.name)
    );
    out.push_str(&open);
    if case.details.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    let details = xml::text(&case.details);
    if case.failed {
        out.push_str(&format!(
            "      <failure message=\"{}\" type=\"{}\">{details}</failure>\n",
            xml::attribute(&case.summary),
            case.worst,
        ));
    } else {
        out.push_str(&format!("      <system-out>{details}</system-out>\n"));
    }
    out.push_str("    </testcase>\n");
}
