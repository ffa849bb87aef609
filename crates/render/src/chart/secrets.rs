//! `secrets/vault-static-secret.yaml`, `secrets/aws-secret-provider.yaml`,
//! the legacy `vault-crd.yaml` (a SecretProviderClass despite its name) and
//! the helpers of `secrets/_helpers.tpl` the pod templates share.
//!
//! Up to 3.8.x a path starting with `/` is absolute (one `/` trimmed) and
//! any other is `{namespace}/{appName}/{environment}/{path}`; all paths
//! sync into one Secret `{app}`. From 3.9.0 a path is used as written with
//! `{env}` replaced, and each path gets its own VaultStaticSecret and
//! Secret `{app}-vault-{i}` holding only its keys.

use std::collections::BTreeMap;

use gg_k8app::Feature;
use serde_json::{Value, json};

use super::{Draft, Obj, Tpl, list_or_null};
use crate::error::RenderError;
use crate::gotmpl::{self, default, printf};

/// `include "secrets.isVaultEnabled"` / `isAwsEnabled`: a `secretsProvider`
/// whose `provider` is `provider`, and secrets.
pub(crate) fn provider_enabled(t: &Tpl<'_>, provider: &str) -> Result<bool, RenderError> {
    if !t.on("secretsProvider")? {
        return Ok(false);
    }
    let chosen = t.val("secretsProvider.provider")?;
    if !t.eq(chosen, provider, ".Values.secretsProvider.provider")? {
        return Ok(false);
    }
    t.on("secrets")
}

/// `and .Values.secrets (or (not .Values.secretsProvider) (ne
/// .Values.secretsProvider.provider "vault"))`: the pods mount the CSI
/// secrets volume (AWS or legacy provider).
pub(crate) fn uses_csi(t: &Tpl<'_>) -> Result<bool, RenderError> {
    if !t.on("secrets")? {
        return Ok(false);
    }
    if !t.on("secretsProvider")? {
        return Ok(true);
    }
    let chosen = t.val("secretsProvider.provider")?;
    Ok(!t.eq(chosen, "vault", ".Values.secretsProvider.provider")?)
}

/// `include "secrets.resolvePath"` of one `secrets` value.
pub(crate) fn resolve_path(t: &Tpl<'_>, path: &Value) -> Result<String, RenderError> {
    if t.has(Feature::SecretsPerPath) {
        let environment = t.string(t.val("environment")?, "$environment")?;
        let path = t.string(Some(path), "$path")?;
        return Ok(path.replace("{env}", environment));
    }
    let text = t.string(Some(path), "$path")?;
    if let Some(absolute) = text.strip_prefix('/') {
        return Ok(absolute.to_owned());
    }
    let namespace = Value::String(t.namespace().to_owned());
    Ok(printf(
        "%s/%s/%s/%s",
        &[
            Some(&namespace),
            t.val("appName")?,
            t.val("environment")?,
            Some(path),
        ],
    ))
}

/// Resolved path → the `secrets` keys that resolve to it, paths sorted.
pub(crate) fn by_path(t: &Tpl<'_>) -> Result<BTreeMap<String, Vec<String>>, RenderError> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value) in t.range(t.val("secrets")?, ".Values.secrets")? {
        let resolved = resolve_path(t, value)?;
        out.entry(resolved).or_default().push(key.text);
    }
    Ok(out)
}

/// The `envFrom` items of the 3.9.0+ model: one `secretRef` per path.
pub(crate) fn secret_refs(t: &Tpl<'_>, app: &str) -> Result<Vec<Value>, RenderError> {
    Ok((0..by_path(t)?.len())
        .map(|i| json!({"secretRef": {"name": t.value(&format!("{app}-vault-{i}"))}}))
        .collect())
}

/// `include "k8app.labelVersion"` (3.9.1+): the image tag (`latest` when
/// empty), shortened for a label: 3.9.1 keeps `...` and the last 10
/// characters of a tag over 63, 3.9.2+ the last 63.
pub(crate) fn label_version(t: &Tpl<'_>) -> Result<String, RenderError> {
    let latest = Value::String("latest".to_owned());
    let tag = default(t.val("image.tag")?, Some(&latest));
    if t.has(Feature::LabelVersionTail) {
        let text = t.string(tag, "$tag")?;
        return Ok(gotmpl::trunc(text, -63));
    }
    if gotmpl::len(tag, "len $tag").map_err(|e| t.exec(e))? > 63 {
        let text = t.string(tag, "$tag")?;
        return Ok(format!("...{}", gotmpl::trunc(text, -10)));
    }
    Ok(gotmpl::print(tag))
}

/// The `appver` label or version annotation: `"{{ .Values.image.tag }}"`,
/// or from 3.9.1 `{{ include "k8app.labelVersion" . | quote }}`.
pub(crate) fn appver(t: &Tpl<'_>) -> Result<Value, RenderError> {
    if t.has(Feature::LabelVersion) {
        return Ok(Value::String(label_version(t)?));
    }
    Ok(t.quoted(&gotmpl::print(t.val("image.tag")?)))
}

/// `secretsProvider.vault.<key> | default "<fallback>"`.
fn vault_setting(
    t: &Tpl<'_>,
    vault: Option<&Value>,
    key: &str,
    fallback: &str,
) -> Result<Value, RenderError> {
    let fallback = Value::String(fallback.to_owned());
    let value = t.at_var(vault, key, &format!("$vaultConfig.{key}"))?;
    Ok(t.plain(default(value, Some(&fallback))))
}

/// `secrets/vault-static-secret.yaml`.
pub(crate) fn vault(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !provider_enabled(t, "vault")? {
        return Ok(());
    }
    let app = t.app()?;
    let vault = t.val("secretsProvider.vault")?;
    let by_path = by_path(t)?;
    let per_path = t.has(Feature::SecretsPerPath);
    for (index, (path, keys)) in by_path.iter().enumerate() {
        let name = if per_path {
            format!("{app}-vault-{index}")
        } else if by_path.len() == 1 {
            app.to_owned()
        } else {
            format!("{app}-{index}")
        };
        let mut annotations = Obj::new();
        if t.has(Feature::SyncWaves) {
            annotations = annotations.with("argocd.argoproj.io/sync-wave", "-2");
        }
        if t.has(Feature::VaultSecretVersionAnnotation) {
            annotations = annotations.with("app.kubernetes.io/version", appver(t)?);
        }
        if per_path {
            annotations = annotations.with("vault-source-path", t.value(path));
        }
        if !t.has(Feature::VaultSecretWithoutHooks) {
            let weight = if t.has(Feature::SyncWaves) {
                "-10"
            } else {
                "-5"
            };
            annotations = annotations
                .with("helm.sh/hook", "pre-install,pre-upgrade")
                .with("helm.sh/hook-weight", weight)
                .with("helm.sh/hook-delete-policy", "before-hook-creation");
        }
        let destination_name = if per_path { name.as_str() } else { app };
        let mut destination = Obj::new()
            .with("name", t.value(destination_name))
            .with("create", true)
            .with("overwrite", true);
        if per_path {
            let includes = keys.iter().map(|key| t.item(&format!("^{key}$"))).collect();
            destination = destination.with(
                "transformation",
                Obj::new()
                    .with("excludeRaw", true)
                    .with("includes", list_or_null(includes)),
            );
        }
        let spec = Obj::new()
            .with("type", vault_setting(t, vault, "type", "kv-v2")?)
            .with("mount", vault_setting(t, vault, "mount", "secret")?)
            .with("path", t.value(path))
            .with(
                "refreshAfter",
                vault_setting(t, vault, "refreshAfter", "1h")?,
            )
            .with(
                "vaultAuthRef",
                vault_setting(t, vault, "authRef", "vault-auth")?,
            )
            .with("destination", destination);
        let object = Obj::new()
            .with("apiVersion", "secrets.hashicorp.com/v1beta1")
            .with("kind", "VaultStaticSecret")
            .with(
                "metadata",
                Obj::new()
                    .with("name", t.value(&name))
                    .with("namespace", t.value(t.namespace()))
                    .with("labels", t.labels()?)
                    .with("annotations", annotations),
            )
            .with("spec", spec);
        let mut values: Vec<Vec<String>> = keys
            .iter()
            .map(|key| vec!["secrets".to_owned(), key.clone()])
            .collect();
        values.push(vec!["secretsProvider".to_owned(), "vault".to_owned()]);
        out.push(Draft::new(t.path, values, object.into()));
    }
    Ok(())
}

/// `{{ printf "%v" .Values.secrets | sha256sum }}`.
pub(crate) fn secrets_checksum(t: &Tpl<'_>) -> Result<String, RenderError> {
    let secrets = t.val("secrets")?;
    Ok(t.digest(|| printf("%v", &[secrets])))
}

/// The `secretObjects` both SecretProviderClasses write.
fn secret_objects(t: &Tpl<'_>, app: &str) -> Result<Value, RenderError> {
    let data: Vec<Value> = t
        .range(t.val("secrets")?, ".Values.secrets")?
        .into_iter()
        .map(|(key, _)| json!({"objectName": key.text, "key": key.text}))
        .collect();
    Ok(json!([{
        "secretName": t.value(app),
        "type": "Opaque",
        "data": list_or_null(data),
    }]))
}

/// One `objects:` entry as the templates write it into the literal block
/// (a line break in a name or path would end the block).
fn object_entry(t: &Tpl<'_>, out: &mut String, object_name: &str, alias: &str) {
    if object_name.contains(['\n', '\r']) || alias.contains(['\n', '\r']) {
        t.breaks("a secret path or name with a line break leaves the `objects` block");
    }
    out.push_str("- objectName: ");
    out.push_str(object_name);
    out.push_str("\n  objectAlias: ");
    out.push_str(alias);
    out.push_str("\n  objectType: \"ssmparameter\"\n");
}

/// The literal block `objects: |`: one entry per secret.
fn objects_block(text: String) -> Value {
    Value::String(text)
}

/// `secrets/aws-secret-provider.yaml`.
pub(crate) fn aws(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !provider_enabled(t, "aws")? {
        return Ok(());
    }
    let app = t.app()?;
    let checksum = secrets_checksum(t)?;
    let provider = t.val("secretsProvider.aws.provider")?;
    let aws = Value::String("aws".to_owned());
    let provider = t.plain(default(provider, Some(&aws)));
    let secret_objects = secret_objects(t, app)?;
    let mut objects = String::new();
    for (key, value) in t.range(t.val("secrets")?, ".Values.secrets")? {
        let resolved = resolve_path(t, value)?;
        object_entry(t, &mut objects, &format!("\"/{resolved}\""), &key.text);
    }
    let object = Obj::new()
        .with("apiVersion", "secrets-store.csi.x-k8s.io/v1")
        .with("kind", "SecretProviderClass")
        .with(
            "metadata",
            Obj::new()
                .with("name", t.value(&format!("{app}-aws-secrets")))
                .with("namespace", t.value(t.namespace()))
                .with("labels", t.labels()?)
                .with("annotations", json!({"checksum/secrets": checksum})),
        )
        .with(
            "spec",
            Obj::new()
                .with("provider", provider)
                .with("secretObjects", secret_objects)
                .with("parameters", json!({"objects": objects_block(objects)})),
        );
    out.push(Draft::new(
        t.path,
        super::paths(&["secrets", "secretsProvider.provider"]),
        object.into(),
    ));
    Ok(())
}

/// `vault-crd.yaml`: fails on `valult`; renders the legacy
/// SecretProviderClass when secrets are set without a provider (`none`).
pub(crate) fn legacy(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if t.on("valult")? {
        return Err(RenderError::DeprecatedValult);
    }
    if !t.on("secrets")? {
        return Ok(());
    }
    if t.on("secretsProvider")? {
        let chosen = t.val("secretsProvider.provider")?;
        if !t.eq(chosen, "none", ".Values.secretsProvider.provider")? {
            return Ok(());
        }
    }
    let app = t.app()?;
    let checksum = secrets_checksum(t)?;
    let tag = t.quoted(&gotmpl::print(t.val("image.tag")?));
    let secret_objects = secret_objects(t, app)?;
    let mut objects = String::new();
    for (key, value) in t.range(t.val("secrets")?, ".Values.secrets")? {
        let name = gotmpl::quote(Some(value)).map_or_else(String::new, |s| go_quote(&s));
        object_entry(t, &mut objects, &name, &key.text);
    }
    let labels = Obj::new()
        .with("helm.sh/chart", t.chart_label())
        .with("app", t.value(app))
        .with("chart", t.chart_label())
        .with("release", t.quoted(t.release()));
    let object = Obj::new()
        .with("apiVersion", "secrets-store.csi.x-k8s.io/v1")
        .with("kind", "SecretProviderClass")
        .with(
            "metadata",
            Obj::new()
                .with("name", t.value(&format!("{app}-aws-secrets")))
                .with("namespace", t.value(t.namespace()))
                .with(
                    "annotations",
                    json!({"checksum/secrets": checksum, "image/tag": tag}),
                )
                .with("labels", labels),
        )
        .with(
            "spec",
            Obj::new()
                .with("provider", "aws")
                .with("secretObjects", secret_objects)
                .with("parameters", json!({"objects": objects_block(objects)})),
        );
    out.push(Draft::new(
        t.path,
        super::paths(&["secrets", "secretsProvider.provider"]),
        object.into(),
    ));
    Ok(())
}

/// Go's `%q` of a string (strconv.Quote), as `quote` writes it.
pub(crate) fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            // Not printable for Go (`unicode.IsPrint`): other controls, line
            // and paragraph separators, the byte-order mark, non-characters.
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
                ) =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
