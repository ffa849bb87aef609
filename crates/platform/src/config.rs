//! The typed platform configuration: what `platform/base.yaml`,
//! `platform/core.yaml` and `platform/preview.yaml` say, each value with the
//! file and span it came from. Nothing here is defaulted; see
//! [`crate::PlatformSettings`] for the resolved view.

use gg_yaml::{Node, Note};
use serde::Serialize;

use crate::layered::{Entry, Layered};
use crate::origin::{Origin, Sourced};

/// One loaded YAML document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YamlFile {
    /// Path as listed by the [`crate::FileSource`].
    pub path: String,
    /// The document; `None` when the file is broken (an issue says why).
    pub node: Option<Node>,
    /// What the loader noticed without failing (ignored extra documents, converted keys).
    pub notes: Vec<Note>,
    /// The file's text, when it was read from a [`crate::FileSource`] as valid
    /// UTF-8 (for snippets and suppression comments, without reading it again).
    #[serde(skip)]
    pub text: Option<String>,
}

/// The platform repository's files.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlatformFiles {
    /// The platform root (the directory holding `platform/base.yaml`).
    pub root: String,
    /// `platform/base.yaml`.
    pub base: Option<YamlFile>,
    /// `platform/core.yaml`.
    pub core: Option<YamlFile>,
    /// `platform/preview.yaml`.
    pub preview: Option<YamlFile>,
    /// `shared/k8app-defaults.yaml`: the platform's k8app values layer.
    pub k8app_defaults: Option<YamlFile>,
    /// Other `platform/*.yaml` files (checked for syntax only).
    pub others: Vec<YamlFile>,
}

/// `environments.<env>` of `platform/base.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvironmentConfig {
    /// The environment name (origin: the key).
    pub name: Sourced<String>,
    /// `enabled` (the platform charts treat a missing value as disabled).
    pub enabled: Option<Sourced<bool>>,
    /// `autoSync`.
    pub auto_sync: Option<Sourced<bool>>,
    /// `domain`: the Gateway listener hostname of the environment.
    pub domain: Option<Sourced<String>>,
    /// `infraNamespace`.
    pub infra_namespace: Option<Sourced<String>>,
    /// `mirrors[].domain`.
    pub mirror_domains: Vec<Sourced<String>>,
}

/// `services.<name>` of `platform/core.yaml`: one entry of the service registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryEntry {
    /// The registry key = Application prefix = Vault service segment (origin: the key).
    pub name: Sourced<String>,
    /// `syncWave`.
    pub sync_wave: Option<Sourced<String>>,
    /// `repoURL`.
    pub repo_url: Option<Sourced<String>>,
    /// `path` (of the `.cicd` directory inside the repository).
    pub path: Option<Sourced<String>>,
}

/// `previewEnvironments.services.<name>` of `platform/preview.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewServiceConfig {
    /// The entry's key.
    pub name: Sourced<String>,
    /// `enabled`.
    pub enabled: Option<Sourced<bool>>,
    /// `cicdPath`.
    pub cicd_path: Option<Sourced<String>>,
    /// `repoURL`.
    pub repo_url: Option<Sourced<String>>,
    /// `namespace`.
    pub namespace: Option<Sourced<String>>,
    /// `appNameBase`.
    pub app_name_base: Option<Sourced<String>>,
}

/// `previewEnvironments` as the preview chart sees it (base ← preview).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PreviewConfig {
    /// `enabled`.
    pub enabled: Option<Sourced<bool>>,
    /// `baseDomain`.
    pub base_domain: Option<Sourced<String>>,
    /// `gateway.namespace`.
    pub gateway_namespace: Option<Sourced<String>>,
    /// `vault.path`.
    pub vault_path: Option<Sourced<String>>,
    /// `services`.
    pub services: Vec<PreviewServiceConfig>,
}

/// What the platform files say, as platform-core (base ← core) and the preview
/// chart (base ← preview) read it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlatformConfig {
    /// `global.gitlabGroup`.
    pub gitlab_group: Option<Sourced<String>>,
    /// `global.vaultPathPrefix`.
    pub vault_path_prefix: Option<Sourced<String>>,
    /// `global.namespacePrefix`.
    pub namespace_prefix: Option<Sourced<String>>,
    /// `global.k8app.repoURL`.
    pub k8app_repo_url: Option<Sourced<String>>,
    /// `global.k8app.chart`.
    pub k8app_chart: Option<Sourced<String>>,
    /// `global.k8app.version`.
    pub k8app_version: Option<Sourced<String>>,
    /// `global.kubernetes.version`: the clusters' Kubernetes version.
    pub kubernetes_version: Option<Sourced<String>>,
    /// `global.kubernetes.apiVersions`: what the clusters serve beyond
    /// Kubernetes' own API versions.
    pub api_versions: Option<Sourced<Vec<String>>>,
    /// `environments`, in file order.
    pub environments: Vec<EnvironmentConfig>,
    /// `vault.address`.
    pub vault_address: Option<Sourced<String>>,
    /// `vault.mount`.
    pub vault_mount: Option<Sourced<String>>,
    /// `vaultAuth.enabled`.
    pub vault_auth_enabled: Option<Sourced<bool>>,
    /// `vaultAuth.audiences`.
    pub vault_auth_audiences: Option<Sourced<Vec<String>>>,
    /// `registry.enabled`.
    pub registry_enabled: Option<Sourced<bool>>,
    /// `registry.secretName`.
    pub registry_secret_name: Option<Sourced<String>>,
    /// `registry.vaultPath`.
    pub registry_vault_path: Option<Sourced<String>>,
    /// `applicationSet.project`.
    pub application_set_project: Option<Sourced<String>>,
    /// `applicationSet.enabled`.
    pub application_set_enabled: Option<Sourced<bool>>,
    /// `applicationSet.name`.
    pub application_set_name: Option<Sourced<String>>,
    /// `gateway.listener.name`.
    pub gateway_listener: Option<Sourced<String>>,
    /// `services`: the service registry, in file order.
    pub services: Vec<RegistryEntry>,
    /// `previewEnvironments`.
    pub preview: PreviewConfig,
}

impl PlatformFiles {
    fn layers<'a>(&'a self, chart_file: Option<&'a YamlFile>) -> Layered<'a> {
        let documents = [self.base.as_ref(), chart_file]
            .into_iter()
            .flatten()
            .filter_map(|file| file.node.as_ref().map(|node| (file.path.as_str(), node)));
        Layered::new(documents.collect())
    }

    /// Reads the typed configuration out of the loaded files.
    pub fn config(&self) -> PlatformConfig {
        let core = self.layers(self.core.as_ref());
        let preview = self.layers(self.preview.as_ref());
        PlatformConfig {
            gitlab_group: core.text(&["global", "gitlabGroup"]),
            vault_path_prefix: core.text(&["global", "vaultPathPrefix"]),
            namespace_prefix: core.text(&["global", "namespacePrefix"]),
            k8app_repo_url: core.text(&["global", "k8app", "repoURL"]),
            k8app_chart: core.text(&["global", "k8app", "chart"]),
            k8app_version: core.text(&["global", "k8app", "version"]),
            kubernetes_version: core.text(&["global", "kubernetes", "version"]),
            api_versions: core.strings(&["global", "kubernetes", "apiVersions"]),
            environments: environments(&core),
            vault_address: core.text(&["vault", "address"]),
            vault_mount: core.text(&["vault", "mount"]),
            vault_auth_enabled: core.boolean(&["vaultAuth", "enabled"]),
            vault_auth_audiences: core.strings(&["vaultAuth", "audiences"]),
            registry_enabled: core.boolean(&["registry", "enabled"]),
            registry_secret_name: core.text(&["registry", "secretName"]),
            registry_vault_path: core.text(&["registry", "vaultPath"]),
            application_set_project: core.text(&["applicationSet", "project"]),
            application_set_enabled: core.boolean(&["applicationSet", "enabled"]),
            application_set_name: core.text(&["applicationSet", "name"]),
            gateway_listener: core.text(&["gateway", "listener", "name"]),
            services: registry(&core),
            preview: preview_config(&preview),
        }
    }
}

fn key_name(file: &str, key: &gg_yaml::Key) -> Sourced<String> {
    Sourced::new(key.name.clone(), Origin::file(file, key.span))
}

fn environments(core: &Layered<'_>) -> Vec<EnvironmentConfig> {
    core.entries(&["environments"])
        .into_iter()
        .map(|Entry { file, key, values }| {
            let mirror_domains = values
                .node(&["mirrors"])
                .and_then(|(file, node)| Some((file, node.as_seq()?)))
                .map(|(file, items)| {
                    items
                        .iter()
                        .filter_map(|item| item.get_path(&["domain"]))
                        .filter_map(|domain| {
                            domain.as_str().map(|text| {
                                Sourced::new(text.to_owned(), Origin::file(file, domain.span))
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            EnvironmentConfig {
                name: key_name(file, key),
                enabled: values.boolean(&["enabled"]),
                auto_sync: values.boolean(&["autoSync"]),
                domain: values.text(&["domain"]),
                infra_namespace: values.text(&["infraNamespace"]),
                mirror_domains,
            }
        })
        .collect()
}

fn registry(core: &Layered<'_>) -> Vec<RegistryEntry> {
    core.entries(&["services"])
        .into_iter()
        .map(|Entry { file, key, values }| RegistryEntry {
            name: key_name(file, key),
            sync_wave: values.text(&["syncWave"]),
            repo_url: values.text(&["repoURL"]),
            path: values.text(&["path"]),
        })
        .collect()
}

fn preview_config(preview: &Layered<'_>) -> PreviewConfig {
    const ROOT: &str = "previewEnvironments";
    let services = preview
        .entries(&[ROOT, "services"])
        .into_iter()
        .map(|Entry { file, key, values }| PreviewServiceConfig {
            name: key_name(file, key),
            enabled: values.boolean(&["enabled"]),
            cicd_path: values.text(&["cicdPath"]),
            repo_url: values.text(&["repoURL"]),
            namespace: values.text(&["namespace"]),
            app_name_base: values.text(&["appNameBase"]),
        })
        .collect();
    PreviewConfig {
        enabled: preview.boolean(&[ROOT, "enabled"]),
        base_domain: preview.text(&[ROOT, "baseDomain"]),
        gateway_namespace: preview.text(&[ROOT, "gateway", "namespace"]),
        vault_path: preview.text(&[ROOT, "vault", "path"]),
        services,
    }
}
