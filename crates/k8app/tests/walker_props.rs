//! Property tests: the shape walker and the lenient reader take any tree.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use gg_k8app::{ChartVersion, ShapeChecker, ShapeIssueKind, node_from_json};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Keys of the k8app tree (so trees reach deep into the schema) plus noise.
const KEYS: &[&str] = &[
    "appName",
    "image",
    "tag",
    "repository",
    "service",
    "ports",
    "http",
    "externalPort",
    "internalPort",
    "replicas",
    "livenessProbe",
    "mode",
    "httpGet",
    "port",
    "tolerations",
    "extensions",
    "env",
    "configmap",
    "secrets",
    "secretsProvider",
    "provider",
    "vault",
    "imagePullSecrets",
    "name",
    "httpRoute",
    "rules",
    "matches",
    "backendRefs",
    "cache",
    "exporter",
    "serviceMonitor",
    "hpa",
    "pdb",
    "worker",
    "spec",
    "resources",
    "limits",
    "execCommand",
    "command",
    "strategy",
    "rollingUpdate",
    "sharedVolumes",
    "type",
    "",
    "a.b",
];

fn tree() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1.0e9f64..1.0e9).prop_map(Value::from),
        "[a-zA-Z0-9 %./-]{0,12}".prop_map(Value::String),
        proptest::sample::select(KEYS).prop_map(|k| Value::String(k.to_owned())),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..6).prop_map(
                |entries| {
                    let mut map = Map::new();
                    for (key, value) in entries {
                        map.insert(key.to_owned(), value);
                    }
                    Value::Object(map)
                }
            ),
        ]
    })
}

fn version() -> impl Strategy<Value = ChartVersion> {
    proptest::sample::select(vec![
        ChartVersion::new(3, 4, 0),
        ChartVersion::new(3, 6, 0),
        ChartVersion::new(3, 7, 0),
        ChartVersion::new(3, 8, 0),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn walker_never_panics_and_paths_exist(value in tree(), version in version()) {
        let checker = ShapeChecker::new(version);
        let node = node_from_json(&value);
        for issue in checker.check(&node) {
            let keys: Vec<&str> = issue.path.0.iter().filter_map(|s| match s {
                gg_yaml::PathSegment::Key(k) => Some(k.as_str()),
                gg_yaml::PathSegment::Index(_) => None,
            }).collect();
            let reached = issue.path.0.iter().try_fold(&value, |v, s| match s {
                gg_yaml::PathSegment::Key(k) => v.get(k.as_str()),
                gg_yaml::PathSegment::Index(i) => v.get(*i),
            });
            prop_assert!(reached.is_some(), "issue path {} ({keys:?}) not in the tree", issue.path);
            if let ShapeIssueKind::TypeMismatch { expected, .. } = &issue.kind {
                prop_assert!(!expected.is_empty(), "empty expectation at {}", issue.path);
            }
        }
    }

    #[test]
    fn lenient_reading_accepts_every_mapping(value in tree(), version in version()) {
        let checker = ShapeChecker::new(version);
        let result = checker.read_values(&value);
        prop_assert!(result.is_ok(), "read_values failed: {:?} on {}", result.err(), value);
    }
}
