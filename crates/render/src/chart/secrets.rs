//! `secrets/vault-static-secret.yaml`, `secrets/aws-secret-provider.yaml` and
//! the legacy `vault-crd.yaml` (a SecretProviderClass despite its name).

use std::collections::BTreeMap;

use gg_k8app::Feature;
use gg_vault::{SecretContext, SecretsModel, resolve_secret_path};
use serde_json::{Value, json};

use super::{Draft, Obj, Scope};
use crate::error::RenderError;
use crate::tmpl::{default, eq_str, sorted_entries, text};

/// Resolved Vault path → the `secrets` keys that resolve to it (sorted by path).
pub(crate) fn paths_by_resolved(s: &Scope<'_>) -> BTreeMap<String, Vec<String>> {
    let environment = text(s.get("environment"));
    let context = SecretContext {
        namespace: &s.ctx.namespace,
        app_name: &s.app,
        environment: &environment,
    };
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value) in sorted_entries(s.get("secrets")) {
        let resolved = resolve_secret_path(SecretsModel::K8app34To38, &text(Some(value)), &context);
        out.entry(resolved.path).or_default().push(key.clone());
    }
    out
}

fn provider_is(s: &Scope<'_>, provider: &str) -> bool {
    s.on("secretsProvider")
        && eq_str(s.get("secretsProvider.provider"), provider)
        && s.on("secrets")
}

fn vault_static_secrets(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    let by_path = paths_by_resolved(s);
    let vault = |key: &str, fallback: &str| -> Result<Value, RenderError> {
        let field = format!("secretsProvider.vault.{key}");
        crate::tmpl::plain(Some(default(s.get(&field), &json!(fallback))), &field)
    };
    for (index, (path, keys)) in by_path.iter().enumerate() {
        let name = if by_path.len() == 1 {
            s.app.clone()
        } else {
            format!("{}-{index}", s.app)
        };
        let mut annotations = Obj::new();
        if s.has(Feature::VaultSecretVersionAnnotation) {
            annotations = annotations.with("app.kubernetes.io/version", s.appver());
        }
        let annotations = annotations
            .with("helm.sh/hook", "pre-install,pre-upgrade")
            .with("helm.sh/hook-weight", "-5")
            .with("helm.sh/hook-delete-policy", "before-hook-creation");
        let spec = Obj::new()
            .with("type", vault("type", "kv-v2")?)
            .with("mount", vault("mount", "secret")?)
            .with("path", crate::tmpl::scalar(path, "secrets")?)
            .with("refreshAfter", vault("refreshAfter", "1h")?)
            .with("vaultAuthRef", vault("authRef", "vault-auth")?)
            .with(
                "destination",
                json!({"name": s.app, "create": true, "overwrite": true}),
            );
        let object = Obj::new()
            .with("apiVersion", "secrets.hashicorp.com/v1beta1")
            .with("kind", "VaultStaticSecret")
            .with(
                "metadata",
                Obj::new()
                    .with("name", name)
                    .with("namespace", s.ctx.namespace.as_str())
                    .with("labels", s.labels())
                    .with("annotations", annotations),
            )
            .with("spec", spec);
        let mut values: Vec<Vec<String>> = keys
            .iter()
            .map(|key| vec!["secrets".to_owned(), key.clone()])
            .collect();
        values.push(vec!["secretsProvider".to_owned(), "vault".to_owned()]);
        out.push(Draft::new(
            "app/templates/secrets/vault-static-secret.yaml",
            values,
            object.into(),
        ));
    }
    Ok(())
}

fn secret_objects(s: &Scope<'_>) -> Value {
    let data: Vec<Value> = sorted_entries(s.get("secrets"))
        .into_iter()
        .map(|(key, _)| json!({"objectName": key, "key": key}))
        .collect();
    json!([{"secretName": s.app, "type": "Opaque", "data": data}])
}

/// One `objects:` entry as the template writes it into the block scalar.
fn object_entry(object_name: &str, alias: &str) -> String {
    let quoted = serde_json::to_string(object_name).unwrap_or_default();
    format!("- objectName: {quoted}\n  objectAlias: {alias}\n  objectType: \"ssmparameter\"\n")
}

fn aws_provider(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    // The template ranges over the secrets (sorted by key), not by path.
    let mut by_key: Vec<(String, String)> = paths_by_resolved(s)
        .into_iter()
        .flat_map(|(path, keys)| keys.into_iter().map(move |k| (k, path.clone())))
        .collect();
    by_key.sort();
    let objects: String = by_key
        .iter()
        .map(|(key, path)| object_entry(&format!("/{path}"), key))
        .collect();
    let provider = crate::tmpl::plain(
        Some(default(
            s.get("secretsProvider.aws.provider"),
            &json!("aws"),
        )),
        "secretsProvider.aws.provider",
    )?;
    let object = Obj::new()
        .with("apiVersion", "secrets-store.csi.x-k8s.io/v1")
        .with("kind", "SecretProviderClass")
        .with(
            "metadata",
            Obj::new()
                .with("name", format!("{}-aws-secrets", s.app))
                .with("namespace", s.ctx.namespace.as_str())
                .with("labels", s.labels())
                .with(
                    "annotations",
                    json!({"checksum/secrets": s.checksum("secrets")}),
                ),
        )
        .with(
            "spec",
            Obj::new()
                .with("provider", provider)
                .with("secretObjects", secret_objects(s))
                .with("parameters", json!({"objects": objects})),
        );
    out.push(Draft::new(
        "app/templates/secrets/aws-secret-provider.yaml",
        super::paths(&["secrets", "secretsProvider.provider"]),
        object.into(),
    ));
    Ok(())
}

fn legacy_provider(s: &Scope<'_>, out: &mut Vec<Draft>) {
    let objects: String = sorted_entries(s.get("secrets"))
        .into_iter()
        .map(|(key, value)| object_entry(&text(Some(value)), key))
        .collect();
    let labels = Obj::new()
        .with("helm.sh/chart", s.chart_label())
        .with("app", s.app.as_str())
        .with("chart", s.chart_label())
        .with("release", s.ctx.release.as_str());
    let object = Obj::new()
        .with("apiVersion", "secrets-store.csi.x-k8s.io/v1")
        .with("kind", "SecretProviderClass")
        .with(
            "metadata",
            Obj::new()
                .with("name", format!("{}-aws-secrets", s.app))
                .with("namespace", s.ctx.namespace.as_str())
                .with(
                    "annotations",
                    json!({"checksum/secrets": s.checksum("secrets"), "image/tag": s.appver()}),
                )
                .with("labels", labels),
        )
        .with(
            "spec",
            Obj::new()
                .with("provider", "aws")
                .with("secretObjects", secret_objects(s))
                .with("parameters", json!({"objects": objects})),
        );
    out.push(Draft::new(
        "app/templates/vault-crd.yaml",
        super::paths(&["secrets", "secretsProvider.provider"]),
        object.into(),
    ));
}

/// Renders the secret objects of the selected provider.
pub(crate) fn render(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if provider_is(s, "vault") {
        vault_static_secrets(s, out)?;
    }
    if provider_is(s, "aws") {
        aws_provider(s, out)?;
    }
    let legacy = !s.on("secretsProvider") || eq_str(s.get("secretsProvider.provider"), "none");
    if s.on("secrets") && legacy {
        legacy_provider(s, out);
    }
    Ok(())
}
