//! Agreement with the real thing: the effective capabilities computed by [`Acl`] must
//! equal what an OpenBao dev server answers on `POST /v1/sys/capabilities`, for tokens
//! holding sets of generated and hand-written (overlapping, tricky) policies and
//! thousands of request paths generated from the policies' own segments.
//!
//! The server is [`DevServer`]: without a `bao` binary the test is skipped,
//! unless `GG_REQUIRE_OPENBAO=1`, which makes it fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::collections::BTreeSet;
use std::time::Instant;

use gg_vault::{
    Acl, Kv2Mount, PlatformVaultSettings, Policy, PreviewVault, parse_policy, print_policy,
};
use gg_vault_client::testing::DevServer;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRng, TestRunner};
use serde_json::{Value, json};

const PATHS_PER_SET: usize = 520;

/// The three calls the agreement needs, on a dev server.
trait Agreement {
    fn write_policy(&self, name: &str, text: &str) -> (u16, Value);
    fn token(&self, policies: &[&str]) -> String;
    fn capabilities(&self, token: &str, paths: &[String]) -> Vec<Vec<String>>;
}

impl Agreement for DevServer {
    fn write_policy(&self, name: &str, text: &str) -> (u16, Value) {
        self.request(
            "PUT",
            &format!("sys/policies/acl/{name}"),
            Some(&json!({ "policy": text })),
            None,
        )
    }

    fn token(&self, policies: &[&str]) -> String {
        let (status, body) = self.request(
            "POST",
            "auth/token/create",
            Some(&json!({ "policies": policies, "no_default_policy": true, "ttl": "1h" })),
            None,
        );
        assert_eq!(status, 200, "token create: {body}");
        body["auth"]["client_token"].as_str().unwrap().to_owned()
    }

    fn capabilities(&self, token: &str, paths: &[String]) -> Vec<Vec<String>> {
        let (status, body) = self.request(
            "POST",
            "sys/capabilities",
            Some(&json!({ "token": token, "paths": paths })),
            None,
        );
        assert_eq!(status, 200, "sys/capabilities: {body}");
        paths
            .iter()
            .map(|p| {
                let list = body["data"][p.as_str()]
                    .as_array()
                    .unwrap_or_else(|| panic!("no answer for {p:?} in {body}"));
                list.iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect()
            })
            .collect()
    }
}

/// Hand-written policies: overlaps, priority edges, literal `*`/`+`, deny, duplicates.
const HAND_WRITTEN: &[(&str, &str)] = &[
    (
        "overlap",
        r#"
path "secret/data/app/+/config"   { capabilities = ["read"] }
path "secret/data/app/*"          { capabilities = ["list"] }
path "secret/data/app/a*"         { capabilities = ["update"] }
path "secret/data/app/+/+/baz"    { capabilities = ["create"] }
path "secret/data/app/bar/+/baz"  { capabilities = ["delete"] }
path "secret/data/app/bar/+/ba*"  { capabilities = ["patch"] }
path "secret/data/app/+/+/*"      { capabilities = ["sudo"] }
path "secret/data/app/exact"      { capabilities = ["read", "create"] }
path "secret/data/app/exact/"     { capabilities = ["list"] }
path "secret/data/app/+/+"        { capabilities = ["read", "list"] }
"#,
    ),
    (
        "literal",
        r#"
path "secret/data/gitops-poc-dzha/*/dev/*" { capabilities = ["read"] }
path "secret/data/a+b/c"                   { capabilities = ["read"] }
path "secret/data/x/+y/*"                  { capabilities = ["list"] }
path "secret/data/x/+y"                    { capabilities = ["update"] }
path "+/data/+"                            { capabilities = ["list"] }
path "secret/+"                            { capabilities = ["create"] }
path "/secret/metadata/*"                  { capabilities = ["read"] }
path "secret/data/trail/"                  { capabilities = ["update"] }
path "secret/data/+/+/*"                   { capabilities = ["patch"] }
path "secret/data/app/*/x"                 { capabilities = ["delete"] }
path "secret/data/app/+/config*"           { capabilities = ["scan"] }
"#,
    ),
    (
        "deny",
        r#"
path "secret/data/app/*"          { capabilities = ["deny"] }
path "secret/data/app/+/config"   { capabilities = ["read", "deny"] }
path "secret/data/app/exact"      { policy = "write" }
path "secret/data/empty*"         { capabilities = [] }
path "secret/data/app/+/+"        { policy = "deny" }
path "secret/metadata/app/+/*"    { capabilities = ["list", "read"] }
"#,
    ),
    (
        "same-pattern",
        r#"
path "secret/data/app/*"          { capabilities = ["read"] }
path "secret/data/app/+/config"   { capabilities = ["update"] }
path "secret/data/app/+/+/*"      { capabilities = ["list"] }
path "secret/data/app/*"          { capabilities = ["create"] }
path "secret/data/empty*"         { capabilities = ["read"] }
path "secret/data/app/exact/"     { capabilities = ["read"] }
"#,
    ),
    (
        "wide",
        r#"
// everything, with holes
path "*"           { capabilities = ["read"] }
path "+/+/*"       { capabilities = ["list"] }
path "+"           { capabilities = ["update"] }
path "+/+/+/*"     { capabilities = ["patch"] }
path "secret/*"    { capabilities = ["deny"] }
path "secret/data" { capabilities = ["create"] }
"#,
    ),
];

fn platform_policies() -> Vec<(String, String)> {
    let settings = PlatformVaultSettings {
        vault_path_prefix: "gitops-poc-dzha".into(),
        namespace_prefix: "poc".into(),
        environments: vec!["dev".into(), "staging".into()],
        mount: Kv2Mount::default(),
        services: vec!["api-gw".into(), "dev".into()],
        preview: Some(PreviewVault {
            path: "gitops-poc-dzha/argocd/gitlab-preview/dev".into(),
        }),
    };
    settings
        .generate()
        .policies
        .into_iter()
        .map(|named| (named.name, print_policy(&named.policy)))
        .collect()
}

/// Token policy sets, by policy name.
const SETS: &[&[&str]] = &[
    &["poc-dev-read"],
    &[
        "poc-dev-read",
        "gitops-poc-dzha-api-gw-dev",
        "gitops-poc-dzha-dev-staging",
    ],
    &["poc-staging-read", "argocd-preview-read", "poc-dev-read"],
    &["overlap"],
    &["literal"],
    &["overlap", "deny"],
    &["overlap", "same-pattern"],
    &["same-pattern", "deny", "literal"],
    &["wide"],
    &["wide", "overlap", "literal"],
    &[
        "poc-dev-read",
        "poc-staging-read",
        "overlap",
        "literal",
        "deny",
        "same-pattern",
        "wide",
    ],
    &["same-pattern"],
];

/// Segments and near-misses taken from the patterns, plus edge segments.
fn vocabulary(patterns: &[String]) -> Vec<String> {
    let mut words: BTreeSet<String> = [
        "", "+", "*", "x", "config", "dev", "staging", "prod", "a", "b", "ba", "bazz", "+y", "a+b",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for pattern in patterns {
        for segment in pattern.split('/') {
            let bare = segment.trim_end_matches('*');
            words.insert(segment.to_owned());
            words.insert(bare.to_owned());
            words.insert(format!("{bare}x"));
            if let Some(first) = bare.chars().next() {
                words.insert(first.to_string());
            }
        }
    }
    words.into_iter().collect()
}

/// Request paths: a pattern's own parts kept or swapped, extended or cut, with
/// optional leading and trailing slashes.
fn paths(patterns: Vec<Vec<String>>, vocabulary: Vec<String>) -> impl Strategy<Value = String> {
    let word = prop::sample::select(vocabulary);
    (
        prop::sample::select(patterns),
        prop::collection::vec((any::<bool>(), word.clone()), 8),
        prop::collection::vec(word, 0..3),
        0usize..8,
        any::<bool>(),
        prop::sample::select(vec![false, false, false, true]),
    )
        .prop_map(|(parts, swaps, extra, cut, trailing, leading)| {
            let mut out: Vec<String> = parts
                .iter()
                .zip(swaps.iter().cycle())
                .map(|(part, (swap, word))| {
                    if *swap && part != "secret" {
                        word.clone()
                    } else {
                        part.trim_end_matches('*').to_owned()
                    }
                })
                .collect();
            out.extend(extra);
            out.truncate(out.len().saturating_sub(cut % 3).max(1));
            let mut path = out.join("/");
            if trailing {
                path.push('/');
            }
            if leading {
                path.insert(0, '/');
            }
            path
        })
        .prop_filter("sys/capabilities needs a path; commas split lists", |p| {
            !p.is_empty() && !p.contains(',')
        })
}

#[test]
fn capabilities_agree_with_openbao() {
    let started = Instant::now();
    let Some(bao) = DevServer::start().unwrap() else {
        return; // DevServer printed why (and fails under GG_REQUIRE_OPENBAO=1).
    };

    let mut library: Vec<(String, String)> = platform_policies();
    library.extend(
        HAND_WRITTEN
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned())),
    );
    for (name, text) in &library {
        let (status, body) = bao.write_policy(name, text);
        assert!(
            status == 200 || status == 204,
            "policy {name} rejected ({status}): {body}\n{text}"
        );
    }

    // `+*` is the one glob the server refuses; the ACL refuses it too.
    let plus_star = "path \"secret/data/+*\" { capabilities = [\"read\"] }";
    let (status, body) = bao.write_policy("plus-star", plus_star);
    assert_eq!(status, 400, "server accepted `+*`: {body}");
    assert!(Acl::new(&[parse_policy(plus_star).unwrap()]).is_err());

    let parsed = |name: &str| -> Policy {
        let text = &library.iter().find(|(n, _)| n == name).unwrap().1;
        parse_policy(text).unwrap()
    };
    let mut rng_runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    let mut comparisons = 0usize;
    let mut disagreements = Vec::new();
    for set in SETS {
        let policies: Vec<Policy> = set.iter().map(|n| parsed(n)).collect();
        let acl = Acl::new(&policies).unwrap();
        let patterns: Vec<String> = policies
            .iter()
            .flat_map(|p| p.rules.iter().map(|r| r.path.value.clone()))
            .collect();
        let strategy = paths(
            patterns
                .iter()
                .map(|p| {
                    p.trim_start_matches('/')
                        .split('/')
                        .map(str::to_owned)
                        .collect()
                })
                .collect(),
            vocabulary(&patterns),
        );
        let mut unique = BTreeSet::new();
        while unique.len() < PATHS_PER_SET {
            unique.insert(strategy.new_tree(&mut rng_runner).unwrap().current());
        }
        let token = bao.token(set);
        let all: Vec<String> = unique.into_iter().collect();
        for batch in all.chunks(260) {
            let theirs = bao.capabilities(&token, batch);
            for (path, theirs) in batch.iter().zip(theirs) {
                comparisons += 1;
                let ours: Vec<String> = acl
                    .capabilities(path)
                    .to_report()
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                if ours != theirs {
                    disagreements.push(format!("set {set:?} path {path:?}: ours {ours:?}, OpenBao {theirs:?} (decided by {:?})", acl.decide(path).matched.map(|m| m.pattern)));
                }
            }
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "OpenBao agreement: {comparisons} comparisons over {} policy sets in {elapsed:?}",
        SETS.len()
    );
    if !disagreements.is_empty() {
        let policies: Vec<String> = library
            .iter()
            .map(|(n, t)| format!("--- {n}\n{t}"))
            .collect();
        panic!(
            "{} disagreements with OpenBao:\n{}\n\npolicies:\n{}",
            disagreements.len(),
            disagreements
                .iter()
                .take(40)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n"),
            policies.join("\n")
        );
    }
    assert!(comparisons >= 5000, "only {comparisons} comparisons");
}
