//! The pod pieces the Deployment, worker, Job and CronJob templates write
//! alike: secret env vars and `envFrom`, the CSI secrets volume, config file
//! and shared volumes with their mounts, pull secrets, the service account.

use gg_k8app::Feature;
use serde_json::{Value, json};

use super::secrets::{provider_enabled, secret_refs};
use super::{Obj, Tpl};
use crate::error::RenderError;
use crate::gotmpl::{self, default, printf, truthy};

/// How a template writes a secret env var's `name` and `key`: `{{ $key }}`
/// (read back as YAML) or `"{{ $key }}"` (a string).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyStyle {
    /// `name:` is in quotes.
    pub(crate) name_quoted: bool,
    /// `key:` is in quotes.
    pub(crate) key_quoted: bool,
    /// The Secret's `name:` is in quotes.
    pub(crate) secret_quoted: bool,
}

/// `{{ $key }}` everywhere (Deployment, sidecars, workers).
pub(crate) const PLAIN_KEYS: KeyStyle = KeyStyle {
    name_quoted: false,
    key_quoted: false,
    secret_quoted: false,
};

/// Up to 3.8.x: one `secretKeyRef` env var per `secrets` key, sorted.
pub(crate) fn secret_key_env(
    t: &Tpl<'_>,
    app: &str,
    style: KeyStyle,
) -> Result<Vec<Value>, RenderError> {
    let write = |text: &str, quoted: bool| {
        if quoted {
            t.quoted(text)
        } else {
            t.value(text)
        }
    };
    Ok(t.range(t.val("secrets")?, ".Values.secrets")?
        .into_iter()
        .map(|(key, _)| {
            Obj::new()
                .with("name", write(&key.text, style.name_quoted))
                .with(
                    "valueFrom",
                    Obj::new().with(
                        "secretKeyRef",
                        Obj::new()
                            .with("key", write(&key.text, style.key_quoted))
                            .with("name", write(app, style.secret_quoted)),
                    ),
                )
                .into()
        })
        .collect())
}

/// `envFrom`: up to 3.8.x the env ConfigMap when `configmap` is set; from
/// 3.9.0, when `secrets` or `configmap` is set, the ConfigMap and one
/// `secretRef` per Vault path (an empty `envFrom:` when neither applies).
/// `quoted` is for templates writing `name: "{{ $appname }}"`.
pub(crate) fn env_from(t: &Tpl<'_>, app: &str, quoted: bool) -> Result<Option<Value>, RenderError> {
    let name = if quoted { t.quoted(app) } else { t.value(app) };
    if !t.has(Feature::SecretsPerPath) {
        return Ok(t
            .on("configmap")?
            .then(|| json!([{"configMapRef": {"name": name}}])));
    }
    if !(t.on("secrets")? || t.on("configmap")?) {
        return Ok(None);
    }
    let mut items = Vec::new();
    if t.on("configmap")? {
        items.push(json!({"configMapRef": {"name": name}}));
    }
    if t.on("secrets")? && provider_enabled(t, "vault")? {
        items.extend(secret_refs(t, app)?);
    }
    Ok(Some(super::list_or_null(items)))
}

/// The CSI secrets-store volume of the AWS and legacy providers.
pub(crate) fn csi_volume(t: &Tpl<'_>, app: &str) -> Value {
    json!({
        "name": "secrets-store-inline",
        "csi": {
            "driver": "secrets-store.csi.k8s.io",
            "readOnly": true,
            "volumeAttributes": {"secretProviderClass": t.value(&format!("{app}-aws-secrets"))}
        }
    })
}

/// The CSI volume's mount (`readOnly: true` only where the template says so).
pub(crate) fn csi_mount(read_only: bool) -> Value {
    let mount = Obj::new().with("name", "secrets-store-inline");
    let mount = if read_only {
        mount.with("readOnly", true)
    } else {
        mount
    };
    mount.with("mountPath", "/mnt/secrets-store").into()
}

/// `range $name, $spec := .Values.sharedVolumes` as volumes (3.5.0+);
/// `size_limit` for the templates that write `sizeLimit` (workers, 3.13.0).
pub(crate) fn shared_volumes(
    t: &Tpl<'_>,
    app: &str,
    size_limit: bool,
) -> Result<Vec<Value>, RenderError> {
    let mut out = Vec::new();
    if !t.has(Feature::SharedVolumes) {
        return Ok(out);
    }
    for (name, spec) in t.range(t.val("sharedVolumes")?, ".Values.sharedVolumes")? {
        let spec = Some(spec);
        let kind = t.at(spec, "type", "$spec.type")?;
        let fallback = Value::String(format!("{app}-{}", name.verb_s()));
        let mut volume = Obj::new().with("name", t.value(&name.text));
        if t.eq(kind, "emptyDir", "$spec.type")? {
            let mut body = Obj::new();
            let medium = t.at(spec, "medium", "$spec.medium")?;
            if truthy(medium) {
                body = body.with("medium", t.plain(medium));
            }
            if size_limit {
                let limit = t.at(spec, "sizeLimit", "$spec.sizeLimit")?;
                if truthy(limit) {
                    body = body.with("sizeLimit", t.plain(limit));
                }
            }
            let body: Value = body.into();
            let body = if body.as_object().is_some_and(serde_json::Map::is_empty) {
                Value::Null
            } else {
                body
            };
            volume = volume.with("emptyDir", body);
        } else if t.eq(kind, "configMap", "$spec.type")? {
            let name = default(t.at(spec, "name", "$spec.name")?, Some(&fallback));
            volume = volume.with("configMap", Obj::new().with("name", t.plain(name)));
        } else if t.eq(kind, "secret", "$spec.type")? {
            let name = default(t.at(spec, "name", "$spec.name")?, Some(&fallback));
            volume = volume.with("secret", Obj::new().with("secretName", t.plain(name)));
        }
        out.push(volume.into());
    }
    Ok(out)
}

/// The mounts of the shared volumes that have a `mountPath` (3.5.0+).
pub(crate) fn shared_mounts(t: &Tpl<'_>) -> Result<Vec<Value>, RenderError> {
    let mut out = Vec::new();
    if !t.has(Feature::SharedVolumes) {
        return Ok(out);
    }
    for (name, spec) in t.range(t.val("sharedVolumes")?, ".Values.sharedVolumes")? {
        let spec = Some(spec);
        let path = t.at(spec, "mountPath", "$spec.mountPath")?;
        if !truthy(path) {
            continue;
        }
        let read_only = t.at(spec, "readOnly", "$spec.readOnly")?;
        out.push(
            Obj::new()
                .with("name", t.value(&name.text))
                .with("mountPath", t.plain(path))
                .with_opt("readOnly", truthy(read_only).then(|| t.plain(read_only)))
                .into(),
        );
    }
    Ok(out)
}

/// `items:` of a config files volume (3.10.0+, `configfiles.files`).
fn file_items(
    t: &Tpl<'_>,
    files: Option<&Value>,
    expr: &str,
) -> Result<Option<Value>, RenderError> {
    if !t.has(Feature::ConfigFileItems) || !truthy(files) {
        return Ok(None);
    }
    let items = t
        .range(files, expr)?
        .into_iter()
        .map(|(_, file)| {
            let file = Some(file);
            Ok(Obj::new()
                .with("key", t.plain(t.at(file, "key", ".key")?))
                .with("path", t.plain(t.at(file, "path", ".path")?))
                .into())
        })
        .collect::<Result<Vec<Value>, RenderError>>()?;
    Ok(Some(super::list_or_null(items)))
}

/// A config files volume `{name}` of ConfigMap `{name}`, with `items` for
/// `files` (3.10.0+); `configfiles` is the section (`.Values.configfiles`
/// or an extension's).
pub(crate) fn configfiles_volume(
    t: &Tpl<'_>,
    name: &str,
    configfiles: Option<&Value>,
    expr: &str,
) -> Result<Value, RenderError> {
    let mut config_map = Obj::new().with("name", t.value(name));
    if t.has(Feature::ConfigFileItems) {
        let files = t.at(configfiles, "files", &format!("{expr}.files"))?;
        config_map = config_map.with_opt("items", file_items(t, files, &format!("{expr}.files"))?);
    }
    Ok(json!({"name": t.value(name), "configMap": Value::from(config_map)}))
}

/// The mounts of a config files volume: one at `mountPath`, or from 3.10.0
/// one per `files` entry (`subPath`). `read_only_first` writes `readOnly`
/// before `mountPath` (the key order does not matter to the cluster).
pub(crate) fn configfiles_mounts(
    t: &Tpl<'_>,
    name: &str,
    configfiles: Option<&Value>,
    expr: &str,
) -> Result<Vec<Value>, RenderError> {
    if t.has(Feature::ConfigFileItems) {
        let files = t.at(configfiles, "files", &format!("{expr}.files"))?;
        if truthy(files) {
            let mount_path = t.at(configfiles, "mountPath", &format!("{expr}.mountPath"))?;
            return t
                .range(files, &format!("{expr}.files"))?
                .into_iter()
                .map(|(_, file)| {
                    let file = Some(file);
                    let path = t.at(file, "path", ".path")?;
                    let joined = Value::String(printf("%s/%s", &[mount_path, path]));
                    let own = t.at(file, "mountPath", ".mountPath")?;
                    Ok(Obj::new()
                        .with("name", t.value(name))
                        .with("readOnly", true)
                        .with("mountPath", t.plain(default(own, Some(&joined))))
                        .with("subPath", t.plain(path))
                        .into())
                })
                .collect();
        }
    }
    let mount_path = t.at(configfiles, "mountPath", &format!("{expr}.mountPath"))?;
    Ok(vec![
        Obj::new()
            .with("name", t.value(name))
            .with("readOnly", true)
            .with("mountPath", t.plain(mount_path))
            .into(),
    ])
}

/// The pod's `imagePullSecrets`: the list as written, else the legacy
/// `regsecret` of `deploySecretHarbor` / `deploySecretNexus`.
pub(crate) fn image_pull_secrets(t: &Tpl<'_>) -> Result<Option<Value>, RenderError> {
    if t.on("imagePullSecrets")? {
        return Ok(Some(gotmpl::to_yaml(t.val("imagePullSecrets")?)));
    }
    if t.on("deploySecretHarbor")? || t.on("deploySecretNexus")? {
        return Ok(Some(json!([{"name": "regsecret"}])));
    }
    Ok(None)
}

/// `serviceAccountName`: explicit, else `{ns}-{app}` under `rbac.create`.
pub(crate) fn service_account(t: &Tpl<'_>, app: &str) -> Result<Option<Value>, RenderError> {
    if t.on("serviceAccountName")? {
        return Ok(Some(t.plain(t.val("serviceAccountName")?)));
    }
    if t.on("rbac.create")? {
        return Ok(Some(t.value(&format!("{}-{app}", t.namespace()))));
    }
    Ok(None)
}

/// The Jaeger agent env vars.
pub(crate) fn jaeger_env() -> Vec<Value> {
    let mut env: Vec<Value> = [
        ("JAEGER_AGENT_BINARY_PORT", "6832"),
        ("JAEGER_AGENT_COMPACT_PORT", "6831"),
        ("JAEGER_AGENT_SAMPLING_PORT", "5778"),
        ("JAEGER_AGENT_ZIPKIN_THRIFT_PORT", "5775"),
    ]
    .into_iter()
    .map(|(name, value)| json!({"name": name, "value": value}))
    .collect();
    env.push(json!({
        "name": "JAEGER_AGENT_HOST",
        "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.hostIP"}}
    }));
    env
}

/// `x | quote | default "D"`: the quoted value, or `D` read back (nil
/// quotes to nothing, which `default` replaces).
pub(crate) fn quoted_or_default(t: &Tpl<'_>, value: Option<&Value>, fallback: &str) -> Value {
    match gotmpl::quote(value) {
        Some(text) => Value::String(text),
        None => t.value(fallback),
    }
}

/// `REDIS_URL` of the cache (3.7.0+) when `cache.enabled`.
pub(crate) fn redis_env(t: &Tpl<'_>, app: &str) -> Result<Option<Value>, RenderError> {
    if !t.has(Feature::Cache) || !t.on("cache.enabled")? {
        return Ok(None);
    }
    let port = gotmpl::print(t.val("cache.port")?);
    Ok(Some(json!({
        "name": "REDIS_URL",
        "value": t.quoted(&format!("redis://{app}-cache-sv:{port}"))
    })))
}

/// The PVC volume mount of `volume.enabled` (`read_only`: the templates
/// that write `readOnly`).
pub(crate) fn claim_mount(t: &Tpl<'_>, app: &str, read_only: bool) -> Result<Value, RenderError> {
    let mount = Obj::new()
        .with("name", t.value(&format!("{app}-claim")))
        .with("mountPath", t.plain(t.val("volume.mount.path")?));
    Ok(if read_only {
        mount.with("readOnly", t.plain(t.val("volume.mount.readOnly")?))
    } else {
        mount
    }
    .into())
}

/// `"{{ .Values.image.repository }}:{{ .Values.image.tag }}"`.
pub(crate) fn image(t: &Tpl<'_>) -> Result<Value, RenderError> {
    image_of(t, "image")
}

/// `"{{ .Values.<section>.repository }}:{{ .Values.<section>.tag }}"`.
pub(crate) fn image_of(t: &Tpl<'_>, section: &str) -> Result<Value, RenderError> {
    let repository = gotmpl::print(t.val(&format!("{section}.repository"))?);
    let tag = gotmpl::print(t.val(&format!("{section}.tag"))?);
    Ok(t.quoted(&format!("{repository}:{tag}")))
}

/// A sidecar's image: `"{repository}[/{name}]:{tag}"`, each part `default ""`.
pub(crate) fn extension_image(t: &Tpl<'_>, spec: Option<&Value>) -> Result<Value, RenderError> {
    let repository = t.at(spec, "image.repository", "$spec.image.repository")?;
    let name = t.at(spec, "image.name", "$spec.image.name")?;
    let tag = t.at(spec, "image.tag", "$spec.image.tag")?;
    let slash = if truthy(repository) && truthy(name) {
        "/"
    } else {
        ""
    };
    let image = format!(
        "{}{slash}{}:{}",
        gotmpl::print(repository),
        gotmpl::print(name),
        gotmpl::print(tag)
    );
    Ok(t.quoted(&image))
}

/// `range <list>` writing `- {{ . }}` (before 3.10.2) or `- {{ . | quote }}`.
pub(crate) fn command_items(
    t: &Tpl<'_>,
    list: Option<&Value>,
    expr: &str,
) -> Result<Vec<Value>, RenderError> {
    Ok(t.range(list, expr)?
        .into_iter()
        .map(|(_, item)| {
            if t.has(Feature::QuotedCommandItems) {
                t.quote(Some(item))
            } else {
                t.item(&gotmpl::print(Some(item)))
            }
        })
        .collect())
}
