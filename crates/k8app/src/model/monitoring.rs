//! Metrics, alerting, autoscaling, disruption budgets and the Redis cache.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::container::Resources;
use super::scalar::{Extra, IntOrString};

/// `prometheus.io/*` scrape annotations on the pod.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Prometheus {
    /// Add the annotations. Chart default `false`.
    pub enabled: Option<bool>,
    /// Port to scrape. Chart default `"8011"`.
    pub port: Option<IntOrString>,
    /// Path to scrape. Chart default `/metrics`.
    pub path: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// Prometheus Operator ServiceMonitor `{appName}` (3.8.0+, only if the CRD exists).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceMonitor {
    /// Render the ServiceMonitor. Chart default `false`.
    pub enabled: Option<bool>,
    /// Scrape interval. Chart default `30s`.
    pub interval: Option<String>,
    /// Scrape timeout, less than the interval. Chart default `10s`.
    pub scrape_timeout: Option<String>,
    /// Metrics path. Chart default `/metrics`.
    pub path: Option<String>,
    /// Service port **name** to scrape: must be a key of `service.ports`. Chart default `http`.
    pub port: Option<String>,
    /// Labels for the Prometheus selector.
    pub labels: Option<BTreeMap<String, String>>,
    /// Relabeling configs (toYaml).
    pub relabelings: Option<Vec<Value>>,
    /// Metric relabeling configs (toYaml).
    pub metric_relabelings: Option<Vec<Value>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// PrometheusRule `{release}.rules`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Alerting {
    /// Alert name -> rule.
    pub rules: Option<BTreeMap<String, AlertRule>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// One alerting rule.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct AlertRule {
    /// Rule annotations.
    pub annotations: Option<BTreeMap<String, String>>,
    /// PromQL expression.
    pub expr: Option<String>,
    /// How long the condition must hold, e.g. `1m`.
    #[serde(rename = "for")]
    pub for_duration: Option<String>,
    /// Rule labels.
    pub labels: Option<BTreeMap<String, String>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// HorizontalPodAutoscaler `{appName}` (`autoscaling/v2`); its minimum is top-level `replicas`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Hpa {
    /// Render the HPA (the Deployment then omits `replicas`). Chart default `false`.
    pub enabled: Option<bool>,
    /// Maximum replicas. Chart default `6`.
    pub max_replicas: Option<i64>,
    /// Target average CPU utilisation in percent; `0` omits the metric. Chart default `70`.
    pub cpu: Option<i64>,
    /// Target average memory utilisation in percent; `0` omits the metric. Chart default `70`.
    pub memory: Option<i64>,
    /// Annotations of the HPA.
    pub annotations: Option<BTreeMap<String, String>>,
    /// HPA `behavior` (toYaml).
    pub behavior: Option<BTreeMap<String, Value>>,
    /// Object metric: metric name.
    pub custom_metric: Option<Value>,
    /// Object metric: described object.
    pub custom_resource: Option<Value>,
    /// Object metric: target.
    pub custom_target: Option<Value>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// PodDisruptionBudget `{appName}` (no selector is rendered).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Pdb {
    /// Render the PDB. Chart default `false`.
    pub enabled: Option<bool>,
    /// Rendered if truthy. Chart default `1`: set it to `null` when using `minAvailable`, or both render.
    pub max_unavailable: Option<IntOrString>,
    /// Rendered if truthy.
    pub min_available: Option<IntOrString>,
    /// PDB apiVersion (template default `policy/v1beta1`, removed in Kubernetes 1.25).
    pub api_version: Option<String>,
    /// Annotations of the PDB, rendered if set.
    pub annotations: Option<BTreeMap<String, String>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// An ephemeral Redis `{appName}-cache` for the app (3.7.0+); injects `REDIS_URL`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Cache {
    /// Render the cache Deployment, Service and ConfigMap. Chart default `false`.
    pub enabled: Option<bool>,
    /// Redis image. Chart default `redis:7-alpine`.
    pub image: Option<SimpleImage>,
    /// Redis port. Chart default `6379`.
    pub port: Option<i64>,
    /// Redis container resources.
    pub resources: Option<Resources>,
    /// Redis `maxmemory`; must be less than the memory limit. Chart default `200mb`.
    pub maxmemory: Option<String>,
    /// Redis eviction policy. Chart default `allkeys-lru`.
    pub maxmemory_policy: Option<String>,
    /// Extra redis.conf lines.
    pub extra_config: Option<String>,
    /// The redis_exporter sidecar.
    pub exporter: Option<CacheExporter>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// An image given as repository and tag.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct SimpleImage {
    /// Image repository.
    pub repository: Option<String>,
    /// Image tag; quote all-digit tags.
    pub tag: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// The cache's metrics exporter.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct CacheExporter {
    /// Run the exporter sidecar. Chart default `true`.
    pub enabled: Option<bool>,
    /// Exporter image. Chart default `oliver006/redis_exporter:v1.66.0`.
    pub image: Option<SimpleImage>,
    /// Exporter port. Chart default `9121`.
    pub port: Option<i64>,
    /// Exporter resources.
    pub resources: Option<Resources>,
    /// ServiceMonitor `{appName}-cache` (3.8.0+).
    #[schemars(extend("x-k8app-feature" = "serviceMonitor"))]
    pub service_monitor: Option<CacheServiceMonitor>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// The cache exporter's ServiceMonitor.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct CacheServiceMonitor {
    /// Render it. Chart default `true`.
    pub enabled: Option<bool>,
    /// Scrape interval. Chart default `30s`.
    pub interval: Option<String>,
    /// Labels for the Prometheus selector.
    pub labels: Option<BTreeMap<String, String>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}
