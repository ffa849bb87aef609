//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! One run whose `tool.driver` lists the report's rules (id, short and full
//! description, markdown help, default level). Each result has `ruleId`,
//! `ruleIndex` (when the rule is listed), `level` (error, warning, note), the
//! message followed by the finding's help, one physical location and the
//! related notes as `relatedLocations`. Columns count Unicode code points
//! (`columnKind`), regions end exclusively, and relative paths are URIs against
//! `%SRCROOT%`. `partialFingerprints["gitopsGuard/v1"]` is the line-shift-stable
//! fingerprint shared with Code Quality; `properties.envs` lists the
//! environments.

use gg_rules::{Diagnostic, Location, RuleMeta, Severity};
use serde_json::{Value, json};

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
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .zip(fingerprint::fingerprints(report))
        .map(|(diagnostic, fingerprint)| result(report.rules, diagnostic, &fingerprint))
        .collect();
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {
                "driver": {
                    "name": TOOL_NAME,
                    "version": report.tool_version,
                    "informationUri": INFORMATION_URI,
                    "rules": report.rules.iter().map(rule).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log)?;
    text.push('\n');
    Ok(text)
}

fn rule(meta: &RuleMeta) -> Value {
    let first_paragraph = meta.help.split("\n\n").next().unwrap_or_default().trim();
    let full_description = if first_paragraph.is_empty() {
        meta.summary
    } else {
        first_paragraph
    };
    json!({
        "id": meta.id.as_str(),
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": full_description },
        "help": { "text": meta.help, "markdown": meta.help },
        "defaultConfiguration": { "level": level(meta.default_severity) },
    })
}

fn result(rules: &[RuleMeta], diagnostic: &Diagnostic, fingerprint: &str) -> Value {
    let text = if diagnostic.help.is_empty() {
        diagnostic.message.clone()
    } else {
        format!("{}\n\nhelp: {}", diagnostic.message, diagnostic.help)
    };
    let rule_index = rules.iter().position(|meta| meta.id == diagnostic.rule);
    let related: Vec<Value> = diagnostic
        .related
        .iter()
        .enumerate()
        .map(|(id, note)| {
            json!({
                "id": id,
                "physicalLocation": physical_location(&note.location),
                "message": { "text": note.message },
            })
        })
        .collect();
    let mut result = json!({
        "ruleId": diagnostic.rule.as_str(),
        "ruleIndex": rule_index,
        "level": level(diagnostic.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": physical_location(&diagnostic.location) }],
        "relatedLocations": related,
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
        "properties": { "envs": diagnostic.envs },
    });
    if let Some(object) = result.as_object_mut() {
        if rule_index.is_none() {
            object.shift_remove("ruleIndex");
        }
        if diagnostic.related.is_empty() {
            object.shift_remove("relatedLocations");
        }
    }
    result
}

fn physical_location(location: &Location) -> Value {
    let location = location.normalized();
    let uri = path::artifact_uri(&location.file);
    let artifact = if uri.relative {
        json!({ "uri": uri.uri, "uriBaseId": "%SRCROOT%" })
    } else {
        json!({ "uri": uri.uri })
    };
    json!({
        "artifactLocation": artifact,
        "region": {
            "startLine": location.line,
            "startColumn": location.column,
            "endLine": location.end_line,
            "endColumn": location.end_column,
        }
    })
}
