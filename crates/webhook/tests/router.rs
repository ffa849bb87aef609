//! The webhook's router in-process: every object kind allowed and denied, the
//! modes, exemptions, the warning limits, and every malformed request.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use gg_webhook::{AppState, Exemptions, Mode, PreparedPlatform, Settings, router};
use serde_json::{Value, json};
use tower::ServiceExt;

fn state(settings: Settings) -> Arc<AppState> {
    let state = AppState::new(settings);
    state.use_platform(PreparedPlatform::new(support::platform()).unwrap());
    state
}

async fn call(state: &Arc<AppState>, request: Request<Body>) -> (StatusCode, Vec<u8>) {
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, body.to_vec())
}

fn post(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/json")
        .body(body.into())
        .unwrap()
}

/// POSTs a review and returns the response part of the answer.
async fn review(state: &Arc<AppState>, path: &str, body: Vec<u8>) -> Value {
    let (status, bytes) = call(state, post(path, body)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(answer["apiVersion"], "admission.k8s.io/v1");
    assert_eq!(answer["kind"], "AdmissionReview");
    answer["response"].clone()
}

fn warnings(response: &Value) -> Vec<String> {
    response["warnings"]
        .as_array()
        .map(|w| w.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_fixture_gets_its_expected_answer() {
    let state = state(Settings::default());
    let fixtures = support::fixtures();
    assert!(fixtures.len() >= 26, "{} fixtures", fixtures.len());
    for (name, body, json) in fixtures {
        let response = review(&state, "/validate", body).await;
        let expect = &json["expect"];
        assert_eq!(response["uid"], json["request"]["uid"], "{name}");
        assert_eq!(response["allowed"], expect["allowed"], "{name}: {response}");
        let message = response["status"]["message"].as_str().unwrap_or_default();
        let rules: Vec<&str> = expect["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        for rule in &rules {
            assert!(
                message.contains(&format!("[{rule}]")),
                "{name}: {rule} missing in {message}"
            );
        }
        assert_eq!(
            message.matches("\n[").count(),
            rules.len(),
            "{name}: {message}"
        );
        if expect["allowed"] == true {
            assert!(response.get("warnings").is_none(), "{name}: {response}");
        } else {
            assert_eq!(response["status"]["code"], 403, "{name}");
        }
    }
}

#[tokio::test]
async fn denials_name_the_pointer_and_the_cicd_file() {
    let state = state(Settings::default());
    let response = review(&state, "/validate", support::fixture("denied-deployment")).await;
    let message = response["status"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("gitops-guard denied Deployment shop-prod/orders: 2 error(s)"),
        "{message}"
    );
    assert!(
        message.contains("`/spec/template/spec/imagePullSecrets`"),
        "{message}"
    );
    assert!(
        message.contains("`/spec/template/spec/containers/0/env/3/value`"),
        "{message}"
    );
    assert!(message.contains("fix `imagePullSecrets` in orders/.cicd/prod.yaml or orders/.cicd/default.yaml (service `orders`, Application `orders-prod`)"), "{message}");
    let response = review(&state, "/validate", support::fixture("denied-configmap")).await;
    let message = response["status"]["message"].as_str().unwrap();
    assert!(
        message.contains("fix `configmap.DB_PASSWORD` in orders/.cicd/prod.yaml"),
        "{message}"
    );
    assert!(
        !message.contains("correct-horse-battery"),
        "a denial never quotes secret data: {message}"
    );
}

#[tokio::test]
async fn an_ingress_host_outside_its_domain_is_admitted_with_a_warning() {
    let state = state(Settings::default());
    let text = String::from_utf8(support::fixture("allowed-ingress")).unwrap();
    let outside = text.replace("api.www.acme-shop.example", "orders.acme-shop.example");
    let response = review(&state, "/validate", outside.into_bytes()).await;
    assert_eq!(response["allowed"], true, "{response}");
    let lines = warnings(&response);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("[ingress-hostname] `/spec/rules/0/host`"),
        "{lines:?}"
    );
    assert!(lines[0].contains("`www.acme-shop.example`"), "{lines:?}");
}

#[tokio::test]
async fn warn_mode_never_denies_and_audit_mode_stays_silent() {
    let state = state(Settings::default());
    let denied = support::fixture("denied-deployment");
    let warned = review(&state, "/validate/warn", denied.clone()).await;
    assert_eq!(warned["allowed"], true);
    let lines = warnings(&warned);
    assert!(
        lines.iter().any(|w| w
            .starts_with("[image-pull-secrets-missing] `/spec/template/spec/imagePullSecrets`")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|w| w.contains("orders/.cicd/prod.yaml")),
        "the fix survives the cut: {lines:?}"
    );
    let audited = review(&state, "/validate/audit", denied.clone()).await;
    assert_eq!(audited["allowed"], true);
    assert!(audited.get("warnings").is_none(), "{audited}");
    // A namespace can lower the mode, never raise it.
    let lenient = self::state(Settings {
        mode: Mode::Warn,
        ..Settings::default()
    });
    assert_eq!(
        review(&lenient, "/validate", denied.clone()).await["allowed"],
        true
    );
    assert_eq!(
        review(&lenient, "/validate/enforce", denied).await["allowed"],
        true
    );
    let (status, _) = call(&state, post("/validate/deny", "{}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn exempt_users_pass_unjudged() {
    let state = state(Settings {
        exemptions: Exemptions {
            users: vec!["system:serviceaccount:argocd:*".to_owned()],
        },
        ..Settings::default()
    });
    assert_eq!(
        review(&state, "/validate", support::fixture("denied-deployment")).await["allowed"],
        true
    );
    // jane is not exempt
    assert_eq!(
        review(&state, "/validate", support::fixture("denied-pod")).await["allowed"],
        false
    );
}

#[tokio::test]
async fn warnings_stay_within_kubernetes_limits() {
    let state = state(Settings {
        mode: Mode::Warn,
        ..Settings::default()
    });
    let mut body: Value = serde_json::from_slice(&support::fixture("denied-configmap")).unwrap();
    let data: serde_json::Map<String, Value> = (0..200)
        .map(|i| {
            (
                format!(
                    "SERVICE_{i}_PASSWORD_WITH_A_RATHER_LONG_NAME_{}",
                    "X".repeat(40)
                ),
                json!("literal"),
            )
        })
        .collect();
    body["request"]["object"]["data"] = Value::Object(data);
    let response = review(&state, "/validate", serde_json::to_vec(&body).unwrap()).await;
    assert_eq!(response["allowed"], true);
    let lines = warnings(&response);
    assert!(lines.iter().all(|w| w.chars().count() <= 256), "{lines:?}");
    let total: usize = lines.iter().map(|w| w.chars().count()).sum();
    assert!(total <= 4096, "{total}");
    assert!(
        lines.last().unwrap().starts_with("… and "),
        "{:?}",
        lines.last()
    );
}

/// A ConfigMap review whose data has `count` keys the credentials check flags.
fn configmap_with_credentials(count: usize) -> Vec<u8> {
    let mut body: Value = serde_json::from_slice(&support::fixture("denied-configmap")).unwrap();
    let data: serde_json::Map<String, Value> = (0..count)
        .map(|i| {
            (
                format!("SERVICE_{i}_PASSWORD"),
                json!(format!("literal-{i}")),
            )
        })
        .collect();
    body["request"]["object"]["data"] = Value::Object(data);
    serde_json::to_vec(&body).unwrap()
}

#[tokio::test]
async fn a_denial_with_many_findings_shows_whole_findings_then_the_count_of_the_rest() {
    let state = state(Settings::default());
    let response = review(&state, "/validate", configmap_with_credentials(80)).await;
    assert_eq!(response["allowed"], false);
    let message = response["status"]["message"].as_str().unwrap();
    assert!(
        message.chars().count() <= gg_admission::denial::MAX_DENIAL,
        "{} characters",
        message.chars().count()
    );
    assert!(
        message.starts_with("gitops-guard denied ConfigMap shop-prod/orders: 80 error(s)\n"),
        "{message}"
    );
    let shown = message.matches("\n[configmap-credentials] `/data/").count();
    assert!((3..80).contains(&shown), "{shown} shown: {message}");
    // whole findings: each one shown has its fix, the last one too
    assert_eq!(
        message.matches("\n  fix: fix `configmap.").count(),
        shown,
        "{message}"
    );
    let tail: Vec<&str> = message.lines().rev().take(3).collect();
    assert!(tail[2].starts_with("  fix: "), "{tail:?}");
    assert_eq!(
        tail[1],
        format!(
            "… and {} more error(s): run `gitops-guard lint` on the service's .cicd files to see them all",
            80 - shown
        )
    );
    assert_eq!(tail[0], "(`gitops-guard explain <rule>` explains a rule)");
    assert!(!message.contains("literal-"), "no secret data: {message}");
}

#[tokio::test]
async fn every_finding_is_exactly_one_warning_line() {
    let state = state(Settings::default());
    let mut judged = 0;
    for (name, body, json) in support::fixtures() {
        let rules: Vec<String> = json["expect"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_owned())
            .collect();
        let response = review(&state, "/validate/warn", body).await;
        assert_eq!(response["allowed"], true, "{name}");
        let lines = warnings(&response);
        assert_eq!(lines.len(), rules.len(), "{name}: {lines:#?}");
        for (line, rule) in lines.iter().zip(&rules) {
            assert!(
                line.starts_with(&format!("[{rule}] `/")),
                "{name}: rule id and pointer first: {line}"
            );
            assert!(line.chars().count() <= 256, "{name}: {line}");
            assert_eq!(line.matches(" → ").count(), 1, "{name}: {line}");
        }
        judged += usize::from(!rules.is_empty());
    }
    assert!(judged >= 12, "{judged} fixtures with findings");
    // The finding that used to arrive as two warnings: one line, with its fix.
    let response = review(
        &state,
        "/validate/warn",
        support::fixture("denied-deployment"),
    )
    .await;
    let lines = warnings(&response);
    let pull = lines
        .iter()
        .filter(|line| line.contains("image-pull-secrets-missing"))
        .collect::<Vec<_>>();
    assert_eq!(pull.len(), 1, "{lines:#?}");
    assert!(
        pull[0]
            .starts_with("[image-pull-secrets-missing] `/spec/template/spec/imagePullSecrets`: "),
        "{}",
        pull[0]
    );
    assert!(
        pull[0].ends_with(
            " → fix `imagePullSecrets` in orders/.cicd/prod.yaml or orders/.cicd/default.yaml"
        ),
        "{}",
        pull[0]
    );
}

#[tokio::test]
async fn many_findings_are_as_many_warnings_as_fit_then_the_count_line() {
    let state = state(Settings {
        mode: Mode::Warn,
        ..Settings::default()
    });
    let response = review(&state, "/validate", configmap_with_credentials(80)).await;
    let lines = warnings(&response);
    let total: usize = lines.iter().map(|w| w.chars().count()).sum();
    assert!(total <= 4096, "{total}");
    let (last, findings) = lines.split_last().unwrap();
    assert!(
        findings
            .iter()
            .all(|w| w.starts_with("[configmap-credentials] `/data/SERVICE_")
                && w.chars().count() <= 256),
        "{findings:#?}"
    );
    assert_eq!(
        *last,
        format!(
            "… and {} more finding(s): run `gitops-guard lint` on the service's .cicd files to see them all",
            80 - findings.len()
        )
    );
}

#[tokio::test]
async fn malformed_requests_get_precise_answers() {
    let state = state(Settings::default());
    let (status, body) = call(
        &state,
        post(
            "/validate",
            "{\"apiVersion\": \"admission.k8s.io/v1\", \"password\": \"hunter2",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["response"]["allowed"], false);
    assert!(!String::from_utf8_lossy(&body).contains("hunter2"));
    let (status, _) = call(
        &state,
        post(
            "/validate",
            r#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7}}"#,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Nesting as deep as the body limit allows: refused, never recursed into.
    let deep = format!(
        r#"{{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{{"object":{}"#,
        "[".repeat(gg_webhook::app::MAX_BODY - 100)
    );
    let (status, body) = call(&state, post("/validate", deep)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&body).contains("deeper than 128 levels"));
    let wrong_type = Request::post("/validate")
        .header("content-type", "application/yaml")
        .body(Body::from(support::fixture("allowed-deployment")))
        .unwrap();
    assert_eq!(
        call(&state, wrong_type).await.0,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let none = Request::post("/validate").body(Body::from("{}")).unwrap();
    assert_eq!(
        call(&state, none).await.0,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let oversize = vec![b' '; gg_webhook::app::MAX_BODY + 1];
    let declared = Request::post("/validate")
        .header("content-type", "application/json")
        .header("content-length", oversize.len())
        .body(Body::from(oversize.clone()))
        .unwrap();
    assert_eq!(
        call(&state, declared).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // Without a declared length the limit applies while reading.
    assert_eq!(
        call(&state, post("/validate", oversize)).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let get = Request::get("/validate").body(Body::empty()).unwrap();
    assert_eq!(call(&state, get).await.0, StatusCode::METHOD_NOT_ALLOWED);
    // The server still answers.
    assert_eq!(
        review(&state, "/validate", support::fixture("allowed-deployment")).await["allowed"],
        true
    );
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let unready = AppState::new(Settings::default());
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
    assert_eq!(call(&unready, get("/healthz")).await.0, StatusCode::OK);
    assert_eq!(
        call(&unready, get("/readyz")).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        call(
            &unready,
            post("/validate", support::fixture("allowed-deployment"))
        )
        .await
        .0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let state = state(Settings::default());
    assert_eq!(call(&state, get("/readyz")).await.0, StatusCode::OK);
    review(&state, "/validate", support::fixture("denied-deployment")).await;
    review(&state, "/validate", support::fixture("denied-dry-run")).await;
    review(
        &state,
        "/validate/warn",
        support::fixture("denied-configmap"),
    )
    .await;
    let (status, body) = call(&state, get("/metrics")).await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(body).unwrap();
    for line in [
        r#"gitops_guard_admission_requests_total{outcome="denied"} 2"#,
        r#"gitops_guard_admission_requests_total{outcome="allowed"} 1"#,
        r#"gitops_guard_admission_decisions_total{mode="enforce",decision="denied",kind="Deployment"} 1"#,
        r#"gitops_guard_admission_findings_total{rule="image-pull-secrets-missing",mode="enforce",action="deny"} 1"#,
        r#"gitops_guard_admission_findings_total{rule="configmap-credentials",mode="warn",action="warn"} 2"#,
        "gitops_guard_admission_review_duration_seconds_count 3",
    ] {
        assert!(text.contains(line), "missing {line} in\n{text}");
    }
}

/// Captures the JSON log of this thread.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_are_json_and_never_contain_object_data() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let state = state(Settings::default());
    review(&state, "/validate", support::fixture("denied-configmap")).await;
    call(
        &state,
        post("/validate", "{\"password\": \"correct-horse-battery"),
    )
    .await;
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(!log.is_empty());
    for line in log.lines() {
        let entry: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(entry["fields"].is_object(), "{line}");
    }
    assert!(log.contains("configmap-credentials"), "{log}");
    assert!(log.contains("\"uid\":\"cm-2\""), "{log}");
    assert!(!log.contains("correct-horse-battery"), "{log}");
    assert!(!log.contains("redis://"), "{log}");
}

#[tokio::test]
async fn a_full_review_queue_refuses_reviews_and_keeps_the_probes_answering() {
    let state = state(Settings {
        max_reviews: 1,
        queue_timeout: std::time::Duration::from_millis(20),
        ..Settings::default()
    });
    let held = state.review_slots().acquire().await.unwrap();
    let (status, body) = call(
        &state,
        post("/validate", support::fixture("allowed-deployment")),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        String::from_utf8_lossy(&body),
        "too many reviews in flight: try again\n"
    );
    for path in ["/healthz", "/readyz", "/metrics"] {
        let (status, _) = call(&state, Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let (_, metrics) = call(
        &state,
        Request::get("/metrics").body(Body::empty()).unwrap(),
    )
    .await;
    assert!(
        String::from_utf8_lossy(&metrics).contains("outcome=\"overloaded\"} 1"),
        "{}",
        String::from_utf8_lossy(&metrics)
    );
    drop(held);
    let answer = review(&state, "/validate", support::fixture("allowed-deployment")).await;
    assert_eq!(answer["allowed"], true);
}

#[tokio::test]
async fn a_large_review_is_judged_off_the_async_workers_with_the_same_answer() {
    let state = state(Settings::default());
    let answer = review(&state, "/validate", support::large_review(256 * 1024)).await;
    assert_eq!(answer["uid"], "cm-2");
    assert_eq!(answer["allowed"], true, "{answer}");
}
