//! The k8app values tree as Rust types: typed where the chart reads a key,
//! unknown keys kept in `extra`.
//!
//! Every field is optional and nullable, as in Helm, where `null` deletes a key.
//! The doc comments become the descriptions of the JSON Schema.

mod config;
mod container;
mod image;
mod monitoring;
mod routing;
mod scalar;
mod service;
mod workloads;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

pub use config::{
    AwsProvider, ConfigFile, ConfigFiles, InitContainer, ProviderKind, SecretsProvider,
    SharedVolume, SharedVolumeType, VaultKvType, VaultProvider,
};
pub use container::{
    ExecAction, ExtensionProbe, GrpcAction, HttpGetAction, Probe, ProbeMode, ProbeTiming,
    Resources, RollingUpdate, Strategy, StrategyType, TcpSocketAction,
};
pub use image::{Image, ImagePullSecret, PullPolicy};
pub use monitoring::{
    AlertRule, Alerting, Cache, CacheExporter, CacheServiceMonitor, Hpa, Pdb, Prometheus,
    ServiceMonitor, SimpleImage,
};
pub use routing::{
    BackendRef, Cloudflare, Gateway, GatewayBackend, HeaderMatch, HttpRoute, Ingress, IngressHost,
    IngressLocation, IngressPathType, ParentRef, PathMatch, RouteMatch, RoutePathType, RouteRule,
};
pub use scalar::{Extra, IntOrString, Quantity, ScalarValue, StringOrList, Tolerations};
pub use service::{
    ExternalNameEntry, ExternalNameServices, HeadlessService, LoadBalancerService, Ports, Protocol,
    Service, ServicePort,
};
pub use workloads::{
    CronJobSpec, CronJobs, DeploymentToggle, Extension, ExtensionImage, JobSpec, Jobs, Rbac,
    StorageClass, Volume, VolumeMount, WorkerImage, WorkerSpec, Workers,
};

use crate::error::K8appError;

/// The values of one k8app release (`.cicd/*.yaml`, merged or not).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
#[schemars(title = "k8app values")]
pub struct Values {
    /// **Required.** Base of almost every object name (`{appName}`, `{appName}-sv`, ...) and env `PROJECT`/`OTEL_SERVICE_NAME`. Chart default `app`.
    pub app_name: Option<String>,
    /// Environment name; only used in relative secret paths (`{namespace}/{appName}/{environment}/{path}`, empty gives `//`) and cronjob `SENTRY_ENVIRONMENT`. Should equal the overlay's env.
    pub environment: Option<String>,
    /// If set: pod annotation `app/branch`.
    pub branch: Option<String>,
    /// Env `VERSION` (falls back to `image.tag`).
    pub version: Option<String>,
    /// Env `BUILD_ID` (template default `"000"`).
    pub build_id: Option<String>,
    /// Host of the Vault certificate (`vaultCert`): names the certificate object and its secret. Falls back to `ingress.fqdn`.
    pub fqdn: Option<String>,
    /// Only used by the unused `chartName` helper.
    pub name_override: Option<String>,
    /// Node selector of job, cronjob, worker and cloudflare hook; **not** applied to the main Deployment.
    pub node_selector: Option<BTreeMap<String, String>>,
    /// Pod tolerations (Deployment, job, cloudflare hook).
    pub tolerations: Option<Tolerations>,
    /// Adds JAEGER_AGENT_* env vars to the Deployment.
    pub jaeger_enabled: Option<bool>,
    /// Tracing switch read by cron jobs only (until 3.12.1; 3.13.0 reads `jaegerEnabled`).
    pub tracing_enabled: Option<bool>,
    /// Main container `command` (note the plural key). Quote numeric items.
    pub commands: Option<Vec<String>>,
    /// Main container `args`. Quote numeric items.
    pub args: Option<Vec<String>>,
    /// Deployment replicas (`0` gives 3); omitted when `hpa.enabled`, where it is the HPA minimum. Chart default `1`.
    pub replicas: Option<i64>,
    /// Pod service account; empty uses `{namespace}-{appName}` with `rbac.create`, else the namespace default. Chart default `""` (3.5.1+; `app` before).
    pub service_account_name: Option<String>,
    /// The main Deployment switch.
    pub deployment: Option<DeploymentToggle>,
    /// ServiceAccount/ClusterRole/ClusterRoleBinding `{namespace}-{appName}`.
    pub rbac: Option<Rbac>,
    /// The main container image.
    pub image: Option<Image>,
    /// Pull secrets, each `{name: <secret>}`, rendered verbatim into the pod (the platform needs `regsecret`).
    pub image_pull_secrets: Option<Vec<ImagePullSecret>>,
    /// Legacy: when `imagePullSecrets` is empty, adds `{name: regsecret}`.
    pub deploy_secret_harbor: Option<bool>,
    /// Legacy: when `imagePullSecrets` is empty, adds `{name: regsecret}`.
    pub deploy_secret_nexus: Option<bool>,
    /// ClusterIP Service `{appName}-sv`.
    pub service: Option<Service>,
    /// LoadBalancer Service `{appName}-ext-sv`.
    pub service_external: Option<LoadBalancerService>,
    /// Internal LoadBalancer Service `{appName}-int-sv`.
    pub service_internal: Option<LoadBalancerService>,
    /// Headless Service `{appName}-headless-sv`.
    pub service_headless: Option<HeadlessService>,
    /// ExternalName Services.
    pub service_external_name: Option<ExternalNameServices>,
    /// Liveness probe of the main container.
    pub liveness_probe: Option<Probe>,
    /// Readiness probe of the main container.
    pub readiness_probe: Option<Probe>,
    /// Container `lifecycle` (toYaml), e.g. `{preStop: {exec: {command: [sleep, "10"]}}}`.
    pub lifecycle: Option<BTreeMap<String, Value>>,
    /// Deployment rollout strategy.
    pub strategy: Option<Strategy>,
    /// Main container resources (workers fall back to them).
    pub resources: Option<Resources>,
    /// `prometheus.io/*` pod annotations.
    pub prometheus: Option<Prometheus>,
    /// ServiceMonitor `{appName}` (3.8.0+).
    #[schemars(extend("x-k8app-feature" = "serviceMonitor"))]
    pub service_monitor: Option<ServiceMonitor>,
    /// Env vars -> plain values: ConfigMap `{appName}` injected with envFrom into the main, init, worker, job and cronjob containers (not extensions). No credentials here: use `secrets`.
    pub configmap: Option<BTreeMap<String, Option<ScalarValue>>>,
    /// Files mounted from ConfigMap `{appName}-config`.
    pub configfiles: Option<ConfigFiles>,
    /// Env var -> Vault path (`/{prefix}/{service}/{env}/config`, absolute with a leading `/`, no mount or `data/`). The Vault secret must hold a key named like the env var. Needs `secretsProvider.provider: vault`.
    pub secrets: Option<BTreeMap<String, String>>,
    /// Backend for `secrets`.
    pub secrets_provider: Option<SecretsProvider>,
    /// Legacy, unused.
    pub vault_project_name: Option<String>,
    /// Legacy, unused.
    pub vault_namespace: Option<String>,
    /// Legacy Vault certificate name used with `ingress.tls`.
    pub vault_cert: Option<String>,
    /// Volume name -> shared volume (3.5.0+).
    #[schemars(extend("x-k8app-feature" = "sharedVolumes"))]
    pub shared_volumes: Option<BTreeMap<String, SharedVolume>>,
    /// The single init container `{appName}-init` (a map, not a list).
    pub init_containers: Option<InitContainer>,
    /// Ingress `{appName}-ingress`.
    pub ingress: Option<Ingress>,
    /// Gateway API HTTPRoute `{appName}` (3.6.0 to 3.10.9; 3.11.0 renamed it `gateway`).
    #[schemars(extend("x-k8app-feature" = "httpRoute"))]
    pub http_route: Option<HttpRoute>,
    /// Gateway API HTTPRoute `{appName}` (3.11.0+): a hostname, a path and a backend, with `parentRef` defaults.
    #[schemars(extend("x-k8app-feature" = "gateway"))]
    pub gateway: Option<Gateway>,
    /// Cloudflare cache purge hook.
    pub cloudflare: Option<Cloudflare>,
    /// Worker Deployments.
    pub worker: Option<Workers>,
    /// Jobs.
    pub job: Option<Jobs>,
    /// CronJobs.
    pub cronjob: Option<CronJobs>,
    /// Sidecar name -> sidecar container in the main pod.
    pub extensions: Option<BTreeMap<String, Extension>>,
    /// PersistentVolumeClaim `{appName}-claim`.
    pub volume: Option<Volume>,
    /// HorizontalPodAutoscaler `{appName}`.
    pub hpa: Option<Hpa>,
    /// PodDisruptionBudget `{appName}`.
    pub pdb: Option<Pdb>,
    /// PrometheusRule `{release}.rules`.
    pub alerting: Option<Alerting>,
    /// Ephemeral Redis `{appName}-cache` (3.7.0+).
    #[schemars(extend("x-k8app-feature" = "cache"))]
    pub cache: Option<Cache>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

impl Values {
    /// Reads values strictly: any value of the wrong shape is an error.
    pub fn from_json(value: &Value) -> Result<Values, K8appError> {
        Values::deserialize(value).map_err(|err| K8appError::Model(err.to_string()))
    }
}
