//! Which platform facts a lint knows, and so which checks may run. A check
//! whose finding would rest on a guessed setting (the seed's `regsecret`,
//! namespace prefix `poc`, Vault prefix `gitops-poc-dzha`, its environments)
//! does not run; [`skipped_checks`] says which and what would enable them.

use gg_diagnostic::{Rule, rules};
use gg_platform::Platform;

/// The facts of a platform the checks rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Facts {
    /// The registry pull secret (and that the registry is enabled).
    pub registry_secret: bool,
    /// The Vault path prefix of the secrets.
    pub vault_prefix: bool,
    /// The namespace prefix.
    pub namespace_prefix: bool,
    /// The enabled environments.
    pub environments: bool,
    /// The KV v2 mount.
    pub mount: bool,
    /// The VaultAuth platform-core creates.
    pub vault_auth: bool,
    /// The platform's shared k8app values layer.
    pub platform_defaults: bool,
    /// The service registry.
    pub registry: bool,
    /// At least one environment's domain.
    pub domains: bool,
    /// The k8app chart version.
    pub chart: bool,
}

impl Facts {
    /// What `platform` knows.
    pub(crate) fn of(platform: &Platform) -> Self {
        let settings = &platform.settings;
        let knows = |origin| platform.knows(origin);
        Self {
            registry_secret: if settings.registry_enabled.value {
                knows(&settings.registry_secret.origin)
            } else {
                knows(&settings.registry_enabled.origin)
            },
            vault_prefix: knows(&settings.vault_path_prefix.origin),
            namespace_prefix: knows(&settings.namespace_prefix.origin),
            environments: platform.knows_environments(),
            mount: knows(&settings.vault_mount.origin),
            vault_auth: platform.knows_platform_core(),
            platform_defaults: platform.knows_platform_defaults(),
            registry: settings.registry.is_configured(),
            domains: settings.environments.iter().any(|env| env.domain.is_some()),
            chart: knows(&settings.chart.version.origin),
        }
    }

    /// The generated Vault policy of an environment's namespace.
    pub(crate) fn vault_policy(self) -> bool {
        self.vault_prefix && self.namespace_prefix && self.environments
    }

    /// The application namespaces.
    pub(crate) fn namespaces(self) -> bool {
        self.namespace_prefix && self.environments
    }
}

/// A check that did not run for want of a platform fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedCheck {
    /// The rule.
    pub rule: &'static Rule,
    /// The fact it needs, with the `platform/base.yaml` key that states it.
    pub needs: &'static str,
}

/// The checks `platform`'s facts leave out, in catalog order.
pub fn skipped_checks(platform: &Platform) -> Vec<SkippedCheck> {
    let facts = Facts::of(platform);
    let checks: [(&'static Rule, bool, &'static str); 10] = [
        (
            &rules::HARDCODED_NAMESPACE,
            facts.namespaces(),
            "the namespace prefix and environments (`global.namespacePrefix`, `environments`)",
        ),
        (
            &rules::HTTPROUTE_HOSTNAME,
            facts.domains,
            "the environments' domains (`environments.<env>.domain`)",
        ),
        (
            &rules::IMAGE_PULL_SECRETS_MISSING,
            facts.registry_secret,
            "the registry pull secret (`registry.secretName`)",
        ),
        (
            &rules::INGRESS_HOSTNAME,
            facts.domains,
            "the environments' domains (`environments.<env>.domain`)",
        ),
        (
            &rules::MISSING_ENV_FILE,
            facts.environments,
            "the enabled environments (`environments.<env>.enabled`)",
        ),
        (
            &rules::RENDER_FAILED,
            facts.chart,
            "the k8app chart release (`global.k8app.version`)",
        ),
        (
            &rules::SECRET_PATH_DENIED,
            facts.vault_policy(),
            "the Vault path prefix, namespace prefix and environments (`global.vaultPathPrefix`, `global.namespacePrefix`, `environments`)",
        ),
        (
            &rules::SECRET_PATH_WRONG_ENV,
            facts.vault_prefix && facts.environments,
            "the Vault path prefix and environments (`global.vaultPathPrefix`, `environments`)",
        ),
        (
            &rules::UNREGISTERED_SERVICE,
            facts.registry,
            "the service registry (`services` of platform/core.yaml)",
        ),
        (
            &rules::VAULT_AUTH_REF,
            facts.vault_auth,
            "the platform's VaultAuth (platform-core creates `vault-auth`)",
        ),
    ];
    checks
        .into_iter()
        .filter(|(_, known, _)| !known)
        .map(|(rule, _, needs)| SkippedCheck { rule, needs })
        .collect()
}
