//! The GitHub format: escaping golden file and a property that every finding
//! is one workflow command whose escaped parts read back to the original text.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use gg_diagnostic::{Diagnostic, Location, Severity, Summary};
use gg_report::{Format, RenderOptions, Report, github, render};
use proptest::prelude::*;

fn report_of<'a>(
    diagnostics: &'a [Diagnostic],
    sources: &'a BTreeMap<String, String>,
) -> Report<'a> {
    Report {
        diagnostics,
        summary: Summary::new(diagnostics, sources.len()),
        sources,
        rules: &[],
        tool_version: "0.1.0",
    }
}

/// Findings whose file names, messages and help hold every character GitHub
/// wants escaped: `%`, `\r`, `\n`, and in properties `:` and `,`.
fn awkward() -> Vec<Diagnostic> {
    vec![
        Diagnostic::new(
            "configmap-credentials",
            Severity::Error,
            Location::span("svc,a/.cicd/dev:1%.yaml", 4, 3, 4, 21),
            "key `DB_URL` holds credentials: postgres://u:p@db:5432/x, 100% visible",
        )
        .with_envs(["dev", "staging"])
        .with_help(
            "move it to `secrets:`, e.g.\n  DB_PASSWORD: /acme/svc/dev/config\r\nthen rotate it",
        ),
        Diagnostic::new(
            "unknown-key",
            Severity::Warning,
            Location::span("./svc/.cicd/default.yaml", 2, 1, 5, 1),
            "%0A is not a line break, %25 not a percent sign\n::error file=x::not a command",
        ),
        Diagnostic::new(
            "dns-label",
            Severity::Info,
            Location::point(".\\svc\\.cicd\\prod.yaml", 7, 80),
            "name `a,b:c` is not a DNS label",
        )
        .with_help("use lowercase letters, digits and `-`"),
    ]
}

#[test]
fn escaping_golden() {
    let diagnostics = awkward();
    let sources = BTreeMap::new();
    let actual = render(
        Format::Github,
        &report_of(&diagnostics, &sources),
        RenderOptions::default(),
    )
    .unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/github-escaping.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert!(
        expected == actual,
        "github-escaping.txt differs (UPDATE_GOLDEN=1 to accept):\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

/// Undoes GitHub's escaping (the runner's own unescaping of commands).
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// A parsed workflow command: its name, its properties and its data, unescaped.
struct Command {
    name: String,
    properties: BTreeMap<String, String>,
    data: String,
}

/// Parses a command the way the Actions runner does: name up to the first
/// space, properties up to the next `::`, split at `,` and the first `=`.
fn parse(line: &str) -> Command {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (head, data) = rest.split_once("::").expect("has a second ::");
    let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(',')
        .filter(|property| !property.is_empty())
        .map(|property| {
            let (key, value) = property.split_once('=').expect("key=value");
            (key.to_owned(), unescape(value))
        })
        .collect();
    Command {
        name: name.to_owned(),
        properties,
        data: unescape(data),
    }
}

fn arb_text() -> impl Strategy<Value = String> {
    "[a-z%:,\\r\\n =./\\\\é名]{0,30}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn every_finding_is_one_command_that_reads_back(
        file in "d[a-z%:,\\r\\n =./é名]{0,30}",
        message in arb_text(),
        help in arb_text(),
        // Distinct, as a finding's envs are (`with_env` ignores a repeat).
        envs in prop::collection::btree_set("[a-z]{1,5}", 0..3)
            .prop_map(|envs| envs.into_iter().collect::<Vec<_>>()),
        (line, column, end_line, end_column) in (0u32..9, 0u32..9, 0u32..9, 0u32..9),
    ) {
        let diagnostic = Diagnostic::new(
            "unknown-key",
            Severity::Warning,
            Location::span(file.clone(), line, column, end_line, end_column),
            message.clone(),
        )
        .with_envs(envs.clone())
        .with_help(help.clone());
        let text = github::annotation(&diagnostic);
        prop_assert!(!text.contains('\n') && !text.contains('\r'), "one line: {:?}", text);
        let command = parse(&text);
        prop_assert_eq!(command.name, "warning");
        prop_assert_eq!(&command.properties["file"], &gg_diagnostic::normalize_path(&file));
        prop_assert_eq!(&command.properties["title"], "unknown-key");
        let start: u32 = command.properties["line"].parse().unwrap();
        let end: u32 = command.properties["endLine"].parse().unwrap();
        prop_assert!(start >= 1 && end >= start, "lines {} {}", start, end);
        if let (Some(col), Some(end_col)) = (command.properties.get("col"), command.properties.get("endColumn")) {
            prop_assert_eq!(start, end, "columns only on one line");
            prop_assert!(end_col.parse::<u32>().unwrap() >= col.parse::<u32>().unwrap());
        }
        prop_assert!(command.data.starts_with(&message), "data {:?} starts with {:?}", command.data, message);
        if !help.is_empty() {
            let help_line = format!("\nhelp: {help}");
            prop_assert!(command.data.ends_with(&help_line), "data {:?} ends with the help", command.data);
        }
        if !envs.is_empty() {
            let env_note = format!(" (env: {})", envs.join(", "));
            prop_assert!(command.data.contains(&env_note), "data {:?} names the envs", command.data);
        }
    }
}
