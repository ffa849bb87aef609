//! The built policy module in a waPC host (wasmtime, as Kubewarden's policy
//! evaluator runs policies) against the judge of `gitops-guard serve` in this
//! process: every `fixtures/admission` review and generated ones get the same
//! decision, message, code and warnings in every mode; settings are checked
//! through the module's `validate_settings`.
//!
//! The module comes from `scripts/build-policy.sh` (its path in
//! `GG_POLICY_WASM`, else `target/kubewarden/gitops-guard-policy.wasm`); the
//! tests skip with a message without it, unless `GG_REQUIRE_POLICY` is set.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::path::{Path, PathBuf};

use gg_admission::{Exemptions, Mode, PreparedPlatform, decode_review, judge};
use gg_platform::{LoadOptions, MemoryFiles, load_platform};
use kube_core::admission::AdmissionResponse;
use proptest::prelude::*;
use serde_json::{Value, json};
use wapc::WapcHost;
use wasmtime_provider::WasmtimeEngineProviderBuilder;

/// The repository root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The example platform's files: (settings field, path below the example).
const PLATFORM: [(&str, &str); 3] = [
    ("base", "platform/base.yaml"),
    ("core", "platform/core.yaml"),
    ("k8appDefaults", "shared/k8app-defaults.yaml"),
];

/// A text of the example platform (Acme Shop, namespaces `shop-{env}`).
fn example(file: &str) -> String {
    std::fs::read_to_string(root().join("fixtures/example/gitops-config").join(file)).unwrap()
}

/// The policy settings carrying the example platform, in `mode`, exempting
/// `exempt`.
fn settings(mode: &str, exempt: &[&str]) -> Value {
    let platform: serde_json::Map<String, Value> = PLATFORM
        .iter()
        .map(|(field, file)| ((*field).to_owned(), Value::String(example(file))))
        .collect();
    json!({"mode": mode, "exemptUsers": exempt, "platform": platform})
}

/// The example platform as `serve` loads it from disk.
fn native_platform() -> PreparedPlatform {
    let mut files = MemoryFiles::new();
    for (_, file) in PLATFORM {
        files.insert(format!("p/{file}"), example(file));
    }
    let options = LoadOptions {
        platform_dir: Some("p".to_owned()),
        ..LoadOptions::default()
    };
    PreparedPlatform::new(load_platform(&files, &[], &options)).unwrap()
}

/// The built module in a waPC host, or `None` (with a message) when it was
/// not built and no variable demands it.
fn host() -> Option<WapcHost> {
    let module = std::env::var_os("GG_POLICY_WASM").map_or_else(
        || root().join("target/kubewarden/gitops-guard-policy.wasm"),
        PathBuf::from,
    );
    if !module.exists() {
        assert!(
            std::env::var_os("GG_REQUIRE_POLICY").is_none(),
            "GG_REQUIRE_POLICY is set but {} does not exist (scripts/build-policy.sh builds it)",
            module.display()
        );
        eprintln!(
            "skipped: no policy module at {} (build it with scripts/build-policy.sh)",
            module.display()
        );
        return None;
    }
    let bytes = std::fs::read(&module).unwrap();
    let engine = WasmtimeEngineProviderBuilder::new()
        .module_bytes(&bytes)
        .wasi_params(wapc::WasiParams::default())
        .build()
        .unwrap();
    Some(WapcHost::new(Box::new(engine), None).unwrap())
}

/// Calls `function` of the module with `payload` and decodes its answer.
fn call(host: &WapcHost, function: &str, payload: &Value) -> Value {
    let answer = host
        .call(function, &serde_json::to_vec(payload).unwrap())
        .unwrap();
    serde_json::from_slice(&answer).unwrap()
}

/// The webhook's answer in the policy's terms (`ValidationResponse`).
fn as_policy_answer(response: &AdmissionResponse) -> Value {
    let mut answer = json!({"accepted": response.allowed});
    if !response.allowed {
        answer["message"] = json!(response.result.message);
        answer["code"] = json!(response.result.code);
    }
    if let Some(warnings) = &response.warnings {
        answer["warnings"] = json!(warnings);
    }
    answer
}

/// The policy's answer without the fields it leaves empty.
fn without_nulls(mut answer: Value) -> Value {
    if let Some(fields) = answer.as_object_mut() {
        fields.retain(|_, value| !value.is_null());
    }
    answer
}

/// Judges `review` natively and in the module; panics on any difference.
fn same_answer(
    host: &WapcHost,
    platform: &PreparedPlatform,
    name: &str,
    review: &Value,
    mode: &str,
    exempt: &[&str],
) -> Value {
    let request = decode_review(&serde_json::to_vec(review).unwrap()).unwrap();
    let exemptions = Exemptions {
        users: exempt.iter().map(|user| (*user).to_owned()).collect(),
    };
    let decision = judge(
        platform.context(),
        &exemptions,
        mode.parse::<Mode>().unwrap(),
        &request,
    );
    let native = as_policy_answer(&decision.response);
    let payload = json!({"request": review["request"], "settings": settings(mode, exempt)});
    let policy = without_nulls(call(host, "validate", &payload));
    assert_eq!(policy, native, "{name} in mode {mode}");
    policy
}

/// Every AdmissionReview fixture: (name, review).
fn fixtures() -> Vec<(String, Value)> {
    let mut out: Vec<_> = std::fs::read_dir(root().join("fixtures/admission"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let review = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            (
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                review,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_fixture_gets_the_webhooks_answer_in_every_mode() {
    let Some(host) = host() else { return };
    let platform = native_platform();
    let fixtures = fixtures();
    assert!(fixtures.len() > 20, "{} fixtures", fixtures.len());
    for (name, review) in &fixtures {
        let enforced = same_answer(&host, &platform, name, review, "enforce", &[]);
        assert_eq!(
            enforced["accepted"],
            json!(name.starts_with("allowed")),
            "{name}: {enforced}"
        );
        let warned = same_answer(&host, &platform, name, review, "warn", &[]);
        assert_eq!(warned["accepted"], json!(true), "{name}");
        same_answer(&host, &platform, name, review, "audit", &[]);
        if let Some(user) = review["request"]["userInfo"]["username"].as_str() {
            let exempted = same_answer(&host, &platform, name, review, "enforce", &[user]);
            assert_eq!(exempted, json!({"accepted": true}), "{name}");
        }
    }
}

/// A review of a fixture's object changed the ways reviews differ: another
/// namespace, name, operation, app label, and settings with secret-looking
/// names.
fn generated() -> impl Strategy<Value = (String, Value)> {
    let fixtures = fixtures();
    (
        0..fixtures.len(),
        prop_oneof![
            Just("shop-dev"),
            Just("shop-prod"),
            Just("shop-staging"),
            Just("kube-system"),
            Just("other")
        ],
        "[a-z][a-z0-9-]{0,30}",
        prop_oneof![Just("CREATE"), Just("UPDATE"), Just("DELETE")],
        proptest::option::of("[a-z][a-z0-9-]{0,12}"),
        proptest::collection::btree_map(
            "(DB_PASSWORD|API_TOKEN|SECRET_KEY|LOG_LEVEL|URL)_[A-Z]{0,3}",
            "[ -~]{0,40}",
            0..4,
        ),
    )
        .prop_map(move |(index, namespace, name, operation, app, settings)| {
            let (fixture, mut review) = fixtures[index].clone();
            let request = &mut review["request"];
            request["namespace"] = json!(namespace);
            request["operation"] = json!(operation);
            request["name"] = json!(name);
            if let Some(object) = request["object"].as_object_mut() {
                object.insert(
                    "metadata".to_owned(),
                    json!({"name": name, "namespace": namespace, "labels": {}}),
                );
                if let Some(app) = app {
                    object["metadata"]["labels"]["app"] = json!(app);
                }
                if fixture.ends_with("configmap") {
                    object.insert("data".to_owned(), json!(settings));
                }
            }
            (
                format!("{fixture} as {operation} of {namespace}/{name}"),
                review,
            )
        })
}

#[test]
fn generated_reviews_get_the_webhooks_answer() {
    let Some(host) = host() else { return };
    let platform = native_platform();
    let config = ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |((name, review) in generated(), mode in prop_oneof![Just("enforce"), Just("warn"), Just("audit")])| {
        same_answer(&host, &platform, &name, &review, mode, &[]);
    });
}

#[test]
fn requests_that_do_not_decode_are_rejected_with_their_position() {
    let Some(host) = host() else { return };
    let answer = host.call("validate", b"{\"request\": [1,").unwrap();
    let answer: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(answer["accepted"], json!(false), "{answer}");
    assert_eq!(answer["code"], json!(400), "{answer}");
    let message = answer["message"].as_str().unwrap();
    assert!(message.contains("line 1"), "{message}");
}

/// `validate_settings` on `settings`: (valid, message).
fn checked(host: &WapcHost, settings: &Value) -> (bool, String) {
    let answer = call(host, "validate_settings", settings);
    (
        answer["valid"].as_bool().unwrap(),
        answer["message"].as_str().unwrap_or_default().to_owned(),
    )
}

#[test]
fn good_settings_are_accepted() {
    let Some(host) = host() else { return };
    for mode in ["enforce", "warn", "audit"] {
        assert_eq!(
            checked(&host, &settings(mode, &["system:serviceaccount:argocd:*"])),
            (true, String::new())
        );
    }
    let base_only = json!({"platform": {"base": example("platform/base.yaml")}});
    assert_eq!(checked(&host, &base_only), (true, String::new()));
}

#[test]
fn bad_settings_are_refused_naming_the_field() {
    let Some(host) = host() else { return };
    let base = example("platform/base.yaml");
    let cases = [
        (json!(null), "settings: missing"),
        (json!([]), "settings: expected an object"),
        (json!({"mode": "enforce"}), "settings `platform`: required"),
        (
            json!({"platform": {}}),
            "settings `platform.base`: required",
        ),
        (
            json!({"platform": "x"}),
            "settings `platform`: expected an object",
        ),
        (
            json!({"platform": {"base": 3}}),
            "settings `platform.base`: expected a string, got a number",
        ),
        (
            json!({"mode": "protect", "platform": {"base": base}}),
            "settings `mode`:",
        ),
        (
            json!({"mode": 1, "platform": {"base": base}}),
            "settings `mode`: expected a string",
        ),
        (
            json!({"exemptUsers": "argocd", "platform": {"base": base}}),
            "settings `exemptUsers`: expected a list",
        ),
        (
            json!({"exemptUsers": ["a", 2], "platform": {"base": base}}),
            "settings `exemptUsers[1]`: expected a string",
        ),
        (
            json!({"modes": "warn", "platform": {"base": base}}),
            "settings `modes`: unknown field",
        ),
        (
            json!({"platform": {"base": base, "cores": ""}}),
            "settings `platform.cores`: unknown field",
        ),
        (
            json!({"platform": {"base": base, "core": "services:\n  orders: [unclosed\n"}}),
            "settings `platform.core`: line ",
        ),
    ];
    for (settings, expected) in cases {
        let (valid, message) = checked(&host, &settings);
        assert!(!valid, "{settings} was accepted");
        assert!(
            message.starts_with(expected),
            "{settings}: {message:?} does not start with {expected:?}"
        );
    }
}

#[test]
fn unusable_settings_reject_every_request_naming_the_field() {
    let Some(host) = host() else { return };
    let (_, review) = fixtures().into_iter().next().unwrap();
    let payload = json!({"request": review["request"], "settings": {"platform": {}}});
    let answer = call(&host, "validate", &payload);
    assert_eq!(answer["accepted"], json!(false), "{answer}");
    assert_eq!(answer["code"], json!(500), "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .starts_with("settings `platform.base`: required"),
        "{answer}"
    );
}
