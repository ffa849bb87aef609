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
//! A case with at least one error has a `<failure>` whose `message` is the
//! first finding's message and whose text lists every finding of the case
//! with location, environments and help.
//!
//! Warnings and infos alone give a `<skipped>` case with the same message and
//! text. GitLab's JUnit parser shows the body only of `failure`, `error` and
//! `skipped` cases (a passing case's `<system-out>` or `<properties>` are never
//! displayed), and a skipped case does not count as failed. So warnings stay
//! visible without turning the report red, matching exit code 0 for warnings.
//! No timestamps or durations are written: the output is deterministic.

use std::collections::BTreeMap;

use gg_diagnostic::{Diagnostic, Severity};

use crate::{Report, TOOL_NAME, xml};

/// The name of the passing case of a file without findings.
pub const CLEAN_CASE_NAME: &str = "no findings";

/// How one test case ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Passed,
    Failed,
    Skipped,
}

struct Case<'a> {
    file: &'a str,
    name: &'a str,
    verdict: Verdict,
    /// One line for the `message` attribute.
    summary: String,
    /// Every finding of the case, for the element text.
    details: String,
}

/// Renders the report as a JUnit XML document.
pub fn render(report: &Report<'_>) -> String {
    let cases = cases(report);
    let count = |verdict| cases.iter().filter(|case| case.verdict == verdict).count();
    let failures = count(Verdict::Failed);
    let skipped = count(Verdict::Skipped);
    let counts = format!(
        r#"tests="{}" failures="{failures}" errors="0" skipped="{skipped}""#,
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
fn cases<'a>(report: &Report<'a>) -> Vec<Case<'a>> {
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
                verdict: Verdict::Passed,
                summary: String::new(),
                details: String::new(),
            });
        }
        for (rule, findings) in rules {
            cases.push(finding_case(file, rule, &findings));
        }
    }
    cases
}

/// The case of one rule's findings in one file: failed when any is an error.
fn finding_case<'a>(file: &'a str, rule: &'a str, findings: &[&Diagnostic]) -> Case<'a> {
    let verdict = if findings.iter().any(|d| d.severity == Severity::Error) {
        Verdict::Failed
    } else {
        Verdict::Skipped
    };
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
        verdict,
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
    let (element, kind) = match case.verdict {
        Verdict::Passed => {
            out.push_str(&open);
            out.push_str("/>\n");
            return;
        }
        Verdict::Failed => ("failure", " type=\"error\""),
        Verdict::Skipped => ("skipped", ""),
    };
    out.push_str(&open);
    out.push_str(">\n");
    out.push_str(&format!(
        "      <{element} message=\"{}\"{kind}>{}</{element}>\n",
        xml::attribute(&case.summary),
        xml::text(&case.details)
    ));
    out.push_str("    </testcase>\n");
}
