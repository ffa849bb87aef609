//! The one resolved view of the platform the rest of the tool uses. Every
//! setting is taken, in this order, from the platform files, the `.env` file,
//! the caller's overrides (command-line flags), and finally the seed
//! platform's defaults — and remembers which one it came from.

use serde::Serialize;

use crate::config::PlatformConfig;
use crate::dotenv::EnvFile;
use crate::origin::{Origin, Sourced};

/// The seed platform's defaults.
pub mod defaults {
    /// GitLab group (and Vault path prefix) of the seed platform.
    pub const GITLAB_GROUP: &str = "gitops-poc-dzha";
    /// GitLab host.
    pub const GITLAB_HOST: &str = "gitlab.com";
    /// Namespace prefix: namespaces are `poc-{env}`.
    pub const NAMESPACE_PREFIX: &str = "poc";
    /// Environments.
    pub const ENVIRONMENTS: [&str; 3] = ["dev", "staging", "prod"];
    /// Namespace secret holding the registry credentials.
    pub const REGISTRY_SECRET: &str = "regsecret";
    /// The VaultAuth platform-core creates in every application namespace.
    pub const VAULT_AUTH: &str = "vault-auth";
    /// KV v2 mount.
    pub const VAULT_MOUNT: &str = "secret";
    /// k8app Helm repository.
    pub const K8APP_REPO_URL: &str = "https://d7561985.github.io/k8app";
    /// k8app chart name.
    pub const K8APP_CHART: &str = "app";
    /// ApplicationSet name.
    pub const APPLICATION_SET: &str = "gitops-services";
    /// Gateway listener services attach their HTTPRoutes to.
    pub const GATEWAY_LISTENER: &str = "http-app";
    /// Directory of the values files inside a service repository.
    pub const CICD_PATH: &str = ".cicd";
    /// ArgoCD sync wave of a service.
    pub const SYNC_WAVE: &str = "0";

    /// The k8app chart version a platform that pins none gets: the newest
    /// version gitops-guard models.
    pub fn k8app_version() -> String {
        gg_k8app::ChartVersion::NEWEST.to_string()
    }
}

/// Settings given by the caller (command-line flags); they rank below the
/// platform files and the `.env` file and above the seed defaults, except
/// the cluster's (`--kube-version`, `--api-versions`), which override the
/// platform files: they exist to check the platform against another cluster
/// (an upgrade) before it happens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingOverrides {
    /// `--gitlab-group`.
    pub gitlab_group: Option<String>,
    /// `--gitlab-host`.
    pub gitlab_host: Option<String>,
    /// `--vault-path-prefix`.
    pub vault_path_prefix: Option<String>,
    /// `--namespace-prefix`.
    pub namespace_prefix: Option<String>,
    /// `--environments`.
    pub environments: Option<Vec<String>>,
    /// `--services`.
    pub services: Option<Vec<String>>,
    /// `--registry-secret`.
    pub registry_secret: Option<String>,
    /// `--chart-version`.
    pub chart_version: Option<String>,
    /// `--kube-version`.
    pub kube_version: Option<String>,
    /// `--api-versions` (repeatable).
    pub api_versions: Option<Vec<String>>,
}

/// An enabled environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Environment {
    /// Its name.
    pub name: Sourced<String>,
    /// The application namespace `{namespacePrefix}-{env}`.
    pub namespace: String,
    /// The infrastructure namespace (`infraNamespace` or `infra-{env}`).
    pub infra_namespace: Sourced<String>,
    /// The Gateway listener hostname, when the platform sets one.
    pub domain: Option<Sourced<String>>,
}

/// One service the ApplicationSet deploys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisteredService {
    /// Registry key = Application prefix = Vault service segment.
    pub name: Sourced<String>,
    /// Repository holding the values files.
    pub repo_url: Sourced<String>,
    /// Path of the values directory inside that repository (no trailing `/`).
    pub path: Sourced<String>,
    /// ArgoCD sync wave.
    pub sync_wave: Sourced<String>,
}

impl RegisteredService {
    /// The repository name: the last segment of `repoURL` without `.git`.
    pub fn repository_name(&self) -> &str {
        let url = self.repo_url.value.trim_end_matches('/');
        let last = url.rsplit('/').next().unwrap_or(url);
        last.strip_suffix(".git").unwrap_or(last)
    }

    /// `<repository>/<path>`: how the values directory appears in a checkout
    /// (`sentry-demo/game-engine/.cicd`).
    pub fn cicd_location(&self) -> String {
        format!("{}/{}", self.repository_name(), self.path.value)
    }
}

/// The service registry and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceRegistry {
    /// Entries in registry order.
    pub entries: Vec<RegisteredService>,
    /// Where the list came from; [`Origin::Discovered`] when nothing configured
    /// one and every discovered service counts as deployed.
    pub origin: Origin,
}

impl ServiceRegistry {
    /// True when a platform file, `.env` or flag lists the services.
    pub fn is_configured(&self) -> bool {
        !matches!(self.origin, Origin::Discovered | Origin::Default)
    }

    /// The entry named `name`.
    pub fn get(&self, name: &str) -> Option<&RegisteredService> {
        self.entries.iter().find(|entry| entry.name.value == name)
    }
}

/// The k8app chart the ApplicationSet renders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartSource {
    /// Helm repository URL.
    pub repo_url: Sourced<String>,
    /// Chart name.
    pub chart: Sourced<String>,
    /// Chart version.
    pub version: Sourced<String>,
}

/// The clusters the platform deploys to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClusterSettings {
    /// Their Kubernetes version, as written (parsed once at load:
    /// [`crate::Platform::kube_version`]).
    pub version: Sourced<String>,
    /// The API versions they serve beyond Kubernetes' own, as ArgoCD passes
    /// them to Helm (`--api-versions`).
    pub api_versions: Sourced<Vec<String>>,
}

/// The resolved platform settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlatformSettings {
    /// GitLab group of the repositories.
    pub gitlab_group: Sourced<String>,
    /// GitLab host.
    pub gitlab_host: Sourced<String>,
    /// `PROJECT_PREFIX` of `.env` (empty unless set).
    pub project_prefix: Sourced<String>,
    /// Container registry (`DOCKER_REGISTRY`, else `registry.{host}/{group}`).
    pub docker_registry: Sourced<String>,
    /// Vault path prefix: secrets live at `{prefix}/{service}/{env}/config`.
    pub vault_path_prefix: Sourced<String>,
    /// Namespace prefix (may be empty).
    pub namespace_prefix: Sourced<String>,
    /// The k8app chart.
    pub chart: ChartSource,
    /// The clusters.
    pub cluster: ClusterSettings,
    /// Enabled environments in platform order.
    pub environments: Vec<Environment>,
    /// KV v2 mount.
    pub vault_mount: Sourced<String>,
    /// Name of the VaultAuth in every application namespace.
    pub vault_auth: Sourced<String>,
    /// Whether the registry secret is synced into the namespaces.
    pub registry_enabled: Sourced<bool>,
    /// Name of the registry pull secret in every application namespace.
    pub registry_secret: Sourced<String>,
    /// Vault path (below the mount) of the registry credentials.
    pub registry_vault_path: Sourced<String>,
    /// ArgoCD project of the Applications.
    pub project: Sourced<String>,
    /// Name of the ApplicationSet.
    pub application_set: Sourced<String>,
    /// Gateway listener services attach to.
    pub gateway_listener: Sourced<String>,
    /// The service registry.
    pub registry: ServiceRegistry,
}

impl PlatformSettings {
    /// The enabled environment named `name`.
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|env| env.name.value == name)
    }

    /// Names of the enabled environments.
    pub fn environment_names(&self) -> Vec<&str> {
        self.environments
            .iter()
            .map(|env| env.name.value.as_str())
            .collect()
    }

    /// The application namespace of `env`: `{namespacePrefix}-{env}`.
    pub fn namespace(&self, env: &str) -> String {
        gg_naming::app_namespace(&self.namespace_prefix.value, env)
    }

    /// The canonical k8app `secrets` value of a service in an environment:
    /// `/{vaultPathPrefix}/{service}/{env}/config`.
    pub fn canonical_secret_path(&self, service: &str, env: &str) -> String {
        format!("/{}/{service}/{env}/config", self.vault_path_prefix.value)
    }

    /// The default `repoURL` of a service: `https://{gitlabHost}/{gitlabGroup}/{service}.git`.
    pub fn default_repo_url(&self, service: &str) -> String {
        format!(
            "https://{}/{}/{service}.git",
            self.gitlab_host.value, self.gitlab_group.value
        )
    }
}

/// Everything the resolution reads.
pub(crate) struct Inputs<'a> {
    pub(crate) config: &'a PlatformConfig,
    pub(crate) env_file: Option<&'a EnvFile>,
    pub(crate) overrides: &'a SettingOverrides,
    /// Environment names found as overlay files, for when nothing else lists them.
    pub(crate) overlay_envs: &'a [String],
}

impl Inputs<'_> {
    /// A `.env` value; empty values count only where `keep_empty`.
    fn env(&self, key: &str, keep_empty: bool) -> Option<Sourced<String>> {
        let file = self.env_file?;
        let entry = file.get(key)?;
        (keep_empty || !entry.value.is_empty()).then(|| {
            Sourced::new(
                entry.value.clone(),
                Origin::EnvFile {
                    file: file.file.clone(),
                    line: entry.line,
                    key: key.to_owned(),
                },
            )
        })
    }
}

fn flag(value: Option<&String>, name: &str) -> Option<Sourced<String>> {
    value.map(|value| {
        Sourced::new(
            value.clone(),
            Origin::Flag {
                name: name.to_owned(),
            },
        )
    })
}

fn first(
    candidates: impl IntoIterator<Item = Option<Sourced<String>>>,
    default: &str,
) -> Sourced<String> {
    candidates
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_else(|| Sourced::default_value(default.to_owned()))
}

fn words(value: &str) -> Vec<String> {
    value
        .split([' ', ',', '\t'])
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Resolves every setting (platform files > `.env` > overrides > defaults).
pub(crate) fn resolve(inputs: &Inputs<'_>) -> PlatformSettings {
    let config = inputs.config;
    let flags = inputs.overrides;
    let gitlab_group = first(
        [
            config.gitlab_group.clone(),
            inputs.env("GITLAB_GROUP", false),
            flag(flags.gitlab_group.as_ref(), "--gitlab-group"),
        ],
        defaults::GITLAB_GROUP,
    );
    let gitlab_host = first(
        [
            inputs.env("GITLAB_HOST", false),
            flag(flags.gitlab_host.as_ref(), "--gitlab-host"),
        ],
        defaults::GITLAB_HOST,
    );
    let vault_path_prefix = first(
        [
            config.vault_path_prefix.clone(),
            inputs.env("VAULT_PATH_PREFIX", false),
            flag(flags.vault_path_prefix.as_ref(), "--vault-path-prefix"),
        ],
        defaults::GITLAB_GROUP,
    );
    let namespace_prefix = first(
        [
            config.namespace_prefix.clone(),
            inputs.env("NAMESPACE_PREFIX", true),
            flag(flags.namespace_prefix.as_ref(), "--namespace-prefix"),
        ],
        defaults::NAMESPACE_PREFIX,
    );
    let docker_registry = inputs.env("DOCKER_REGISTRY", false).unwrap_or_else(|| {
        Sourced::default_value(format!(
            "registry.{}/{}",
            gitlab_host.value, gitlab_group.value
        ))
    });
    let registry_vault_path = config.registry_vault_path.clone().unwrap_or_else(|| {
        Sourced::default_value(format!("{}/platform/registry", vault_path_prefix.value))
    });
    let mut settings = PlatformSettings {
        project: config
            .application_set_project
            .clone()
            .unwrap_or_else(|| gitlab_group.clone()),
        gitlab_group,
        gitlab_host,
        project_prefix: first([inputs.env("PROJECT_PREFIX", true)], ""),
        docker_registry,
        vault_path_prefix,
        namespace_prefix,
        chart: ChartSource {
            repo_url: first([config.k8app_repo_url.clone()], defaults::K8APP_REPO_URL),
            chart: first([config.k8app_chart.clone()], defaults::K8APP_CHART),
            version: first(
                [
                    config.k8app_version.clone(),
                    flag(flags.chart_version.as_ref(), "--chart-version"),
                ],
                &defaults::k8app_version(),
            ),
        },
        cluster: cluster(config, flags),
        environments: Vec::new(),
        vault_mount: first([config.vault_mount.clone()], defaults::VAULT_MOUNT),
        vault_auth: Sourced::default_value(defaults::VAULT_AUTH.to_owned()),
        registry_enabled: config
            .registry_enabled
            .clone()
            .unwrap_or_else(|| Sourced::default_value(true)),
        registry_secret: first(
            [
                config.registry_secret_name.clone(),
                flag(flags.registry_secret.as_ref(), "--registry-secret"),
            ],
            defaults::REGISTRY_SECRET,
        ),
        registry_vault_path,
        application_set: first(
            [config.application_set_name.clone()],
            defaults::APPLICATION_SET,
        ),
        gateway_listener: first(
            [config.gateway_listener.clone()],
            defaults::GATEWAY_LISTENER,
        ),
        registry: ServiceRegistry {
            entries: Vec::new(),
            origin: Origin::Discovered,
        },
    };
    settings.environments = environments(inputs, &settings);
    settings.registry = registry(inputs, &settings);
    settings
}

/// The clusters: the flags, else the platform files, else the platform's defaults.
fn cluster(config: &PlatformConfig, flags: &SettingOverrides) -> ClusterSettings {
    let version = first(
        [
            flag(flags.kube_version.as_ref(), "--kube-version"),
            config.kubernetes_version.clone(),
        ],
        &crate::KubeVersion::PLATFORM.to_string(),
    );
    let api_versions = flags
        .api_versions
        .clone()
        .map(|list| {
            Sourced::new(
                list,
                Origin::Flag {
                    name: "--api-versions".to_owned(),
                },
            )
        })
        .or_else(|| config.api_versions.clone())
        .unwrap_or_else(|| {
            Sourced::default_value(
                crate::PLATFORM_API_VERSIONS
                    .iter()
                    .map(|v| (*v).to_owned())
                    .collect(),
            )
        });
    ClusterSettings {
        version,
        api_versions,
    }
}

fn environments(inputs: &Inputs<'_>, settings: &PlatformSettings) -> Vec<Environment> {
    let config = inputs.config;
    let build = |name: Sourced<String>| {
        let configured = config
            .environments
            .iter()
            .find(|env| env.name.value == name.value);
        let infra_override = configured.and_then(|env| env.infra_namespace.clone());
        Environment {
            namespace: settings.namespace(&name.value),
            infra_namespace: infra_override.unwrap_or_else(|| {
                Sourced::default_value(gg_naming::infra_namespace(&name.value, None))
            }),
            domain: configured.and_then(|env| env.domain.clone()),
            name,
        }
    };
    if !config.environments.is_empty() {
        return config
            .environments
            .iter()
            .filter_map(|env| {
                env.enabled
                    .as_ref()
                    .filter(|enabled| enabled.value)
                    .map(|e| (env, e))
            })
            .map(|(env, enabled)| {
                build(Sourced::new(env.name.value.clone(), enabled.origin.clone()))
            })
            .collect();
    }
    let listed = inputs
        .env("ENVIRONMENTS", false)
        .map(|value| {
            words(&value.value)
                .into_iter()
                .map(|w| Sourced::new(w, value.origin.clone()))
                .collect()
        })
        .or_else(|| {
            let names = inputs.overrides.environments.as_ref()?;
            let origin = Origin::Flag {
                name: "--environments".to_owned(),
            };
            Some(
                names
                    .iter()
                    .map(|n| Sourced::new(n.clone(), origin.clone()))
                    .collect(),
            )
        })
        .or_else(|| {
            (!inputs.overlay_envs.is_empty()).then(|| {
                inputs
                    .overlay_envs
                    .iter()
                    .map(|n| Sourced::new(n.clone(), Origin::Discovered))
                    .collect()
            })
        })
        .unwrap_or_else(|| {
            defaults::ENVIRONMENTS
                .iter()
                .map(|n| Sourced::default_value((*n).to_owned()))
                .collect()
        });
    let listed: Vec<Sourced<String>> = listed;
    listed.into_iter().map(build).collect()
}

fn registry(inputs: &Inputs<'_>, settings: &PlatformSettings) -> ServiceRegistry {
    let config = inputs.config;
    if let Some(first_entry) = config.services.first() {
        let entries = config
            .services
            .iter()
            .map(|entry| RegisteredService {
                repo_url: entry.repo_url.clone().unwrap_or_else(|| {
                    Sourced::default_value(settings.default_repo_url(&entry.name.value))
                }),
                path: entry
                    .path
                    .clone()
                    .map(|path| {
                        path.map(|p| p.trim_start_matches("./").trim_end_matches('/').to_owned())
                    })
                    .unwrap_or_else(|| Sourced::default_value(defaults::CICD_PATH.to_owned())),
                sync_wave: first([entry.sync_wave.clone()], defaults::SYNC_WAVE),
                name: entry.name.clone(),
            })
            .collect();
        return ServiceRegistry {
            entries,
            origin: first_entry.name.origin.clone(),
        };
    }
    let listed = inputs
        .env("SERVICES", false)
        .map(|value| (words(&value.value), value.origin))
        .or_else(|| {
            let names = inputs.overrides.services.clone()?;
            Some((
                names,
                Origin::Flag {
                    name: "--services".to_owned(),
                },
            ))
        });
    match listed {
        Some((names, origin)) => ServiceRegistry {
            entries: names
                .into_iter()
                .map(|name| registered_by_default(settings, Sourced::new(name, origin.clone())))
                .collect(),
            origin,
        },
        None => ServiceRegistry {
            entries: Vec::new(),
            origin: Origin::Discovered,
        },
    }
}

/// A registry entry with the default repository and path.
pub(crate) fn registered_by_default(
    settings: &PlatformSettings,
    name: Sourced<String>,
) -> RegisteredService {
    RegisteredService {
        repo_url: Sourced::default_value(settings.default_repo_url(&name.value)),
        path: Sourced::default_value(defaults::CICD_PATH.to_owned()),
        sync_wave: Sourced::default_value(defaults::SYNC_WAVE.to_owned()),
        name,
    }
}
