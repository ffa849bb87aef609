//! `infra-apps.yaml` (an Application `infra-{env}` per enabled environment)
//! and `applicationset.yaml`: the services' ApplicationSet, a matrix of the
//! registered services and the enabled environments in ArgoCD's default
//! template syntax (`{{service}}`, not Go templates).

use serde_json::{Map, Value};

use super::namespaces::infra_namespace;
use crate::error::RenderError;
use crate::gotmpl::{self, Key};
use crate::platform::text::{Tmpl, quote, s, show, to_yaml_nindent};

/// Renders `infra-apps.yaml`.
pub(super) fn infra_apps(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    if !gotmpl::truthy(t.get("infra.enabled")?) {
        return Ok(());
    }
    for (name, env) in t.enabled(t.get("environments")?)? {
        let project = show(t.get("applicationSet.project")?);
        let group = show(t.get("global.gitlabGroup")?);
        let namespace = infra_namespace(t, env, &name)?;
        t.push(&format!(
            "\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: infra-{name}\n  namespace: argocd\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: infrastructure\n    environment: {name}\n  annotations:\n    argocd.argoproj.io/sync-wave: \"-1\"\n  finalizers:\n    - resources-finalizer.argocd.argoproj.io\nspec:\n  project: {project}\n\n  source:\n    repoURL: https://gitlab.com/{group}/infra/poc/gitops-config.git\n    targetRevision: main\n    path: infra\n\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: {namespace}\n\n  syncPolicy:"
        ));
        if gotmpl::truthy(t.field(Some(env), "autoSync")?) {
            t.push("\n    automated:\n      prune: true\n      selfHeal: true");
        }
        t.push("\n    syncOptions:\n      - CreateNamespace=false");
    }
    Ok(())
}

/// Renders `applicationset.yaml`.
pub(super) fn application_set(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    if !gotmpl::truthy(t.get("applicationSet.enabled")?) {
        return Ok(());
    }
    let name = show(t.get("applicationSet.name")?);
    t.push(&format!(
        "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: {name}\n  namespace: argocd\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: applicationset\nspec:\n  generators:\n    - matrix:\n        generators:\n          - list:\n              elements:"
    ));
    let services = service_elements(t)?;
    elements(t, services);
    t.push("\n\n          - list:\n              elements:");
    let envs = env_elements(t)?;
    elements(t, envs);
    let group = show(t.get("global.gitlabGroup")?);
    let project = show(t.get("applicationSet.project")?);
    let repo = show(t.get("global.k8app.repoURL")?);
    let chart = show(t.get("global.k8app.chart")?);
    let version = quote(t.get("global.k8app.version")?);
    let platform_group = show(t.get("global.gitlabGroup")?);
    let prefix = show(t.get("global.namespacePrefix")?);
    t.push(&format!(
        "\n\n  template:\n    metadata:\n      name: '{{{{service}}}}-{{{{env}}}}'\n      namespace: argocd\n      labels:\n        app.kubernetes.io/name: '{{{{service}}}}'\n        environment: '{{{{env}}}}'\n        app.kubernetes.io/part-of: {group}\n      annotations:\n        argocd.argoproj.io/sync-wave: '{{{{syncWave}}}}'\n    spec:\n      project: {project}\n\n      sources:\n        - repoURL: {repo}\n          chart: {chart}\n          targetRevision: {version}\n          helm:\n            valueFiles:\n              - $platform/shared/k8app-defaults.yaml\n              - $values/{{{{path}}}}/default.yaml\n              - $values/{{{{path}}}}/{{{{env}}}}.yaml\n\n        - repoURL: https://gitlab.com/{platform_group}/infra/poc/gitops-config.git\n          targetRevision: main\n          ref: platform\n\n        - repoURL: '{{{{repoURL}}}}'\n          targetRevision: main\n          ref: values\n\n      destination:\n        server: https://kubernetes.default.svc\n        namespace: '{prefix}-{{{{env}}}}'\n\n      syncPolicy:\n        syncOptions:\n          - CreateNamespace=true\n          - PruneLast=true\n          - ApplyOutOfSyncOnly=true\n        automated:\n          prune: true\n          selfHeal: true\n\n      ignoreDifferences:\n        - group: apps\n          kind: Deployment\n          jsonPointers:\n            - /spec/replicas\n\n      revisionHistoryLimit: 3"
    ));
    Ok(())
}

/// `toYaml $list | nindent 16`, or `[]` for an empty list.
fn elements(t: &mut Tmpl<'_>, list: Vec<Value>) {
    if list.is_empty() {
        t.push("\n                []");
    } else {
        let list = Value::Array(list);
        t.push(&to_yaml_nindent(Some(&list), 16));
    }
}

/// The value a range key puts into a `dict`: the map key, or the index.
fn key_value(key: &Key) -> Value {
    if key.index {
        key.text.parse::<u64>().map_or(Value::Null, Value::from)
    } else {
        Value::String(key.text.clone())
    }
}

/// One element per registered service: `service`, `repoURL` (default
/// `https://gitlab.com/{gitlabGroup}/{service}.git`), `syncWave` (default
/// `"0"`) and `path` (default `.cicd`).
fn service_elements(t: &Tmpl<'_>) -> Result<Vec<Value>, RenderError> {
    let mut out = Vec::new();
    for (key, service) in t.range(t.get("services")?)? {
        let fallback = Value::String(format!(
            "https://gitlab.com/{}/{}.git",
            s(t.get("global.gitlabGroup")?),
            key.verb_s()
        ));
        let zero = Value::String("0".to_owned());
        let cicd = Value::String(".cicd".to_owned());
        let repo = gotmpl::default(t.field(Some(service), "repoURL")?, Some(&fallback));
        let wave = gotmpl::default(t.field(Some(service), "syncWave")?, Some(&zero));
        let path = gotmpl::default(t.field(Some(service), "path")?, Some(&cicd));
        let mut element = Map::new();
        element.insert("service".to_owned(), key_value(&key));
        element.insert("repoURL".to_owned(), repo.cloned().unwrap_or(Value::Null));
        element.insert("syncWave".to_owned(), wave.cloned().unwrap_or(Value::Null));
        element.insert("path".to_owned(), path.cloned().unwrap_or(Value::Null));
        out.push(Value::Object(element));
    }
    Ok(out)
}

/// One element per enabled environment: `env` and `autoSync` (`autoSync |
/// default true`, so `false` becomes `true`).
fn env_elements(t: &Tmpl<'_>) -> Result<Vec<Value>, RenderError> {
    let mut out = Vec::new();
    for (key, env) in t.enabled(t.get("environments")?)? {
        let yes = Value::Bool(true);
        let auto = gotmpl::default(t.field(Some(env), "autoSync")?, Some(&yes));
        let mut element = Map::new();
        element.insert("env".to_owned(), key_value(&key));
        element.insert("autoSync".to_owned(), auto.cloned().unwrap_or(Value::Null));
        out.push(Value::Object(element));
    }
    Ok(out)
}
