//! Configuration, secrets and shared volumes.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::scalar::{Extra, Quantity};

/// Files mounted from ConfigMap `{appName}-config` (or `{appName}-{extension}-config`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigFiles {
    /// Directory the ConfigMap is mounted at (read-only).
    pub mount_path: Option<String>,
    /// File name -> content. Content goes through Helm `tpl`: `{{ }}` inside is evaluated.
    pub data: Option<BTreeMap<String, String>>,
    /// Single files mounted with `subPath` instead of the whole directory (3.10.0+).
    #[schemars(extend("x-k8app-feature" = "configFileItems"))]
    pub files: Option<Vec<ConfigFile>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// One file of `configfiles.files`, mounted on its own (`subPath`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigFile {
    /// The `data` key holding the file.
    pub key: Option<String>,
    /// The file name in the volume (and the `subPath`).
    pub path: Option<String>,
    /// Where to mount it (default `{configfiles.mountPath}/{path}`).
    pub mount_path: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// Which backend turns `secrets` into a Kubernetes Secret.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct SecretsProvider {
    /// `vault` (VaultStaticSecret via VSO), `aws` (CSI) or `none`. With `none` (the chart default) and non-empty `secrets`, k8app silently renders the legacy AWS CSI objects.
    pub provider: Option<ProviderKind>,
    /// Vault Secrets Operator settings.
    pub vault: Option<VaultProvider>,
    /// AWS CSI settings.
    pub aws: Option<AwsProvider>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A secrets backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// HashiCorp Vault through the Vault Secrets Operator.
    Vault,
    /// AWS Secrets Manager / SSM through the CSI driver.
    Aws,
    /// No provider: legacy AWS CSI objects are rendered when `secrets` is set.
    None,
}

/// VaultStaticSecret settings.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct VaultProvider {
    /// `vaultAuthRef`: a VaultAuth in the same namespace (the platform creates `vault-auth`). Chart default `vault-auth`.
    pub auth_ref: Option<String>,
    /// KV secrets engine mount. Chart default `secret`.
    pub mount: Option<String>,
    /// KV engine version, `kv-v2` (chart default) or `kv-v1`.
    #[serde(rename = "type")]
    pub kind: Option<VaultKvType>,
    /// Sync interval: a number and one unit `s`, `m` or `h` (`1h30m` and `1d` are invalid). Chart default `1h`.
    pub refresh_after: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A Vault KV engine version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum VaultKvType {
    /// KV version 1.
    #[serde(rename = "kv-v1")]
    KvV1,
    /// KV version 2.
    #[serde(rename = "kv-v2")]
    KvV2,
}

/// AWS CSI settings.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct AwsProvider {
    /// SecretProviderClass `spec.provider`. Chart default `aws`.
    pub provider: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A volume shared by the main container, the init container and extensions (3.5.0+).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct SharedVolume {
    /// `emptyDir`, `configMap` or `secret`.
    #[serde(rename = "type")]
    pub kind: Option<SharedVolumeType>,
    /// emptyDir medium: `""` (disk) or `Memory`.
    pub medium: Option<String>,
    /// ConfigMap or Secret name (default `{appName}-{volumeName}`).
    pub name: Option<String>,
    /// Where the volume is mounted.
    pub mount_path: Option<String>,
    /// Mount read-only.
    pub read_only: Option<bool>,
    /// emptyDir size limit; only worker pods write it (3.13.0+).
    #[schemars(extend("x-k8app-feature" = "workerPodFeatures"))]
    pub size_limit: Option<Quantity>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A shared volume source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum SharedVolumeType {
    /// An emptyDir.
    EmptyDir,
    /// A ConfigMap.
    ConfigMap,
    /// A Secret.
    Secret,
}

/// The single init container `{appName}-init` (a map, not a list), running the main image.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct InitContainer {
    /// Container command.
    pub command: Option<Vec<String>>,
    /// Container arguments.
    pub args: Option<Vec<String>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}
