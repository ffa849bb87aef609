//! Every name a service × environment produces, and which of them break their rule.

use serde::{Deserialize, Serialize};

use crate::error::NameError;
use crate::k8app::{K8appNames, ServiceKind, VssNaming};
use crate::platform::{app_namespace, application_name, infra_namespace, release_name};
use crate::rule::NameRule;

/// The kind of object a generated name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    /// Application namespace `{prefix}-{env}`.
    AppNamespace,
    /// Infrastructure namespace `infra-{env}` (or its override).
    InfraNamespace,
    /// ArgoCD Application `{service}-{env}`.
    Application,
    /// Helm release `{service}-{env}`.
    HelmRelease,
    /// Deployment `{app}`.
    Deployment,
    /// A k8app Service (`{app}-sv`, `{app}-ext-sv`, …).
    Service(ServiceKind),
    /// ConfigMap of env vars `{app}`.
    EnvConfigMap,
    /// ConfigMap of files `{app}-config`.
    FilesConfigMap,
    /// ConfigMap of an extension's files `{app}-{ext}-config`.
    ExtensionConfigMap,
    /// VaultStaticSecret `{app}`, `{app}-{i}` or `{app}-vault-{i}`.
    VaultStaticSecret,
    /// Worker Deployment `{app}-{worker}`.
    Worker,
    /// Job `{app}-job-{key}`.
    Job,
    /// CronJob `{app}-cron-{key}`.
    CronJob,
    /// Main container `{app}`.
    MainContainer,
    /// Init container `{app}-init`.
    InitContainer,
    /// Extension sidecar container `{app}-{ext}`.
    SidecarContainer,
    /// Ingress `{app}-ingress`.
    Ingress,
    /// Redis cache Deployment `{app}-cache`.
    CacheDeployment,
    /// PersistentVolumeClaim `{app}-claim`.
    PersistentVolumeClaim,
    /// ServiceAccount / ClusterRole / ClusterRoleBinding `{ns}-{app}`.
    Rbac,
    /// HTTPRoute `{app}`.
    HttpRoute,
    /// ServiceMonitor `{app}`.
    ServiceMonitor,
}

impl ObjectKind {
    /// The rule names of this kind must satisfy.
    #[must_use]
    pub const fn rule(self) -> NameRule {
        match self {
            Self::AppNamespace
            | Self::InfraNamespace
            | Self::Deployment
            | Self::Worker
            | Self::Job
            | Self::MainContainer
            | Self::InitContainer
            | Self::SidecarContainer
            | Self::CacheDeployment => NameRule::Label,
            Self::Service(_) => NameRule::Rfc1035Label,
            Self::HelmRelease => NameRule::ReleaseName,
            Self::CronJob => NameRule::CronJobName,
            Self::Application
            | Self::EnvConfigMap
            | Self::FilesConfigMap
            | Self::ExtensionConfigMap
            | Self::VaultStaticSecret
            | Self::Ingress
            | Self::PersistentVolumeClaim
            | Self::Rbac
            | Self::HttpRoute
            | Self::ServiceMonitor => NameRule::Subdomain,
        }
    }
}

/// What a service × environment is called, plus the optional parts of its values that add names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NamingInput {
    /// `namespacePrefix` (may be empty).
    pub namespace_prefix: String,
    /// Service name (registry key), used for Application and release names.
    pub service: String,
    /// k8app `appName`, used for object names.
    pub app: String,
    /// Environment name.
    pub env: String,
    /// `environments.<env>.infraNamespace`, if set.
    pub infra_namespace: Option<String>,
    /// Keys of `extensions`.
    pub extensions: Vec<String>,
    /// Keys of `worker` entries.
    pub workers: Vec<String>,
    /// Keys of `job` entries.
    pub jobs: Vec<String>,
    /// Keys of `cronjob` entries.
    pub cronjobs: Vec<String>,
    /// Number of distinct Vault paths in `secrets`.
    pub vault_paths: usize,
    /// How VaultStaticSecrets are named (`None` = [`VssNaming::Legacy`]).
    pub vss_naming: Option<VssNaming>,
}

impl NamingInput {
    /// Input for `service` (with `appName` = `app`) in `env` under `namespace_prefix`.
    #[must_use]
    pub fn new(namespace_prefix: &str, service: &str, app: &str, env: &str) -> Self {
        Self {
            namespace_prefix: namespace_prefix.to_owned(),
            service: service.to_owned(),
            app: app.to_owned(),
            env: env.to_owned(),
            ..Self::default()
        }
    }
}

/// One name the platform or the chart would create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedName {
    /// What the name is for.
    pub object: ObjectKind,
    /// The name.
    pub name: String,
}

impl PlannedName {
    /// Checks the name against its object's rule.
    ///
    /// # Errors
    /// The [`NameError`] of [`NameRule::check`].
    pub fn check(&self) -> Result<(), NameError> {
        self.object.rule().check(&self.name)
    }
}

/// A generated name that breaks its rule, with every object that would carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameViolation {
    /// The offending name.
    pub name: String,
    /// The objects (same rule) that would get this name.
    pub objects: Vec<ObjectKind>,
    /// Why the name is invalid.
    pub error: NameError,
}

/// Every name `input` produces, in a stable order: platform names first, then chart objects.
///
/// Objects that exist only when a values switch is on (ingress, cache, PVC, RBAC, …) are included;
/// filter on [`PlannedName::object`] for what the values actually enable.
#[must_use]
pub fn planned_names(input: &NamingInput) -> Vec<PlannedName> {
    let names = K8appNames::new(input.app.as_str());
    let namespace = app_namespace(&input.namespace_prefix, &input.env);
    let plan = |object, name| PlannedName { object, name };
    let mut out = vec![
        plan(ObjectKind::AppNamespace, namespace.clone()),
        plan(
            ObjectKind::InfraNamespace,
            infra_namespace(&input.env, input.infra_namespace.as_deref()),
        ),
        plan(
            ObjectKind::Application,
            application_name(&input.service, &input.env),
        ),
        plan(
            ObjectKind::HelmRelease,
            release_name(&input.service, &input.env),
        ),
        plan(ObjectKind::Deployment, names.deployment()),
        plan(ObjectKind::MainContainer, names.deployment()),
        plan(ObjectKind::InitContainer, names.init_container()),
    ];
    out.extend(
        ServiceKind::ALL
            .into_iter()
            .map(|kind| plan(ObjectKind::Service(kind), names.service(kind))),
    );
    out.extend([
        plan(ObjectKind::EnvConfigMap, names.env_configmap()),
        plan(ObjectKind::FilesConfigMap, names.files_configmap()),
        plan(ObjectKind::Ingress, names.ingress()),
        plan(ObjectKind::CacheDeployment, names.cache()),
        plan(ObjectKind::PersistentVolumeClaim, names.pvc()),
        plan(ObjectKind::Rbac, names.rbac(&namespace)),
        plan(ObjectKind::HttpRoute, names.http_route()),
        plan(ObjectKind::ServiceMonitor, names.service_monitor()),
    ]);
    let naming = input.vss_naming.unwrap_or(VssNaming::Legacy);
    out.extend(
        names
            .vault_static_secrets(input.vault_paths, naming)
            .into_iter()
            .map(|name| plan(ObjectKind::VaultStaticSecret, name)),
    );
    for ext in &input.extensions {
        out.push(plan(
            ObjectKind::SidecarContainer,
            names.sidecar_container(ext),
        ));
        out.push(plan(
            ObjectKind::ExtensionConfigMap,
            names.extension_configmap(ext),
        ));
    }
    out.extend(
        input
            .workers
            .iter()
            .map(|w| plan(ObjectKind::Worker, names.worker(w))),
    );
    out.extend(
        input
            .jobs
            .iter()
            .map(|k| plan(ObjectKind::Job, names.job(k))),
    );
    out.extend(
        input
            .cronjobs
            .iter()
            .map(|k| plan(ObjectKind::CronJob, names.cronjob(k))),
    );
    out
}

/// The names `input` would produce that break their rule, grouped by name and rule, in
/// [`planned_names`] order.
///
/// ```
/// use gg_naming::{name_violations, NameRule, NamingInput, ObjectKind, ServiceKind};
/// let long = "a".repeat(50);
/// let input = NamingInput::new("poc", &long, &long, "staging");
/// let violations = name_violations(&input);
/// // `{service}-staging` is 58 characters: fine for the Application, too long for Helm.
/// assert_eq!(violations[0].objects, [ObjectKind::HelmRelease]);
/// assert_eq!(violations[0].error.rule(), NameRule::ReleaseName);
/// // `{app}-headless-sv` is 62 characters: still fine; a 52-character app would not be.
/// assert!(violations.iter().all(|v| v.objects != [ObjectKind::Service(ServiceKind::Headless)]));
/// assert!(name_violations(&NamingInput::new("poc", "api-gw", "api-gw", "dev")).is_empty());
/// ```
#[must_use]
pub fn name_violations(input: &NamingInput) -> Vec<NameViolation> {
    let mut violations: Vec<NameViolation> = Vec::new();
    for planned in planned_names(input) {
        let Err(error) = planned.check() else {
            continue;
        };
        if let Some(existing) = violations
            .iter_mut()
            .find(|v| v.name == planned.name && v.error.rule() == error.rule())
        {
            existing.objects.push(planned.object);
        } else {
            violations.push(NameViolation {
                name: planned.name,
                objects: vec![planned.object],
                error,
            });
        }
    }
    violations
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_input_has_no_violations() {
        let mut input = NamingInput::new("poc", "user-service", "user-service", "dev");
        input.extensions = vec!["auth-adapter".into()];
        input.jobs = vec!["migrate".into()];
        input.cronjobs = vec!["cleanup".into()];
        input.workers = vec!["mailer".into()];
        input.vault_paths = 2;
        let planned = planned_names(&input);
        assert!(planned.iter().any(|p| p.name == "user-service-job-migrate"));
        assert!(planned.iter().any(|p| p.name == "user-service-1"));
        assert!(planned.iter().any(|p| p.name == "poc-dev-user-service"));
        assert!(name_violations(&input).is_empty());
    }

    #[test]
    fn uppercase_app_is_grouped_per_rule() {
        let input = NamingInput::new("poc", "api", "Api", "dev");
        let violations = name_violations(&input);
        let label = violations
            .iter()
            .find(|v| v.name == "Api" && v.error.rule() == NameRule::Label)
            .unwrap();
        assert_eq!(
            label.objects,
            [ObjectKind::Deployment, ObjectKind::MainContainer]
        );
        let subdomain = violations
            .iter()
            .find(|v| v.name == "Api" && v.error.rule() == NameRule::Subdomain)
            .unwrap();
        assert_eq!(
            subdomain.objects,
            [
                ObjectKind::EnvConfigMap,
                ObjectKind::HttpRoute,
                ObjectKind::ServiceMonitor
            ]
        );
    }

    #[test]
    fn long_app_breaks_services_first() {
        let app = "x".repeat(52);
        let violations = name_violations(&NamingInput::new("poc", "x", &app, "dev"));
        let objects: Vec<_> = violations.iter().flat_map(|v| v.objects.clone()).collect();
        assert_eq!(objects, [ObjectKind::Service(ServiceKind::Headless)]);
    }

    #[test]
    fn digit_leading_app_breaks_only_services() {
        let violations = name_violations(&NamingInput::new("poc", "x", "3d-render", "dev"));
        assert_eq!(violations.len(), ServiceKind::ALL.len());
        assert!(
            violations
                .iter()
                .all(|v| v.error.rule() == NameRule::Rfc1035Label)
        );
    }

    #[test]
    fn long_cronjob_key() {
        let mut input = NamingInput::new("poc", "api", "api", "dev");
        input.cronjobs = vec!["c".repeat(44)];
        let violations = name_violations(&input);
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].objects, [ObjectKind::CronJob]);
    }
}
