//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! One run whose `tool.driver` lists the report's rules: id, friendly `name`
//! (the id in Pascal case), the summary as `shortDescription`, the page's
//! "What it catches" section as `fullDescription`, the page as `help` (text
//! and Markdown), `helpUri` (the page in the repository at this release) and
//! the default level. Each result has `ruleId`,
//! `ruleIndex` (when the rule is listed), `level` (error, warning, note), the
//! message followed by the finding's help, one physical location and the
//! related notes as `relatedLocations`. Columns count Unicode code points
//! (`columnKind`), regions end exclusively, and relative paths are URIs against
//! `%SRCROOT%`. `partialFingerprints["gitopsGuard/v1"]` is the line-shift-stable
//! fingerprint shared with Code Quality; `properties.envs` lists the
//! environments.

use std::borrow::Cow;
use std::collections::BTreeMap;

use gg_diagnostic::{Diagnostic, Location, Rule, Severity};
use serde::Serialize;

use crate::{Report, ReportError, TOOL_NAME, fingerprint, path};

/// The `$schema` of the document.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";
/// The key of our fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "gitopsGuard/v1";
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// The SARIF `level` of a severity.
pub const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Renders the report as a pretty-printed SARIF log and a final newline.
pub fn render(report: &Report<'_>) -> Result<String, ReportError> {
    let results = report
        .diagnostics
        .iter()
        .zip(fingerprint::fingerprints(report))
        .map(|(diagnostic, fingerprint)| result(report.rules, diagnostic, fingerprint))
        .collect();
    let log = Log {
        schema: SARIF_SCHEMA,
        version: SARIF_VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: TOOL_NAME,
                    version: report.tool_version,
                    information_uri: INFORMATION_URI,
                    rules: report.rules.iter().map(rule).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log)?;
    text.push('\n');
    Ok(text)
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    information_uri: &'static str,
    rules: Vec<SarifRule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help_uri: String,
    help: Help<'a>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text<'a> {
    text: Cow<'a, str>,
}

impl<'a> Text<'a> {
    fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Self { text: text.into() }
    }
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [ResultLocation; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: Properties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
struct Properties<'a> {
    envs: &'a [String],
}

fn rule(meta: &Rule) -> SarifRule<'_> {
    SarifRule {
        id: meta.id.as_str(),
        name: meta.name(),
        short_description: Text::new(meta.summary),
        full_description: Text::new(meta.description()),
        help_uri: meta.help_uri(),
        help: Help {
            text: meta.page,
            markdown: meta.page,
        },
        default_configuration: Configuration {
            level: level(meta.default_severity),
        },
    }
}

fn result<'a>(rules: &[Rule], diagnostic: &'a Diagnostic, fingerprint: String) -> SarifResult<'a> {
    let message = if diagnostic.help.is_empty() {
        Text::new(diagnostic.message.as_str())
    } else {
        Text::new(format!(
            "{}\n\nhelp: {}",
            diagnostic.message, diagnostic.help
        ))
    };
    SarifResult {
        rule_id: diagnostic.rule.as_str(),
        rule_index: rules.iter().position(|meta| meta.id == diagnostic.rule),
        level: level(diagnostic.severity),
        message,
        locations: [ResultLocation {
            physical_location: physical_location(&diagnostic.location),
        }],
        related_locations: diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(id, note)| RelatedLocation {
                id,
                physical_location: physical_location(&note.location),
                message: Text::new(note.message.as_str()),
            })
            .collect(),
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
        properties: Properties {
            envs: &diagnostic.envs,
        },
    }
}

fn physical_location(location: &Location) -> PhysicalLocation {
    let location = location.normalized();
    let uri = path::artifact_uri(&location.file);
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: uri.uri,
            uri_base_id: uri.relative.then_some("%SRCROOT%"),
        },
        region: Region {
            start_line: location.line,
            start_column: location.column,
            end_line: location.end_line,
            end_column: location.end_column,
        },
    }
}
