//! Data-driven tests over `fixtures/k8app/{good,bad}/*.yaml`: the generated schema
//! (validated natively with `jsonschema`) and the shape walker must agree.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use gg_k8app::{
    ChartVersion, ShapeChecker, ShapeIssueKind, Values, chart_defaults_name, chart_defaults_yaml,
    values_schema,
};
use gg_yaml::{Limits, Node, PathSegment, load_values};
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

fn fixture_dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/k8app")
        .join(kind)
}

fn fixtures(kind: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(fixture_dir(kind))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {kind}");
    files
}

fn header_values<'t>(text: &'t str, key: &str) -> Vec<&'t str> {
    let prefix = format!("# {key}: ");
    text.lines()
        .filter_map(|line| line.strip_prefix(prefix.as_str()))
        .map(str::trim)
        .collect()
}

fn chart_version(text: &str) -> ChartVersion {
    header_values(text, "chart")
        .first()
        .map_or(ChartVersion::NEWEST, |v| ChartVersion::parse(v).unwrap())
}

fn load(name: &str, text: &str) -> Node {
    load_values(text, name, &Limits::default())
        .unwrap_or_else(|err| panic!("{name}: {err}"))
        .root
}

/// `(json pointer, unknown key or None)` of every jsonschema error.
fn jsonschema_errors(schema: &Value, instance: &Value) -> Vec<(String, Option<String>)> {
    let validator = jsonschema::validator_for(schema).unwrap();
    let mut out = Vec::new();
    for error in validator.iter_errors(instance) {
        let at = error.instance_path().to_string();
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    out.push((at.clone(), Some(key.clone())));
                }
            }
            // `additionalProperties: false` without `properties`: every key is unexpected.
            ValidationErrorKind::FalseSchema => {
                let object = instance.pointer(&at).and_then(Value::as_object).unwrap();
                for key in object.keys() {
                    out.push((at.clone(), Some(key.clone())));
                }
            }
            _ => out.push((at, None)),
        }
    }
    out
}

fn pointer(segments: &[PathSegment]) -> String {
    segments
        .iter()
        .map(|segment| match segment {
            PathSegment::Key(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
            PathSegment::Index(index) => format!("/{index}"),
        })
        .collect()
}

fn is_within(outer: &str, inner: &str) -> bool {
    inner == outer || inner.starts_with(&format!("{outer}/"))
}

#[test]
fn good_fixtures_pass_the_schema_the_walker_and_the_model() {
    for (name, text) in fixtures("good") {
        let version = chart_version(&text);
        let node = load(&name, &text);
        let instance = node.to_json();
        let errors = jsonschema_errors(&values_schema(version), &instance);
        assert!(errors.is_empty(), "{name}: jsonschema: {errors:?}");
        let checker = ShapeChecker::new(version);
        let issues = checker.check(&node);
        assert!(issues.is_empty(), "{name}: walker: {issues:?}");
        Values::from_json(&instance).unwrap_or_else(|err| panic!("{name}: {err}"));
    }
}

#[test]
fn bad_fixtures_find_exactly_the_expected_issues() {
    for (name, text) in fixtures("bad") {
        let version = chart_version(&text);
        let node = load(&name, &text);
        let issues = ShapeChecker::new(version).check(&node);
        let found: BTreeSet<String> = issues
            .iter()
            .map(|issue| match &issue.kind {
                ShapeIssueKind::UnknownKey {
                    suggestion: Some(s),
                    ..
                } => format!("unknown {} -> {s}", issue.path),
                ShapeIssueKind::UnknownKey { .. } => format!("unknown {}", issue.path),
                ShapeIssueKind::TypeMismatch { .. } => format!("type {}", issue.path),
            })
            .collect();
        let expected: BTreeSet<String> = header_values(&text, "expect")
            .into_iter()
            .map(str::to_owned)
            .collect();
        assert!(!expected.is_empty(), "{name} lists no expectations");
        assert_eq!(found, expected, "{name}");
        for issue in &issues {
            assert!(
                issue.span.start.line > 0,
                "{name}: {} has no position",
                issue.path
            );
        }
    }
}

#[test]
fn walker_and_jsonschema_agree_on_bad_fixtures() {
    for (name, text) in fixtures("bad") {
        let version = chart_version(&text);
        let node = load(&name, &text);
        let errors = jsonschema_errors(&values_schema(version), &node.to_json());
        assert!(
            !errors.is_empty(),
            "{name}: the schema accepts a bad fixture"
        );
        let issues = ShapeChecker::new(version).check(&node);

        let unknown_by_schema: BTreeSet<String> = errors
            .iter()
            .filter_map(|(at, key)| {
                key.as_ref()
                    .map(|k| format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")))
            })
            .collect();
        let unknown_by_walker: BTreeSet<String> = issues
            .iter()
            .filter(|i| matches!(i.kind, ShapeIssueKind::UnknownKey { .. }))
            .map(|i| pointer(&i.path.0))
            .collect();
        assert_eq!(unknown_by_walker, unknown_by_schema, "{name}: unknown keys");

        let type_by_schema: Vec<&String> = errors
            .iter()
            .filter(|(_, key)| key.is_none())
            .map(|(at, _)| at)
            .collect();
        let type_by_walker: Vec<String> = issues
            .iter()
            .filter(|i| matches!(i.kind, ShapeIssueKind::TypeMismatch { .. }))
            .map(|i| pointer(&i.path.0))
            .collect();
        for at in &type_by_walker {
            assert!(
                type_by_schema.iter().any(|s| is_within(s, at)),
                "{name}: walker-only mismatch at {at}; schema: {type_by_schema:?}"
            );
        }
        for at in &type_by_schema {
            assert!(
                type_by_walker.iter().any(|w| is_within(at, w)),
                "{name}: schema-only error at {at}; walker: {type_by_walker:?}"
            );
        }
    }
}

#[test]
fn chart_defaults_load_validate_and_read_for_every_version() {
    for version in ChartVersion::releases() {
        let name = chart_defaults_name(version);
        let node = load(&name, chart_defaults_yaml(version));
        let issues = ShapeChecker::new(version).check(&node);
        assert!(issues.is_empty(), "{name}: {issues:?}");
        let instance = node.to_json();
        let errors = jsonschema_errors(&values_schema(version), &instance);
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let values = Values::from_json(&instance).unwrap();
        assert_eq!(values.app_name.as_deref(), Some("app"), "{name}");
        assert_eq!(values.replicas, Some(1), "{name}");
        let sa = if version < ChartVersion::new(3, 5, 0) {
            "app"
        } else {
            ""
        };
        assert_eq!(values.service_account_name.as_deref(), Some(sa), "{name}");
        let has = |key: &str| values_schema(version)["properties"].get(key).is_some();
        for key in [
            "sharedVolumes",
            "httpRoute",
            "gateway",
            "cache",
            "serviceMonitor",
        ] {
            let in_defaults = instance.get(key).is_some();
            assert_eq!(in_defaults, has(key), "{name}: {key} in defaults vs schema");
        }
    }
}

#[test]
fn hints_reach_the_issues() {
    let text = "image:\n  tag: 20240101\nreplicaCount: 2\ncache: {enabled: true}\n";
    let node = load("dev.yaml", text);
    let issues = ShapeChecker::new(ChartVersion::parse("3.6").unwrap()).check(&node);
    let by_path = |p: &str| issues.iter().find(|i| i.path.to_string() == p).unwrap();
    let tag = by_path("image.tag");
    assert!(tag.hint().unwrap().contains("quote"), "{tag:?}");
    assert_eq!(
        tag.message(),
        "`image.tag` should be a string, found an integer (20240101)"
    );
    assert_eq!((tag.span.start.line, tag.span.start.column), (2, 8));
    let replica_count = by_path("replicaCount");
    assert_eq!(
        (
            replica_count.span.start.line,
            replica_count.span.start.column
        ),
        (3, 1)
    );
    assert!(replica_count.message().contains("did you mean `replicas`"));
    assert!(by_path("cache").hint().unwrap().contains("3.7.0"));
}

#[test]
fn keys_of_other_releases_name_the_release_that_reads_them_and_the_replacement() {
    let text = "httpRoute: {enabled: true}\nSecretProviderClass: {enabled: true}\n";
    let node = load("prod.yaml", text);
    let issues = ShapeChecker::new(ChartVersion::NEWEST).check(&node);
    let by_path = |p: &str| issues.iter().find(|i| i.path.to_string() == p).unwrap();
    let renamed = by_path("httpRoute").hint().unwrap();
    assert!(
        renamed.contains("3.10.9") && renamed.contains("`gateway`"),
        "{renamed}"
    );
    let retired = by_path("SecretProviderClass");
    assert!(!retired.message().contains("did you mean"), "{retired:?}");
    let hint = retired.hint().unwrap();
    assert!(
        hint.contains("3.1.x") && hint.contains("secretsProvider"),
        "{hint}"
    );
}
