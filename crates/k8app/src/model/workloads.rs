//! Workloads beyond the main Deployment: workers, jobs, cron jobs, sidecars, volumes, RBAC.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::config::{ConfigFiles, InitContainer};
use super::container::{ExtensionProbe, Probe, Resources};
use super::scalar::{Extra, ScalarValue};

/// The main Deployment switch.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct DeploymentToggle {
    /// Render Deployment `{appName}`. Chart default `true`.
    pub enabled: Option<bool>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// ServiceAccount, ClusterRole and ClusterRoleBinding `{namespace}-{appName}`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Rbac {
    /// Render the RBAC objects (ClusterRole uses the removed `rbac.authorization.k8s.io/v1beta1`). Chart default `false`.
    pub create: Option<bool>,
    /// Resources the ClusterRole may get/list/watch in the core API group.
    pub resources: Option<Vec<String>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// Worker Deployments `{appName}-{name}`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Workers {
    /// Render the workers. Chart default `false`.
    pub enabled: Option<bool>,
    /// Worker name -> spec.
    pub spec: Option<BTreeMap<String, WorkerSpec>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// One worker Deployment (main image, `imagePullPolicy: Always`, no imagePullSecrets before 3.10.3).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct WorkerSpec {
    /// Replicas (template default 3, also for `0`).
    pub replicas: Option<i64>,
    /// The worker's own image, defaults from `image` (3.10.4+).
    #[schemars(extend("x-k8app-feature" = "workerImage"))]
    pub image: Option<WorkerImage>,
    /// Container command.
    pub command: Option<Vec<String>>,
    /// Container arguments.
    pub args: Option<Vec<String>>,
    /// Container resources (default: top-level `resources`).
    pub resources: Option<Resources>,
    /// Liveness probe (`mode`-based, like the main container's).
    pub liveness_probe: Option<Probe>,
    /// Readiness probe (`mode`-based).
    pub readiness_probe: Option<Probe>,
    /// Init container, as in the chart's commented example.
    pub init_containers: Option<InitContainer>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A worker's own image (3.10.4+): each part defaults to the top-level `image`'s.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct WorkerImage {
    /// Image repository.
    pub repository: Option<String>,
    /// Image tag; quote all-digit tags.
    pub tag: Option<String>,
    /// Pull policy (default `Always`).
    pub pull_policy: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// Jobs `{appName}-job-{name}` (Helm hooks until 3.10.8, sync wave -1 in 3.10.9 to 3.11.1, ArgoCD PreSync hooks from 3.11.2).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Jobs {
    /// Render the jobs. Chart default `false`.
    pub enabled: Option<bool>,
    /// Job name -> spec.
    pub spec: Option<BTreeMap<String, JobSpec>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// One Job.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct JobSpec {
    /// Retries (template default 10, also for `0`).
    pub backoff_limit: Option<i64>,
    /// Container command.
    pub command: Option<Vec<String>>,
    /// Container arguments.
    pub args: Option<Vec<String>>,
    /// Container resources (3.13.0+).
    #[schemars(extend("x-k8app-feature" = "jobPodFeatures"))]
    pub resources: Option<Resources>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// CronJobs `{appName}-cron-{name}`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct CronJobs {
    /// Render the cron jobs. Chart default `false`.
    pub enabled: Option<bool>,
    /// Cron job name -> spec.
    pub spec: Option<BTreeMap<String, CronJobSpec>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// One CronJob (`concurrencyPolicy: Forbid`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct CronJobSpec {
    /// Cron schedule (template default `"1 * * * *"`).
    pub schedule: Option<String>,
    /// Container command.
    pub command: Option<Vec<String>>,
    /// Container arguments.
    pub args: Option<Vec<String>>,
    /// Container resources (3.13.0+).
    #[schemars(extend("x-k8app-feature" = "jobPodFeatures"))]
    pub resources: Option<Resources>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A sidecar container `{appName}-{name}` in the main pod (and, from 3.13.0, in every worker pod). k8app ignores `ports` and `image.pullPolicy` here.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Extension {
    /// Image `"{repository}[/{name}]:{tag}"`.
    pub image: Option<ExtensionImage>,
    /// Container command.
    pub command: Option<Vec<String>>,
    /// Container arguments.
    pub args: Option<Vec<String>>,
    /// Env vars; keys are upper-cased, values quoted. `OTEL_SERVICE_NAME` duplicates the chart's own.
    pub env: Option<BTreeMap<String, Option<ScalarValue>>>,
    /// Container lifecycle hooks (toYaml).
    pub lifecycle: Option<BTreeMap<String, Value>>,
    /// Liveness probe, chosen by which action key is present.
    pub liveness_probe: Option<ExtensionProbe>,
    /// Readiness probe, chosen by which action key is present.
    pub readiness_probe: Option<ExtensionProbe>,
    /// Files mounted from ConfigMap `{appName}-{name}-config`.
    pub configfiles: Option<ConfigFiles>,
    /// Container resources of the sidecar in worker pods (3.13.0+); the main Deployment ignores them.
    #[schemars(extend("x-k8app-feature" = "workerPodFeatures"))]
    pub resources: Option<Resources>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A sidecar image.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ExtensionImage {
    /// Image repository.
    pub repository: Option<String>,
    /// Optional image name appended as `/{name}`.
    pub name: Option<String>,
    /// Image tag; quote all-digit tags.
    pub tag: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// PersistentVolumeClaim `{appName}-claim` and optional StorageClass.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Volume {
    /// Render the claim and mount it. Chart default `false`.
    pub enabled: Option<bool>,
    /// Where and how the claim is mounted.
    pub mount: Option<VolumeMount>,
    /// Claim access modes. Chart default `[ReadWriteOnce]`.
    pub access_modes: Option<Vec<String>>,
    /// Claim size, e.g. `{requests: {storage: 1Gi}}`.
    pub resources: Option<Resources>,
    /// Storage class used (and created when `create` is non-empty).
    pub storage_class: Option<StorageClass>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// The claim's mount.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct VolumeMount {
    /// Mount read-only. Chart default `true`.
    pub read_only: Option<bool>,
    /// Mount path. Chart default `/data`.
    pub path: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// The claim's storage class.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct StorageClass {
    /// Storage class name. Chart default `gp2`.
    pub name: Option<String>,
    /// When non-empty, StorageClass `{appName}-{name}` is created with these fields (`provisioner`, `parameters`).
    pub create: Option<BTreeMap<String, Value>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}
