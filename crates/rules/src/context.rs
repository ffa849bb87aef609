//! What the rules know about the platform, a service and one merged environment.

use std::borrow::Cow;
use std::collections::BTreeMap;

use gg_k8app::{ChartVersion, Feature, ShapeChecker};
use gg_naming::ScanContext;
use gg_platform::{Environment, Platform, Service, ServiceFile};
use gg_vault::{Acl, Kv2Mount, PlatformVaultSettings, SecretsModel};
use gg_yaml::{LayerKind, Merged, Node};

use crate::facts::Facts;

/// Facts about the platform, computed once and shared by every service check.
#[derive(Debug)]
pub(crate) struct PlatformContext<'p> {
    /// The loaded platform: borrowed by a lint run, owned by the object
    /// checks of a long-running server (which swap whole platforms).
    pub platform: Cow<'p, Platform>,
    /// Enabled environment names, in platform order.
    pub envs: Vec<String>,
    /// Namespaces and registered services, for the service-reference scanner.
    pub scan: ScanContext,
    /// The platform's chart version (the newest supported one when the
    /// version is unparsable; a platform issue reports that).
    pub chart: ChartVersion,
    /// The shape checker of that version (of every modelled release when
    /// the platform does not name one).
    pub shape: ShapeChecker,
    /// How the chart resolves secret references.
    pub secrets_model: SecretsModel,
    /// The KV v2 mount secrets are read from.
    pub mount: Kv2Mount,
    /// The platform's Vault settings (what the bootstrap job generates from).
    pub vault: PlatformVaultSettings,
    /// Per environment: the generated `{nsPrefix}-{env}-read` policy as an ACL.
    pub acls: BTreeMap<String, Acl>,
    /// Which of the platform's facts are known (the checks that would rest
    /// on a guessed one do not run).
    pub facts: Facts,
}

impl<'p> PlatformContext<'p> {
    /// Computes the shared facts of `platform`.
    pub(crate) fn new(platform: Cow<'p, Platform>) -> Self {
        let settings = &platform.settings;
        let prefix = settings.namespace_prefix.value.as_str();
        let scan = settings.environments.iter().fold(
            ScanContext::new().with_services(
                settings
                    .registry
                    .entries
                    .iter()
                    .map(|entry| entry.name.value.clone())
                    .chain(platform.services.iter().map(|s| s.name.value.clone())),
            ),
            |scan, env| {
                scan.with_environment(prefix, &env.name.value, Some(&env.infra_namespace.value))
            },
        );
        let chart = platform.chart_version();
        let facts = Facts::of(&platform);
        let vault = platform.vault_settings();
        let envs = vault.environments.clone();
        let acls = gg_sort::btree_map(
            envs.iter()
                .filter_map(|env| Some((env.clone(), Acl::new(&[vault.env_policy(env)]).ok()?))),
        );
        Self {
            secrets_model: platform.secrets_model(),
            platform,
            envs,
            scan,
            chart,
            shape: if facts.chart {
                ShapeChecker::new(chart)
            } else {
                ShapeChecker::any_release()
            },
            mount: vault.mount.clone(),
            vault,
            acls,
            facts,
        }
    }

    /// Whether the platform's chart has `feature` (renders the object it
    /// adds); true when the platform names no chart version, since some
    /// release does.
    pub(crate) fn chart_has(&self, feature: Feature) -> bool {
        !self.facts.chart || self.chart.has(feature)
    }

    /// The registry secret every pod must list, when the platform syncs one
    /// and it is known.
    pub(crate) fn registry_secret(&self) -> Option<&str> {
        let settings = &self.platform.settings;
        (self.facts.registry_secret && settings.registry_enabled.value)
            .then_some(settings.registry_secret.value.as_str())
    }

    /// The Vault path prefix, or a placeholder naming it when it is not known
    /// (for help texts, which must not suggest a guessed path).
    pub(crate) fn vault_prefix_shown(&self) -> &str {
        if self.facts.vault_prefix {
            self.platform.settings.vault_path_prefix.value.as_str()
        } else {
            "<vaultPathPrefix>"
        }
    }
}

/// One loaded values file of a service and the environment it belongs to.
pub(crate) struct FileContext<'a> {
    /// The file's path as reported.
    pub path: &'a str,
    /// Its document.
    pub root: &'a Node,
    /// The environment of an overlay; `None` for `default.yaml`.
    pub env: Option<&'a str>,
    /// The service's `appName` as its `default.yaml` (or this file) sets it.
    pub app_name: Option<&'a str>,
}

impl<'a> FileContext<'a> {
    /// The context of a service file, when it is `default.yaml` or an overlay that loaded.
    pub(crate) fn of(file: &'a ServiceFile, service: &'a Service) -> Option<Self> {
        let env = match &file.role {
            gg_platform::FileRole::Default => None,
            gg_platform::FileRole::Overlay(env) => Some(env.as_str()),
            gg_platform::FileRole::Other => return None,
        };
        let root = file.file.node.as_ref()?;
        let app_of = |node: &'a Node| node.get_path(&["appName"]).and_then(Node::as_str);
        let default_root = service
            .default_file()
            .and_then(|default| default.file.node.as_ref());
        let app_name = app_of(root).or_else(|| default_root.and_then(app_of));
        Some(Self {
            path: &file.file.path,
            root,
            env,
            app_name,
        })
    }

    /// The node at a key path, e.g. `["secretsProvider", "vault", "authRef"]`.
    pub(crate) fn get(&self, path: &[&str]) -> Option<&'a Node> {
        self.root.get_path(path)
    }
}

/// A service merged for one environment, as Helm will see it.
pub(crate) struct EnvContext<'a> {
    /// The service.
    pub service: &'a Service,
    /// The environment.
    pub env: &'a Environment,
    /// The merged values with provenance.
    pub merged: Merged,
    /// The service's overlay path for this environment.
    pub overlay: &'a str,
}

impl<'a> EnvContext<'a> {
    /// Merges the value layers of `service` in `env`; `None` when the overlay is
    /// missing or broken, or `default.yaml` is broken (another finding says so).
    pub(crate) fn new(
        platform: &'a Platform,
        service: &'a Service,
        env: &'a Environment,
    ) -> Option<Self> {
        let overlay = service.overlay(&env.name.value)?;
        overlay.file.node.as_ref()?;
        // A broken default.yaml would leave the merge incomplete: every
        // environment finding would be an echo of its yaml-syntax finding.
        if service
            .default_file()
            .is_some_and(|f| f.file.node.is_none())
        {
            return None;
        }
        Some(Self {
            service,
            env,
            merged: platform.merged_values(service, &env.name.value),
            overlay: &overlay.file.path,
        })
    }

    /// The environment's name.
    pub(crate) fn env_name(&self) -> &'a str {
        &self.env.name.value
    }

    /// The merged `appName` (the chart requires one; its default is `app`).
    pub(crate) fn app_name(&self) -> &str {
        self.merged
            .get_dotted("appName")
            .and_then(|node| node.as_str())
            .unwrap_or("app")
    }

    /// True when a user file (not the chart defaults) wrote the value at `path`.
    pub(crate) fn user_set(&self, path: &str) -> bool {
        self.merged
            .get_dotted(path)
            .is_some_and(|node| node.provenance.origin.kind != LayerKind::ChartDefaults)
    }

    /// Whether the merged value at `path` is "truthy" as Go templates judge it.
    pub(crate) fn truthy(&self, path: &str) -> bool {
        self.merged
            .get_dotted(path)
            .is_some_and(gg_yaml::MergedNode::is_truthy)
    }
}
