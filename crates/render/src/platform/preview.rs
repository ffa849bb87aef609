//! preview-environments' templates: with previews enabled, the VaultAuth
//! and VaultStaticSecret of the GitLab token in `argocd`, and per enabled
//! service with a GitLab project a pull-request ApplicationSet (Go template
//! syntax) whose Applications deploy the merge request's branch under the
//! name `{appNameBase}-{jira-tag}`.

use serde_json::Value;

use super::Template;
use super::text::{Tmpl, quote, show, to_yaml_nindent};
use crate::error::RenderError;
use crate::gotmpl;

/// The templates, in the order Helm executes them.
pub(super) const TEMPLATES: &[Template] = &[
    (
        "preview-environments/templates/preview-vault-secrets.yaml",
        |t, _| vault_secrets(t),
    ),
    (
        "preview-environments/templates/preview-applicationset.yaml",
        |t, _| application_sets(t),
    ),
];

/// The Go template ArgoCD evaluates for a branch's JIRA tag.
const JIRA_TAG: &str = "{{ regexFind \"^[A-Za-z]+-[0-9]+\" .branch | lower }}";

/// Renders `preview-vault-secrets.yaml`.
fn vault_secrets(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    if !gotmpl::truthy(t.get("previewEnvironments.enabled")?)
        || !gotmpl::truthy(t.get("previewEnvironments.vault.enabled")?)
    {
        return Ok(());
    }
    t.push("\n---\napiVersion: secrets.hashicorp.com/v1beta1\nkind: VaultAuth\nmetadata:\n  name: vault-auth\n  namespace: argocd\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: preview-environments\nspec:\n  method: kubernetes\n  mount: kubernetes\n  kubernetes:\n    role: argocd-preview\n    serviceAccount: default\n    audiences:");
    let audiences = t.get("vaultAuth.audiences")?;
    t.push(&to_yaml_nindent(audiences, 6));
    let secret = show(t.get("previewEnvironments.gitlab.tokenRef.secretName")?);
    let mount = show(t.get("vault.mount")?);
    let path = show(t.get("previewEnvironments.vault.path")?);
    t.push(&format!(
        "\n---\napiVersion: secrets.hashicorp.com/v1beta1\nkind: VaultStaticSecret\nmetadata:\n  name: {secret}\n  namespace: argocd\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: preview-environments\nspec:\n  type: kv-v2\n  mount: {mount}\n  path: {path}\n  destination:\n    name: {secret}\n    create: true\n  refreshAfter: 1h\n  vaultAuthRef: vault-auth"
    ));
    Ok(())
}

/// Renders `preview-applicationset.yaml`.
fn application_sets(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    if !gotmpl::truthy(t.get("previewEnvironments.enabled")?) {
        return Ok(());
    }
    for (name, service) in t.enabled(t.get("previewEnvironments.services")?)? {
        if !gotmpl::truthy(t.field(Some(service), "projectId")?) {
            continue;
        }
        let project = quote(t.field(Some(service), "projectId")?);
        let api = show(t.get("previewEnvironments.gitlab.api")?);
        let token = show(t.get("previewEnvironments.gitlab.tokenRef.secretName")?);
        let key = show(t.get("previewEnvironments.gitlab.tokenRef.key")?);
        let requeue = show(t.get("previewEnvironments.gitlab.requeueAfterSeconds")?);
        t.push(&format!(
            "\n---\napiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: preview-{name}\n  namespace: argocd\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: preview-environments\nspec:\n  goTemplate: true\n  goTemplateOptions: [\"missingkey=error\"]\n\n  generators:\n    - pullRequest:\n        gitlab:\n          project: {project}\n          api: {api}\n          tokenRef:\n            secretName: {token}\n            key: {key}\n          pullRequestState: opened\n        requeueAfterSeconds: {requeue}"
        ));
        let branch_match = t.field(Some(service), "branchMatch")?;
        if gotmpl::truthy(branch_match) {
            t.push(&format!(
                "\n        filters:\n          - branchMatch: {}",
                quote(branch_match)
            ));
        }
        let project = show(t.get("applicationSet.project")?);
        let repo = show(t.get("global.k8app.repoURL")?);
        let chart = show(t.get("global.k8app.chart")?);
        let version = quote(t.get("global.k8app.version")?);
        let cicd = show(t.field(Some(service), "cicdPath")?);
        t.push(&format!(
            "\n\n  template:\n    metadata:\n      name: 'preview-{name}-{JIRA_TAG}'\n      namespace: argocd\n      labels:\n        app.kubernetes.io/name: preview-{name}\n        app.kubernetes.io/component: preview\n        preview/service: {name}\n        preview/jira-tag: '{JIRA_TAG}'\n        preview/mr-number: '{{{{.number}}}}'\n      annotations:\n        preview/branch: '{{{{.branch}}}}'\n        preview/author: '{{{{.author}}}}'\n        preview/head-sha: '{{{{.head_short_sha}}}}'\n      finalizers:\n        - resources-finalizer.argocd.argoproj.io\n    spec:\n      project: {project}\n\n      sources:\n        - repoURL: {repo}\n          chart: {chart}\n          targetRevision: {version}\n          helm:\n            valueFiles:\n              - $values/{cicd}/default.yaml\n            values: |"
        ));
        let fallback = Value::String(name.text.clone());
        let app_base = show(gotmpl::default(
            t.field(Some(service), "appNameBase")?,
            Some(&fallback),
        ));
        let base_domain = show(t.get("previewEnvironments.baseDomain")?);
        let gateway_namespace = show(t.get("previewEnvironments.gateway.namespace")?);
        let values = preview_values(&app_base, &base_domain, &gateway_namespace);
        t.push(&values);
        let repo_url = show(t.field(Some(service), "repoURL")?);
        let namespace = show(t.field(Some(service), "namespace")?);
        t.push(&format!(
            "\n\n        - repoURL: {repo_url}\n          targetRevision: '{{{{.branch}}}}'\n          ref: values\n\n      destination:\n        server: https://kubernetes.default.svc\n        namespace: '{namespace}'\n\n      syncPolicy:\n        syncOptions:\n          - PruneLast=true\n        automated:\n          prune: true\n          selfHeal: true"
        ));
    }
    Ok(())
}

/// The inline values of a preview Application (a block scalar below
/// `helm.values`): the app named after the JIRA tag, the branch as image
/// tag, an HTTPRoute on the preview listener, no Vault.
fn preview_values(app_base: &str, base_domain: &str, gateway_namespace: &str) -> String {
    let lines = [
        format!("appName: \"{app_base}-{JIRA_TAG}\""),
        String::new(),
        "image:".to_owned(),
        "  tag: \"{{.branch | replace \"/\" \"-\" | lower}}\"".to_owned(),
        String::new(),
        "httpRoute:".to_owned(),
        "  enabled: true".to_owned(),
        "  hostnames:".to_owned(),
        format!("    - \"{JIRA_TAG}.{base_domain}\""),
        "  parentRefs:".to_owned(),
        "    - name: gateway".to_owned(),
        format!("      namespace: {gateway_namespace}"),
        "      sectionName: http-preview".to_owned(),
        "  rules:".to_owned(),
        "    - matches:".to_owned(),
        "        - path:".to_owned(),
        "            type: PathPrefix".to_owned(),
        "            value: /api".to_owned(),
        "      backendRefs:".to_owned(),
        "        - name: api-gw-sv".to_owned(),
        "          port: 8080".to_owned(),
        "    - matches:".to_owned(),
        "        - path:".to_owned(),
        "            type: PathPrefix".to_owned(),
        "            value: /".to_owned(),
        "      backendRefs:".to_owned(),
        format!("        - name: \"{app_base}-{JIRA_TAG}-sv\""),
        "          port: 4200".to_owned(),
        String::new(),
        "configmap:".to_owned(),
        "  API_URL: \"http://api-gw-sv:8080\"".to_owned(),
        String::new(),
        "vault:".to_owned(),
        "  enabled: false".to_owned(),
    ];
    let mut out = String::new();
    for line in lines {
        out.push('\n');
        if !line.is_empty() {
            out.push_str("              ");
            out.push_str(&line);
        }
    }
    out
}
