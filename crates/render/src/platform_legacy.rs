//! What platform-core renders from the platform settings (reference §7.3-§7.4):
//! Namespaces, VaultAuth and the registry VaultStaticSecret per environment,
//! Gateways, the Vault policies and roles its bootstrap job writes, the
//! ApplicationSet and, expanded, the Applications it generates.

use gg_platform::{ApplicationSpec, Platform};
use gg_vault::print_policy;
use serde_json::{Value, json};

use crate::chart::{Draft, Obj};

fn core_value<'a>(platform: &'a Platform, path: &[&str]) -> Option<&'a gg_yaml::Node> {
    let files = platform.files.as_ref()?;
    [files.core.as_ref(), files.base.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(|file| file.node.as_ref()?.get_path(path))
        .next()
}

fn core_text(platform: &Platform, path: &[&str], fallback: &str) -> String {
    core_value(platform, path)
        .and_then(gg_yaml::Node::helm_text)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fallback.to_owned())
}

fn wave(wave: &str) -> Value {
    json!({"argocd.argoproj.io/sync-wave": wave})
}

fn draft(template: &'static str, values: &[&str], object: Value) -> Draft {
    Draft::new(
        template,
        values
            .iter()
            .map(|v| v.split('.').map(str::to_owned).collect())
            .collect(),
        object,
    )
}

fn namespaces(platform: &Platform, out: &mut Vec<Draft>) {
    let extra = core_value(platform, &["namespaces", "labels"]).map(gg_yaml::Node::to_json);
    for env in &platform.settings.environments {
        let name = &env.name.value;
        let mut labels = Obj::new()
            .with("environment", name.as_str())
            .with("gateway-access", "true");
        if let Some(Value::Object(extra)) = &extra {
            for (k, v) in extra {
                labels = labels.with(k, v.clone());
            }
        }
        let labels: Value = labels.into();
        for namespace in [&env.namespace, &env.infra_namespace.value] {
            out.push(draft(
                "platform-core/templates/namespaces.yaml",
                &["environments", "global.namespacePrefix"],
                json!({"apiVersion": "v1", "kind": "Namespace",
                    "metadata": {"name": namespace, "labels": labels, "annotations": wave("-2")}}),
            ));
        }
    }
}

fn vault_objects(platform: &Platform, out: &mut Vec<Draft>) {
    let settings = &platform.settings;
    let audiences = platform
        .config
        .vault_auth_audiences
        .as_ref()
        .map_or_else(|| vec!["vault".to_owned()], |a| a.value.clone());
    let vault_auth = platform
        .config
        .vault_auth_enabled
        .as_ref()
        .is_none_or(|e| e.value);
    for env in &settings.environments {
        let namespace = &env.namespace;
        if vault_auth {
            out.push(draft(
                "platform-core/templates/vault-auth.yaml",
                &["vaultAuth"],
                json!({"apiVersion": "secrets.hashicorp.com/v1beta1", "kind": "VaultAuth",
                    "metadata": {"name": settings.vault_auth.value, "namespace": namespace},
                    "spec": {"method": "kubernetes", "mount": "kubernetes",
                        "kubernetes": {"role": format!("{namespace}-default"), "serviceAccount": "default", "audiences": audiences}}}),
            ));
        }
        if settings.registry_enabled.value {
            out.push(draft(
                "platform-core/templates/vault-registry-secret.yaml",
                &["registry"],
                json!({"apiVersion": "secrets.hashicorp.com/v1beta1", "kind": "VaultStaticSecret",
                    "metadata": {"name": settings.registry_secret.value, "namespace": namespace, "annotations": wave("-1")},
                    "spec": {"type": "kv-v2", "mount": settings.vault_mount.value, "path": settings.registry_vault_path.value,
                        "vaultAuthRef": settings.vault_auth.value, "refreshAfter": "1h",
                        "destination": {"name": settings.registry_secret.value, "create": true, "overwrite": true, "type": "kubernetes.io/dockerconfigjson"}}}),
            ));
        }
    }
}

fn gateways(platform: &Platform, out: &mut Vec<Draft>) {
    if core_value(platform, &["gateway", "enabled"])
        .is_some_and(|n| n.helm_text().as_deref() == Some("false"))
    {
        return;
    }
    let class = core_text(platform, &["gateway", "gatewayClassName"], "cilium");
    let protocol = core_text(platform, &["gateway", "listener", "protocol"], "HTTP");
    let port: i64 = core_text(platform, &["gateway", "listener", "port"], "80")
        .parse()
        .unwrap_or(80);
    let preview = &platform.config.preview;
    for env in &platform.settings.environments {
        let Some(domain) = &env.domain else { continue };
        let listener = |name: String, hostname: String| {
            json!({"name": name, "hostname": hostname, "port": port, "protocol": protocol,
                "allowedRoutes": {"namespaces": {"from": "Same"}}})
        };
        let mut listeners = vec![listener(
            platform.settings.gateway_listener.value.clone(),
            domain.value.clone(),
        )];
        let configured = platform
            .config
            .environments
            .iter()
            .find(|e| e.name.value == env.name.value);
        for (i, mirror) in configured
            .map(|e| e.mirror_domains.as_slice())
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            listeners.push(listener(format!("http-mirror-{i}"), mirror.value.clone()));
        }
        let preview_here = preview.enabled.as_ref().is_some_and(|e| e.value)
            && preview
                .gateway_namespace
                .as_ref()
                .is_some_and(|ns| ns.value == env.namespace);
        if let (true, Some(base)) = (preview_here, &preview.base_domain) {
            listeners.push(listener(
                "http-preview".to_owned(),
                format!("*.{}", base.value),
            ));
        }
        out.push(draft(
            "platform-core/templates/gateway.yaml",
            &["gateway", "environments"],
            json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
                "metadata": {"name": "gateway", "namespace": env.namespace},
                "spec": {"gatewayClassName": class, "listeners": listeners}}),
        ));
    }
}

fn vault_bootstrap(platform: &Platform, out: &mut Vec<Draft>) {
    let generated = platform.vault_settings().generate();
    for policy in &generated.policies {
        out.push(draft(
            "platform-core/templates/bootstrap-job.yaml",
            &["global.vaultPathPrefix", "environments", "services"],
            json!({"kind": "VaultPolicy", "metadata": {"name": policy.name},
                "path": format!("sys/policies/acl/{}", policy.name), "policy": print_policy(&policy.policy)}),
        ));
    }
    for role in &generated.roles {
        out.push(draft(
            "platform-core/templates/bootstrap-job.yaml",
            &["global.namespacePrefix", "environments", "services"],
            json!({"kind": "VaultKubernetesRole", "metadata": {"name": role.name},
                "path": format!("auth/kubernetes/role/{}", role.name),
                "data": serde_json::to_value(role).unwrap_or(Value::Null)}),
        ));
    }
}

fn platform_repo(platform: &Platform) -> String {
    let settings = &platform.settings;
    format!(
        "https://{}/{}/infra/{}/gitops-config.git",
        settings.gitlab_host.value, settings.gitlab_group.value, settings.namespace_prefix.value
    )
}

fn sync_policy() -> Value {
    json!({
        "automated": {"prune": true, "selfHeal": true},
        "syncOptions": ["CreateNamespace=true", "PruneLast=true", "ApplyOutOfSyncOnly=true"]
    })
}

fn application_spec(
    platform: &Platform,
    project: &str,
    chart: Value,
    values_repo: &str,
    namespace: &str,
) -> Value {
    json!({
        "project": project,
        "sources": [
            chart,
            {"repoURL": platform_repo(platform), "targetRevision": "main", "ref": "platform"},
            {"repoURL": values_repo, "targetRevision": "main", "ref": "values"}
        ],
        "destination": {"server": "https://kubernetes.default.svc", "namespace": namespace},
        "syncPolicy": sync_policy(),
        "ignoreDifferences": [{"group": "apps", "kind": "Deployment", "jsonPointers": ["/spec/replicas"]}],
        "revisionHistoryLimit": 3
    })
}

fn application_set(platform: &Platform, out: &mut Vec<Draft>) {
    let settings = &platform.settings;
    let services: Vec<Value> = settings
        .registry
        .entries
        .iter()
        .map(|e| json!({"service": e.name.value, "repoURL": e.repo_url.value, "path": e.path.value, "syncWave": e.sync_wave.value}))
        .collect();
    let envs: Vec<Value> = settings
        .environments
        .iter()
        .map(|e| json!({"env": e.name.value, "namespace": e.namespace}))
        .collect();
    let chart = json!({
        "repoURL": settings.chart.repo_url.value, "chart": settings.chart.chart.value,
        "targetRevision": settings.chart.version.value,
        "helm": {"valueFiles": ["$platform/shared/k8app-defaults.yaml", "$values/{{.path}}/default.yaml", "$values/{{.path}}/{{.env}}.yaml"]}
    });
    out.push(draft(
        "platform-core/templates/applicationset.yaml",
        &["services", "environments", "global.k8app", "applicationSet"],
        json!({"apiVersion": "argoproj.io/v1alpha1", "kind": "ApplicationSet",
            "metadata": {"name": settings.application_set.value, "namespace": "argocd"},
            "spec": {
                "goTemplate": true,
                "goTemplateOptions": ["missingkey=error"],
                "generators": [{"matrix": {"generators": [{"list": {"elements": services}}, {"list": {"elements": envs}}]}}],
                "template": {
                    "metadata": {"name": "{{.service}}-{{.env}}", "namespace": "argocd",
                        "labels": {"app.kubernetes.io/name": "{{.service}}", "environment": "{{.env}}", "app.kubernetes.io/part-of": settings.gitlab_group.value},
                        "annotations": wave("{{.syncWave}}")},
                    "spec": application_spec(platform, &settings.project.value, chart, "{{.repoURL}}", "{{.namespace}}")
                }
            }}),
    ));
}

fn application(platform: &Platform, app: &ApplicationSpec) -> Value {
    let chart = json!({
        "repoURL": app.chart_repo_url, "chart": app.chart, "targetRevision": app.chart_version,
        "helm": {"valueFiles": app.value_files}
    });
    json!({"apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
        "metadata": {"name": app.name, "namespace": "argocd",
            "labels": {"app.kubernetes.io/name": app.service, "environment": app.env, "app.kubernetes.io/part-of": platform.settings.gitlab_group.value},
            "annotations": wave(&app.sync_wave)},
        "spec": application_spec(platform, &app.project, chart, &app.values_repo_url, &app.namespace)})
}

/// Every platform-core object, in template order; Applications too with `expand`.
pub(crate) fn render(platform: &Platform, expand: bool) -> Vec<Draft> {
    let mut out = Vec::new();
    namespaces(platform, &mut out);
    vault_objects(platform, &mut out);
    gateways(platform, &mut out);
    application_set(platform, &mut out);
    if expand {
        for app in platform.applications() {
            out.push(draft(
                "platform-core/templates/applicationset.yaml (expanded)",
                &["services", "environments"],
                application(platform, &app),
            ));
        }
    }
    vault_bootstrap(platform, &mut out);
    out
}
