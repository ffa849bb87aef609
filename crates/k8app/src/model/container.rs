//! Probes, rollout strategy and resources of containers.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::scalar::{Extra, IntOrString, Quantity, StringOrList};

/// A liveness or readiness probe of the main container or a worker.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Probe {
    /// Render the probe. Chart default `false`.
    pub enabled: Option<bool>,
    /// Which action to use; any other value renders a probe with timing fields only. Chart default `httpGet`.
    pub mode: Option<ProbeMode>,
    /// Used when `mode: httpGet` (scheme is always HTTP).
    pub http_get: Option<HttpGetAction>,
    /// Used when `mode: tcpSocket`.
    pub tcp_socket: Option<TcpSocketAction>,
    /// Used when `mode: execCommand`.
    pub exec_command: Option<ExecAction>,
    /// Used when `mode: grpc`.
    pub grpc: Option<GrpcAction>,
    /// Timing fields.
    #[serde(flatten)]
    pub timing: ProbeTiming,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A sidecar (extension) probe: the action is chosen by which key is present.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ExtensionProbe {
    /// HTTP GET probe (path default `/health`).
    pub http_get: Option<HttpGetAction>,
    /// TCP probe.
    pub tcp_socket: Option<TcpSocketAction>,
    /// Exec probe.
    pub exec_command: Option<ExecAction>,
    /// gRPC probe.
    pub grpc: Option<GrpcAction>,
    /// Timing fields.
    #[serde(flatten)]
    pub timing: ProbeTiming,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// The probe action selected by `mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ProbeMode {
    /// HTTP GET.
    HttpGet,
    /// TCP connect.
    TcpSocket,
    /// Run a command.
    ExecCommand,
    /// gRPC health check.
    Grpc,
}

/// Probe timing; the templates fall back to 3, 5, 5, 1, 5 (also for `0`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ProbeTiming {
    /// Failures before the probe fails (default 3).
    pub failure_threshold: Option<i64>,
    /// Seconds before the first probe (default 5).
    pub initial_delay_seconds: Option<i64>,
    /// Seconds between probes (default 5).
    pub period_seconds: Option<i64>,
    /// Successes before the probe succeeds (default 1).
    pub success_threshold: Option<i64>,
    /// Seconds before a probe times out (default 5).
    pub timeout_seconds: Option<i64>,
}

/// An HTTP GET probe action.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct HttpGetAction {
    /// Container port number or name (default 80).
    pub port: Option<IntOrString>,
    /// Request path (chart default `/health`).
    pub path: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A TCP probe action.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct TcpSocketAction {
    /// Container port number or name (liveness default 80; readiness has no default).
    pub port: Option<IntOrString>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// An exec probe action.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ExecAction {
    /// The command as a list of strings; the chart default is the string `"cat"`, which fails to render with `mode: execCommand`.
    pub command: Option<StringOrList>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A gRPC probe action.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct GrpcAction {
    /// Container port number (default 8080).
    pub port: Option<i64>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// The Deployment rollout strategy.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Strategy {
    /// `RollingUpdate` (chart default) or `Recreate`.
    #[serde(rename = "type")]
    pub kind: Option<StrategyType>,
    /// Surge and unavailability during a rolling update.
    pub rolling_update: Option<RollingUpdate>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A Deployment strategy type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum StrategyType {
    /// Replace pods gradually.
    RollingUpdate,
    /// Stop all pods, then start new ones.
    Recreate,
}

/// Rolling update limits.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct RollingUpdate {
    /// Extra pods during the update, count or percentage (template default `"1"`).
    pub max_surge: Option<IntOrString>,
    /// Unavailable pods during the update, count or percentage (template default `"0"`).
    pub max_unavailable: Option<IntOrString>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// Container resources, rendered with `toYaml`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Resources {
    /// Upper bounds, e.g. `{cpu: 500m, memory: 256Mi}`.
    pub limits: Option<BTreeMap<String, Quantity>>,
    /// Scheduling requests, e.g. `{cpu: 50m, memory: 64Mi}`.
    pub requests: Option<BTreeMap<String, Quantity>>,
    /// Dynamic resource claims (passed through).
    pub claims: Option<Vec<Value>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}
