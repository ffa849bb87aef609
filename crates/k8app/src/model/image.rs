//! Container image and registry credentials.

use schemars::JsonSchema;
use serde::Deserialize;

use super::scalar::Extra;

/// The main container image.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Image {
    /// Image repository; the container image is `"{repository}:{tag}"` (no digest support). Chart default `nginx`.
    pub repository: Option<String>,
    /// Image tag. Also the `appver` label (must be a valid label value of at most 63 characters) and the VaultStaticSecret version annotation. Quote all-digit tags: Helm reads `20240101` as a number. Chart default `latest`.
    pub tag: Option<String>,
    /// `imagePullPolicy` of the main container, rendered only if set (worker, job and cronjob use `Always`).
    pub pull_policy: Option<PullPolicy>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A Kubernetes image pull policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum PullPolicy {
    /// Always pull.
    Always,
    /// Pull when the image is not on the node.
    IfNotPresent,
    /// Never pull (local clusters only).
    Never,
}

/// One `imagePullSecrets` item, rendered verbatim into the pod spec.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ImagePullSecret {
    /// Name of a `kubernetes.io/dockerconfigjson` Secret in the namespace (the platform syncs `regsecret`).
    pub name: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}
