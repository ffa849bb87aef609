//! The ApplicationSet of platform-core expanded into its Applications: one per
//! registered service × enabled environment.

use serde::Serialize;

use crate::settings::PlatformSettings;

/// One Application the ApplicationSet generates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationSpec {
    /// `{service}-{env}` (also the Helm release name).
    pub name: String,
    /// The registry key.
    pub service: String,
    /// The environment.
    pub env: String,
    /// Destination namespace `{namespacePrefix}-{env}`.
    pub namespace: String,
    /// ArgoCD project.
    pub project: String,
    /// `argocd.argoproj.io/sync-wave`.
    pub sync_wave: String,
    /// Helm repository of k8app.
    pub chart_repo_url: String,
    /// Chart name.
    pub chart: String,
    /// Chart version.
    pub chart_version: String,
    /// The service repository (`ref: values`).
    pub values_repo_url: String,
    /// `helm.valueFiles`, lowest priority first.
    pub value_files: Vec<String>,
}

/// Expands the ApplicationSet: registry order, then environment order.
pub fn expand_application_set(settings: &PlatformSettings) -> Vec<ApplicationSpec> {
    settings
        .registry
        .entries
        .iter()
        .flat_map(|service| {
            settings.environments.iter().map(move |env| {
                let (name, env) = (&service.name.value, &env.name.value);
                let path = &service.path.value;
                ApplicationSpec {
                    name: gg_naming::application_name(name, env),
                    service: name.clone(),
                    env: env.clone(),
                    namespace: settings.namespace(env),
                    project: settings.project.value.clone(),
                    sync_wave: service.sync_wave.value.clone(),
                    chart_repo_url: settings.chart.repo_url.value.clone(),
                    chart: settings.chart.chart.value.clone(),
                    chart_version: settings.chart.version.value.clone(),
                    values_repo_url: service.repo_url.value.clone(),
                    value_files: vec![
                        "$platform/shared/k8app-defaults.yaml".to_owned(),
                        format!("$values/{path}/default.yaml"),
                        format!("$values/{path}/{env}.yaml"),
                    ],
                }
            })
        })
        .collect()
}
