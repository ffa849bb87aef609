//! Properties of each format: parse back, required fields, escaping, stable fingerprints.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::BTreeMap;

use gg_diagnostic::{Diagnostic, Location, Severity, Summary};
use gg_report::{Format, RenderOptions, Report, human, render, sarif};
use serde_json::Value;

fn json_of(format: Format, report: &Report<'_>) -> Value {
    serde_json::from_str(&render(format, report, RenderOptions::default()).unwrap()).unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn json_follows_the_contract_key_order() {
    let sample = common::sample();
    let value = json_of(Format::Json, &sample.report());
    assert_eq!(keys(&value), ["version", "diagnostics", "summary"]);
    assert_eq!(value["version"], 1);
    let first = &value["diagnostics"][0];
    assert_eq!(
        keys(first),
        [
            "rule",
            "severity",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "env",
            "message",
            "help"
        ]
    );
    assert_eq!(first["env"], serde_json::json!(["dev", "staging"]));
    let file_level = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "yaml-syntax")
        .unwrap();
    assert_eq!(file_level["env"], serde_json::json!([]));
    assert_eq!(keys(&value["summary"]), ["files", "errors", "warnings"]);
    assert_eq!(
        value["summary"],
        serde_json::json!({"files": 3, "errors": 2, "warnings": 3})
    );
}

#[test]
fn sarif_has_the_required_fields() {
    let sample = common::sample();
    let log = json_of(Format::Sarif, &sample.report());
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "gitops-guard");
    assert_eq!(driver["version"], "0.1.0");
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    for rule in driver["rules"].as_array().unwrap() {
        for field in [
            "id",
            "name",
            "shortDescription",
            "fullDescription",
            "helpUri",
            "help",
            "defaultConfiguration",
        ] {
            assert!(!rule[field].is_null(), "rule lacks {field}: {rule}");
        }
        assert!(rule["help"]["markdown"].is_string() && rule["help"]["text"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), sample.diagnostics.len());
    for result in results {
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(result["message"]["text"].is_string());
        let physical = &result["locations"][0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        for field in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(
                physical["region"][field].as_u64().unwrap() >= 1,
                "{field} in {result}"
            );
        }
        assert_eq!(
            result["partialFingerprints"][sarif::FINGERPRINT_KEY]
                .as_str()
                .unwrap()
                .len(),
            64
        );
        assert!(result["properties"]["envs"].is_array());
        let rule_id = result["ruleId"].as_str().unwrap();
        match result["ruleIndex"].as_u64() {
            Some(index) => assert_eq!(driver["rules"][index as usize]["id"], rule_id),
            None => assert!(
                !sample.rules.iter().any(|r| r.id.as_str() == rule_id),
                "{rule_id} is listed"
            ),
        }
    }
    let denied = results
        .iter()
        .find(|r| r["ruleId"] == "secret-path-denied")
        .unwrap();
    assert_eq!(
        denied["relatedLocations"][0]["message"]["text"],
        "the env overlay does not override it"
    );
    assert_eq!(
        denied["properties"]["envs"],
        serde_json::json!(["dev", "staging"])
    );
}

#[test]
fn junit_is_well_formed_and_counts_its_cases() {
    let sample = common::sample();
    let xml = render(Format::Junit, &sample.report(), RenderOptions::default()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(
        suite.attribute("tests"),
        Some(cases.len().to_string().as_str())
    );
    let with = |tag| {
        cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name(tag)))
            .count()
    };
    assert_eq!(
        suite.attribute("failures"),
        Some(with("failure").to_string().as_str())
    );
    assert_eq!(with("skipped"), 0, "nothing is reported as skipped");
    let clean = cases
        .iter()
        .find(|c| c.attribute("file") == Some(common::STAGING))
        .unwrap();
    assert_eq!(clean.attribute("name"), Some("no findings"));
    assert!(clean.first_element_child().is_none(), "a clean file passes");
    let hostile = cases
        .iter()
        .find(|c| {
            c.attribute("file") == Some(common::DEV) && c.attribute("name") == Some("unknown-key")
        })
        .unwrap();
    let out = hostile.first_element_child().unwrap();
    assert!(out.has_tag_name("system-out"), "a warning passes");
    let text = out.text().unwrap();
    assert!(
        text.starts_with(
            "warning: svc/.cicd/dev.yaml:3:1\nkey \"replicaCount\" <is not read> & has no effect\n"
        ),
        "{text}"
    );
    assert!(text.contains("help: did you mean"));
}

/// The (file, rule, element) of every case of a JUnit report: the element is
/// the case's child (`failure`, `system-out`) or `passed` for an empty case.
fn junit_cases(options: RenderOptions) -> Vec<(String, String, String)> {
    let sample = common::sample();
    let xml = render(Format::Junit, &sample.report(), options).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|case| {
            let element = case
                .first_element_child()
                .map_or("passed", |child| child.tag_name().name());
            (
                case.attribute("file").unwrap().to_owned(),
                case.attribute("name").unwrap().to_owned(),
                element.to_owned(),
            )
        })
        .collect()
}

#[test]
fn junit_fails_exactly_the_cases_that_fail_the_run() {
    let element_of = |cases: &[(String, String, String)], file: &str, rule: &str| {
        cases
            .iter()
            .find(|(f, r, _)| f == file && r == rule)
            .map(|(_, _, element)| element.clone())
            .unwrap()
    };
    let plain = junit_cases(RenderOptions::default());
    let denying = junit_cases(RenderOptions {
        deny_warnings: true,
        ..RenderOptions::default()
    });
    for (file, rule, plain_element, denying_element) in [
        (common::DEFAULT, "secret-path-denied", "failure", "failure"),
        (common::DEV, "image-tag-mutable", "system-out", "failure"),
        (common::DEFAULT, "unknown-key", "system-out", "failure"),
        (common::DEFAULT, "dns-label", "system-out", "system-out"),
        (common::STAGING, "no findings", "passed", "passed"),
    ] {
        assert_eq!(
            element_of(&plain, file, rule),
            plain_element,
            "{file} {rule}"
        );
        assert_eq!(
            element_of(&denying, file, rule),
            denying_element,
            "{file} {rule} denying warnings"
        );
    }
}

#[test]
fn junit_survives_control_characters_and_markup_in_every_field() {
    let hostile = "a\u{0}b\u{1b}[31m]]><!--\"'&\r\nc\u{FFFF}";
    let diagnostics = vec![
        Diagnostic::new(
            "yaml-syntax",
            Severity::Error,
            Location::file_start(hostile),
            hostile,
        )
        .with_help(hostile)
        .with_env(hostile),
    ];
    let sources = BTreeMap::from([(hostile.to_owned(), hostile.to_owned())]);
    let report = Report {
        diagnostics: &diagnostics,
        summary: Summary::new(&diagnostics, 1),
        sources: &sources,
        rules: &[],
        tool_version: hostile,
    };
    let xml = render(Format::Junit, &report, RenderOptions::default()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    let expected = "a\u{FFFD}b\u{FFFD}[31m]]><!--\"'&\r\nc\u{FFFD}";
    assert_eq!(failure.attribute("message"), Some(expected));
    assert!(failure.text().unwrap().contains(expected));
}

/// The sample with `shift` blank lines inserted at the top of every file.
fn shifted(shift: u32) -> common::Sample {
    let mut sample = common::sample();
    let padding = "\n".repeat(shift as usize);
    for text in sample.sources.values_mut() {
        text.insert_str(0, &padding);
    }
    for diagnostic in &mut sample.diagnostics {
        let shift_location = |l: &mut Location| {
            l.line += shift;
            l.end_line += shift;
        };
        shift_location(&mut diagnostic.location);
        diagnostic
            .related
            .iter_mut()
            .for_each(|r| shift_location(&mut r.location));
    }
    sample
}

fn codequality_fingerprints(sample: &common::Sample) -> Vec<String> {
    json_of(Format::CodeQuality, &sample.report())
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn fingerprints_survive_line_shifts_and_match_between_formats() {
    let before = codequality_fingerprints(&common::sample());
    let after = codequality_fingerprints(&shifted(7));
    assert_eq!(before, after);
    let unique: std::collections::BTreeSet<_> = before.iter().collect();
    assert_eq!(unique.len(), before.len(), "fingerprints are unique");
    let sample = common::sample();
    let sarif: Vec<_> = json_of(Format::Sarif, &sample.report())["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"][sarif::FINGERPRINT_KEY]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(sarif, before);
}

#[test]
fn fingerprints_change_when_the_line_content_changes() {
    let mut sample = common::sample();
    let before = codequality_fingerprints(&sample);
    sample.sources.insert(
        common::DEV.to_owned(),
        "image:\n  tag: local\nreplicaCount: 2\n".to_owned(),
    );
    let after = codequality_fingerprints(&sample);
    let changed: Vec<_> = before.iter().zip(&after).map(|(a, b)| a != b).collect();
    let dev_tag = sample
        .diagnostics
        .iter()
        .position(|d| d.rule.as_str() == "image-tag-mutable")
        .unwrap();
    assert!(changed[dev_tag], "the edited line gets a new fingerprint");
    assert_eq!(
        changed.iter().filter(|c| **c).count(),
        1,
        "others keep theirs"
    );
}

#[test]
fn identical_findings_in_one_file_get_distinct_fingerprints() {
    let finding = || {
        Diagnostic::new(
            "dns-label",
            Severity::Error,
            Location::point("a.yaml", 1, 1),
            "bad name",
        )
    };
    let diagnostics = vec![finding(), finding()];
    let sources = BTreeMap::new();
    let report = Report {
        diagnostics: &diagnostics,
        summary: Summary::new(&diagnostics, 1),
        sources: &sources,
        rules: &[],
        tool_version: "0",
    };
    let issues = json_of(Format::CodeQuality, &report);
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
    assert_eq!(issues[0]["severity"], "major");
    assert_eq!(
        issues[0]["location"],
        serde_json::json!({"path": "a.yaml", "lines": {"begin": 1}})
    );
}

#[test]
fn human_colours_only_when_asked() {
    let sample = common::sample();
    let plain = render(Format::Human, &sample.report(), RenderOptions::default()).unwrap();
    let colored = render(
        Format::Human,
        &sample.report(),
        RenderOptions {
            color: true,
            ..RenderOptions::default()
        },
    )
    .unwrap();
    assert!(!plain.contains('\u{1b}'));
    assert!(colored.contains("\u{1b}[1;31merror[secret-path-denied]\u{1b}[0m"));
}

#[test]
fn human_escapes_control_characters_from_findings() {
    let diagnostics = vec![
        Diagnostic::new(
            "dns-label",
            Severity::Error,
            Location::point("a.yaml", 1, 1),
            "name \u{1b}[2J",
        )
        .with_help("x\u{7}y"),
    ];
    let sources = BTreeMap::new();
    let report = Report {
        diagnostics: &diagnostics,
        summary: Summary::new(&diagnostics, 1),
        sources: &sources,
        rules: &[],
        tool_version: "0",
    };
    let text = human::render(&report, false);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
    assert!(text.contains("name \\u{1b}[2J"), "{text}");
}

#[test]
fn human_summary_lines() {
    let summary = |files, errors, warnings, infos| Summary {
        files,
        errors,
        warnings,
        infos,
    };
    assert_eq!(
        human::summary_line(&summary(3, 0, 0, 0), false),
        "no problems found in 3 files"
    );
    assert_eq!(
        human::summary_line(&summary(1, 1, 0, 0), false),
        "1 error, 0 warnings in 1 file"
    );
    assert_eq!(
        human::summary_line(&summary(2, 2, 1, 3), false),
        "2 errors, 1 warning, 3 infos in 2 files"
    );
}
