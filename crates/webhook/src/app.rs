//! The HTTP surface: `/validate`, `/healthz`, `/readyz`, `/metrics`.
//!
//! `/validate/{mode}` judges in a lower mode than the server's: the
//! ValidatingWebhookConfiguration sends namespaces labelled
//! `gitops-guard.io/mode: warn|audit` there (the API server evaluates the
//! label, so the webhook never reads namespaces).
//!
//! Reviews are bounded: at most [`Settings::max_reviews`] are decoded and
//! judged at once, a review waits at most [`Settings::queue_timeout`] for a
//! slot (then 503: the API server's `failurePolicy` decides), and large ones
//! are judged off the async workers. The probes and `/metrics` never wait for
//! a slot, so they keep answering while reviews pile up.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use gg_admission::{Exemptions, Mode, PreparedPlatform, decode_review, judge};
use kube_core::admission::AdmissionResponse;
use tokio::sync::Semaphore;

use crate::metrics::Metrics;

/// The API server's own request body limit: 3 MiB.
pub const MAX_BODY: usize = 3 * 1024 * 1024;

/// How the server judges.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The server's mode; a namespace can only lower it.
    pub mode: Mode,
    /// Users let through unjudged.
    pub exemptions: Exemptions,
    /// Longest time to receive a request body.
    pub body_timeout: Duration,
    /// Reviews decoded and judged at once; more wait for a slot.
    pub max_reviews: usize,
    /// Longest wait for a slot before a review is refused with 503.
    pub queue_timeout: Duration,
}

impl Default for Settings {
    /// Enforce, a 10 s body timeout, one review per core at once, and a 2 s
    /// queue (the API server gives up on the webhook after its 3 s timeout).
    fn default() -> Self {
        Self {
            mode: Mode::Enforce,
            exemptions: Exemptions::default(),
            body_timeout: Duration::from_secs(10),
            max_reviews: std::thread::available_parallelism().map_or(1, usize::from),
            queue_timeout: Duration::from_secs(2),
        }
    }
}

/// Bodies at least this large are decoded and judged on a blocking thread,
/// so a flood of them leaves the async workers free for the probes.
const BLOCKING_REVIEW: usize = 64 * 1024;

/// Which platform the server judges with, and whether its files say more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlatformStatus {
    /// Still loading: not ready.
    Loading,
    /// Judging with the platform as its files are.
    Current,
    /// The platform files changed and do not load: judging with the last
    /// platform that did, until they are fixed.
    Stale(String),
}

/// The platform being judged with, and the reason the files on disk are not.
#[derive(Debug, Default)]
struct PlatformSlot {
    prepared: Option<Arc<PreparedPlatform>>,
    stale: Option<String>,
}

/// Shared by every request.
#[derive(Debug)]
pub struct AppState {
    settings: Settings,
    platform: RwLock<PlatformSlot>,
    metrics: Metrics,
    slots: Semaphore,
}

impl AppState {
    /// A state that is not ready until [`AppState::use_platform`].
    pub fn new(settings: Settings) -> Arc<Self> {
        Arc::new(Self {
            slots: Semaphore::new(settings.max_reviews.max(1)),
            settings,
            platform: RwLock::new(PlatformSlot::default()),
            metrics: Metrics::new(),
        })
    }

    /// Judges with `platform` from now on: the first one makes the server
    /// ready, a later one replaces the current one at once (reviews in flight
    /// finish with the one they started with) and clears a stale status.
    pub fn use_platform(&self, platform: PreparedPlatform) {
        let mut slot = self
            .platform
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        slot.prepared = Some(Arc::new(platform));
        slot.stale = None;
        self.metrics.set_platform_stale(false);
    }

    /// Keeps judging with the current platform although its files changed
    /// and do not load (`why`).
    pub fn keep_platform(&self, why: String) {
        let mut slot = self
            .platform
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        slot.stale = Some(why);
        self.metrics.set_platform_stale(true);
    }

    /// The platform reviews are judged with, once loaded.
    pub fn platform(&self) -> Option<Arc<PreparedPlatform>> {
        let slot = self.platform.read().unwrap_or_else(PoisonError::into_inner);
        slot.prepared.clone()
    }

    /// Loading, current or stale.
    pub fn platform_status(&self) -> PlatformStatus {
        let slot = self.platform.read().unwrap_or_else(PoisonError::into_inner);
        match (&slot.prepared, &slot.stale) {
            (None, _) => PlatformStatus::Loading,
            (Some(_), None) => PlatformStatus::Current,
            (Some(_), Some(why)) => PlatformStatus::Stale(why.clone()),
        }
    }

    /// True once a platform is loaded.
    pub fn is_ready(&self) -> bool {
        self.platform_status() != PlatformStatus::Loading
    }

    /// The metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The slots of reviews judged at once: a review holds a permit while it
    /// is decoded and judged; the available permits are the free slots.
    pub fn review_slots(&self) -> &Semaphore {
        &self.slots
    }
}

/// The router of every endpoint.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/validate", post(validate_default))
        .route("/validate/{mode}", post(validate_in_mode))
        .merge(health_router(state.clone()))
        .with_state(state)
}

/// `/healthz`, `/readyz` and `/metrics` alone, for a plain-HTTP port that
/// kubelet probes and Prometheus reach without TLS.
pub fn health_router<S>(state: Arc<AppState>) -> Router<S> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
}

/// Ready once a platform is loaded; a stale platform is still ready (it
/// judges), and the answer says why the files on disk are not used.
async fn readyz(State(state): State<Arc<AppState>>) -> Response {
    match state.platform_status() {
        PlatformStatus::Loading => (
            StatusCode::SERVICE_UNAVAILABLE,
            "loading the platform configuration",
        )
            .into_response(),
        PlatformStatus::Current => (StatusCode::OK, "ready").into_response(),
        PlatformStatus::Stale(why) => (
            StatusCode::OK,
            format!(
                "ready, judging with the last platform configuration that loaded: the changed files do not load: {why}"
            ),
        )
            .into_response(),
    }
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.encode(),
    )
        .into_response()
}

async fn validate_default(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let mode = state.settings.mode;
    validate(state, mode, &headers, body).await
}

async fn validate_in_mode(
    State(state): State<Arc<AppState>>,
    Path(mode): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(lowered) = mode.parse::<Mode>() else {
        return (
            StatusCode::NOT_FOUND,
            "unknown mode: use /validate/warn or /validate/audit\n",
        )
            .into_response();
    };
    let mode = state.settings.mode.lowered_to(lowered);
    validate(state, mode, &headers, body).await
}

/// A plain-text error answer, counted as `outcome`.
fn refuse(state: &AppState, status: StatusCode, outcome: &str, message: String) -> Response {
    state.metrics.count_request(outcome);
    tracing::warn!(target: "admission", status = status.as_u16(), error = %message, "request refused");
    (status, message).into_response()
}

async fn validate(state: Arc<AppState>, mode: Mode, headers: &HeaderMap, body: Body) -> Response {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(';')
                .next()
                .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
        });
    if !json {
        return refuse(
            &state,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid",
            "expected Content-Type: application/json (an AdmissionReview)\n".to_owned(),
        );
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BODY) {
        return too_large(&state);
    }
    let bytes = match read_body(body, state.settings.body_timeout).await {
        Ok(bytes) => bytes,
        Err(response) => return response(&state),
    };
    let started = Instant::now();
    if !state.is_ready() {
        return still_loading(&state);
    }
    // A free slot is taken without arming the queue's timer.
    let slot = match state.slots.try_acquire() {
        Ok(slot) => Ok(slot),
        Err(_) => tokio::time::timeout(state.settings.queue_timeout, state.slots.acquire())
            .await
            .map_err(drop)
            .and_then(|acquired| acquired.map_err(drop)),
    };
    let Ok(_slot) = slot else {
        return refuse(
            &state,
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "too many reviews in flight: try again\n".to_owned(),
        );
    };
    if bytes.len() < BLOCKING_REVIEW {
        return review(&state, mode, &bytes, started);
    }
    let judging = Arc::clone(&state);
    tokio::task::spawn_blocking(move || review(&judging, mode, &bytes, started))
        .await
        .unwrap_or_else(|_| {
            refuse(
                &state,
                StatusCode::INTERNAL_SERVER_ERROR,
                "failed",
                "the review failed\n".to_owned(),
            )
        })
}

/// The answer of a server that is still loading the platform.
fn still_loading(state: &AppState) -> Response {
    refuse(
        state,
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "the platform configuration is still loading\n".to_owned(),
    )
}

/// Decodes and judges one review of a loaded server and records it.
fn review(state: &AppState, mode: Mode, bytes: &[u8], started: Instant) -> Response {
    let Some(platform) = state.platform() else {
        return still_loading(state);
    };
    let request = match decode_review(bytes) {
        Ok(request) => request,
        Err(error) => {
            state.metrics.count_request("invalid");
            tracing::warn!(target: "admission", error = %error, "undecodable AdmissionReview");
            let review = AdmissionResponse::invalid(&error).into_review();
            return json_response(StatusCode::BAD_REQUEST, &review);
        }
    };
    let decision = judge(
        platform.context(),
        &state.settings.exemptions,
        mode,
        &request,
    );
    let response = json_response(StatusCode::OK, &decision.response.clone().into_review());
    let seconds = started.elapsed().as_secs_f64();
    state
        .metrics
        .record(&decision, &request.kind.kind, request.dry_run, seconds);
    crate::logging::decision(&request, &decision, seconds);
    response
}

type Refusal = fn(&AppState) -> Response;

/// Reads the whole body within the limit and the timeout.
async fn read_body(body: Body, timeout: Duration) -> Result<Bytes, Refusal> {
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, MAX_BODY)).await {
        Err(_) => Err(|state| {
            refuse(
                state,
                StatusCode::REQUEST_TIMEOUT,
                "invalid",
                "the request body did not arrive in time\n".to_owned(),
            )
        }),
        Ok(Err(error)) => {
            let limit = error
                .into_inner()
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            if limit {
                Err(too_large)
            } else {
                Err(|state| {
                    refuse(
                        state,
                        StatusCode::BAD_REQUEST,
                        "invalid",
                        "the request body could not be read\n".to_owned(),
                    )
                })
            }
        }
        Ok(Ok(bytes)) => Ok(bytes),
    }
}

fn too_large(state: &AppState) -> Response {
    refuse(
        state,
        StatusCode::PAYLOAD_TOO_LARGE,
        "invalid",
        format!("the body exceeds {MAX_BODY} bytes, the API server's own limit\n"),
    )
}

fn json_response<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "cannot encode the response\n",
        )
            .into_response(),
    }
}
