//! Names of the objects the k8app chart renders for one `appName` (k8app 3.4–3.8, plus the
//! 3.9+ VaultStaticSecret scheme).

use serde::{Deserialize, Serialize};

/// The kinds of Service k8app renders; every one ends in `-sv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceKind {
    /// ClusterIP Service `{app}-sv` (`service.enabled`).
    ClusterIp,
    /// External load balancer `{app}-ext-sv`.
    External,
    /// Internal load balancer `{app}-int-sv`.
    Internal,
    /// Headless Service `{app}-headless-sv`.
    Headless,
    /// Redis cache Service `{app}-cache-sv` (`cache.enabled`, 3.7.0+).
    Cache,
}

impl ServiceKind {
    /// Every kind, most specific suffix first.
    pub const ALL: [Self; 5] = [
        Self::Headless,
        Self::External,
        Self::Internal,
        Self::Cache,
        Self::ClusterIp,
    ];

    /// The suffix appended to `{app}`, e.g. `-headless-sv`.
    #[must_use]
    pub const fn suffix(self) -> &'static str {
        match self {
            Self::ClusterIp => "-sv",
            Self::External => "-ext-sv",
            Self::Internal => "-int-sv",
            Self::Headless => "-headless-sv",
            Self::Cache => "-cache-sv",
        }
    }
}

/// How VaultStaticSecret objects are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VssNaming {
    /// k8app 3.4–3.8: `{app}` for one distinct path, `{app}-{i}` (from 0, sorted paths) for several.
    Legacy,
    /// k8app 3.9+: always `{app}-vault-{i}`.
    Indexed,
}

/// Object names k8app derives from `appName`.
///
/// ```
/// use gg_naming::{K8appNames, ServiceKind, VssNaming};
/// let names = K8appNames::new("user-service");
/// assert_eq!(names.service(ServiceKind::ClusterIp), "user-service-sv");
/// assert_eq!(names.extension_configmap("auth-adapter"), "user-service-auth-adapter-config");
/// assert_eq!(names.vault_static_secrets(2, VssNaming::Legacy), ["user-service-0", "user-service-1"]);
/// assert_eq!(names.rbac("poc-dev"), "poc-dev-user-service");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct K8appNames {
    app: String,
}

impl K8appNames {
    /// Names for the app called `app` (the chart's `appName`).
    #[must_use]
    pub fn new(app: impl Into<String>) -> Self {
        Self { app: app.into() }
    }

    /// The `appName` itself.
    #[must_use]
    pub fn app(&self) -> &str {
        &self.app
    }

    fn suffixed(&self, suffix: &str) -> String {
        format!("{}-{suffix}", self.app)
    }

    /// Deployment `{app}` (also HPA, PDB, main container and the VSO-written Secret).
    #[must_use]
    pub fn deployment(&self) -> String {
        self.app.clone()
    }

    /// Service of the given kind: `{app}-sv`, `{app}-ext-sv`, `{app}-int-sv`,
    /// `{app}-headless-sv` or `{app}-cache-sv`.
    #[must_use]
    pub fn service(&self, kind: ServiceKind) -> String {
        format!("{}{}", self.app, kind.suffix())
    }

    /// ConfigMap of environment variables (`configmap`): `{app}`.
    #[must_use]
    pub fn env_configmap(&self) -> String {
        self.app.clone()
    }

    /// ConfigMap of files (`configfiles`): `{app}-config`.
    #[must_use]
    pub fn files_configmap(&self) -> String {
        self.suffixed("config")
    }

    /// ConfigMap of an extension's files: `{app}-{ext}-config`.
    #[must_use]
    pub fn extension_configmap(&self, extension: &str) -> String {
        format!("{}-{extension}-config", self.app)
    }

    /// Name of VaultStaticSecret number `index` (0-based) out of `count` distinct paths.
    #[must_use]
    pub fn vault_static_secret(&self, index: usize, count: usize, naming: VssNaming) -> String {
        match naming {
            VssNaming::Legacy if count <= 1 => self.app.clone(),
            VssNaming::Legacy => self.suffixed(&index.to_string()),
            VssNaming::Indexed => format!("{}-vault-{index}", self.app),
        }
    }

    /// Names of all VaultStaticSecrets for `count` distinct Vault paths (sorted-path order).
    #[must_use]
    pub fn vault_static_secrets(&self, count: usize, naming: VssNaming) -> Vec<String> {
        (0..count)
            .map(|index| self.vault_static_secret(index, count, naming))
            .collect()
    }

    /// Worker Deployment: `{app}-{worker}`.
    #[must_use]
    pub fn worker(&self, worker: &str) -> String {
        self.suffixed(worker)
    }

    /// Job: `{app}-job-{key}`.
    #[must_use]
    pub fn job(&self, key: &str) -> String {
        format!("{}-job-{key}", self.app)
    }

    /// CronJob: `{app}-cron-{key}`.
    #[must_use]
    pub fn cronjob(&self, key: &str) -> String {
        format!("{}-cron-{key}", self.app)
    }

    /// Sidecar container of an extension: `{app}-{ext}`.
    #[must_use]
    pub fn sidecar_container(&self, extension: &str) -> String {
        self.suffixed(extension)
    }

    /// Init container: `{app}-init`.
    #[must_use]
    pub fn init_container(&self) -> String {
        self.suffixed("init")
    }

    /// Ingress: `{app}-ingress`.
    #[must_use]
    pub fn ingress(&self) -> String {
        self.suffixed("ingress")
    }

    /// Redis cache Deployment and ServiceMonitor: `{app}-cache`.
    #[must_use]
    pub fn cache(&self) -> String {
        self.suffixed("cache")
    }

    /// PersistentVolumeClaim: `{app}-claim`.
    #[must_use]
    pub fn pvc(&self) -> String {
        self.suffixed("claim")
    }

    /// ServiceAccount / ClusterRole / ClusterRoleBinding (`rbac.create`): `{ns}-{app}`.
    #[must_use]
    pub fn rbac(&self, namespace: &str) -> String {
        format!("{namespace}-{}", self.app)
    }

    /// HTTPRoute: `{app}`.
    #[must_use]
    pub fn http_route(&self) -> String {
        self.app.clone()
    }

    /// ServiceMonitor: `{app}`.
    #[must_use]
    pub fn service_monitor(&self) -> String {
        self.app.clone()
    }

    /// Splits a k8app Service name into `(appName, kind)`, trying the most specific suffix first
    /// (`x-headless-sv` is the headless Service of `x`).
    ///
    /// ```
    /// use gg_naming::{K8appNames, ServiceKind};
    /// assert_eq!(K8appNames::split_service_name("auth-adapter-sv"), Some(("auth-adapter", ServiceKind::ClusterIp)));
    /// assert_eq!(K8appNames::split_service_name("redis-cache-sv"), Some(("redis", ServiceKind::Cache)));
    /// assert_eq!(K8appNames::split_service_name("redis"), None);
    /// ```
    #[must_use]
    pub fn split_service_name(name: &str) -> Option<(&str, ServiceKind)> {
        ServiceKind::ALL.into_iter().find_map(|kind| {
            name.strip_suffix(kind.suffix())
                .filter(|app| !app.is_empty() && !app.ends_with('-'))
                .map(|app| (app, kind))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_names() {
        let n = K8appNames::new("api");
        assert_eq!(n.deployment(), "api");
        assert_eq!(n.service(ServiceKind::External), "api-ext-sv");
        assert_eq!(n.service(ServiceKind::Internal), "api-int-sv");
        assert_eq!(n.service(ServiceKind::Headless), "api-headless-sv");
        assert_eq!(n.service(ServiceKind::Cache), "api-cache-sv");
        assert_eq!(n.env_configmap(), "api");
        assert_eq!(n.files_configmap(), "api-config");
        assert_eq!(n.worker("mailer"), "api-mailer");
        assert_eq!(n.job("migrate"), "api-job-migrate");
        assert_eq!(n.cronjob("cleanup"), "api-cron-cleanup");
        assert_eq!(n.sidecar_container("envoy"), "api-envoy");
        assert_eq!(n.init_container(), "api-init");
        assert_eq!(n.ingress(), "api-ingress");
        assert_eq!(n.cache(), "api-cache");
        assert_eq!(n.pvc(), "api-claim");
        assert_eq!(n.http_route(), "api");
        assert_eq!(n.service_monitor(), "api");
    }

    #[test]
    fn vault_static_secret_names() {
        let n = K8appNames::new("api");
        assert_eq!(n.vault_static_secrets(1, VssNaming::Legacy), ["api"]);
        assert_eq!(
            n.vault_static_secrets(3, VssNaming::Legacy),
            ["api-0", "api-1", "api-2"]
        );
        assert_eq!(
            n.vault_static_secrets(2, VssNaming::Indexed),
            ["api-vault-0", "api-vault-1"]
        );
        assert!(n.vault_static_secrets(0, VssNaming::Legacy).is_empty());
    }

    #[test]
    fn split_round_trips_every_kind() {
        for kind in ServiceKind::ALL {
            let name = K8appNames::new("my-app").service(kind);
            assert_eq!(
                K8appNames::split_service_name(&name),
                Some(("my-app", kind)),
                "{name}"
            );
        }
        assert_eq!(K8appNames::split_service_name("-sv"), None);
        assert_eq!(K8appNames::split_service_name("a--sv"), None);
    }
}
