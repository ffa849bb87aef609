//! `deployment.yaml`: the main Deployment with its init container and sidecars
//! (`extensions`).

use gg_k8app::{ChartVersion, Feature};
use serde_json::{Value, json};

use super::probes::{ProbeKind, main_probe, sidecar_probe};
use super::{Draft, Obj, Scope, list_or_null, paths};
use crate::error::RenderError;
use crate::tmpl::{
    at, default, eq_str, items, plain, quote, sorted_entries, text, to_yaml, truthy,
};

const SOURCE: &str = "app/templates/deployment.yaml";

/// Whether pods mount the CSI secrets volume (AWS or legacy provider).
pub(crate) fn uses_csi(s: &Scope<'_>) -> bool {
    s.on("secrets")
        && (!s.on("secretsProvider") || !eq_str(s.get("secretsProvider.provider"), "vault"))
}

/// How a template writes a secret env var's `name` and `key`: `{{ $key }}`
/// (read back as YAML) or `"{{ $key }}"` (always a string).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyStyle {
    /// `name:` is in quotes.
    pub(crate) name_quoted: bool,
    /// `key:` is in quotes.
    pub(crate) key_quoted: bool,
}

/// `{{ $key }}` everywhere (Deployment, sidecars, workers).
pub(crate) const PLAIN_KEYS: KeyStyle = KeyStyle {
    name_quoted: false,
    key_quoted: false,
};

/// One `secretKeyRef` env var per `secrets` key, sorted.
pub(crate) fn secret_env(s: &Scope<'_>, style: KeyStyle) -> Result<Vec<Value>, RenderError> {
    let write = |key: &str, quoted: bool| -> Result<Value, RenderError> {
        if quoted {
            Ok(Value::String(key.to_owned()))
        } else {
            crate::tmpl::scalar(key, "secrets")
        }
    };
    sorted_entries(s.get("secrets"))
        .into_iter()
        .map(|(key, _)| {
            Ok(Obj::new()
                .with("name", write(key, style.name_quoted)?)
                .with(
                    "valueFrom",
                    Obj::new().with(
                        "secretKeyRef",
                        Obj::new()
                            .with("key", write(key, style.key_quoted)?)
                            .with("name", s.app.as_str()),
                    ),
                )
                .into())
        })
        .collect()
}

/// `envFrom: [{configMapRef: {name: {app}}}]` when `configmap` is set.
pub(crate) fn env_from(s: &Scope<'_>) -> Option<Value> {
    s.on("configmap")
        .then(|| json!([{"configMapRef": {"name": s.app}}]))
}

fn shared_mounts(s: &Scope<'_>) -> Result<Vec<Value>, RenderError> {
    if !s.has(Feature::SharedVolumes) {
        return Ok(Vec::new());
    }
    sorted_entries(s.get("sharedVolumes"))
        .into_iter()
        .filter(|(_, spec)| truthy(spec.get("mountPath")))
        .map(|(name, spec)| {
            let read_only = spec.get("readOnly");
            Ok(Obj::new()
                .with("name", plain(Some(&json!(name)), "sharedVolumes")?)
                .with(
                    "mountPath",
                    plain(spec.get("mountPath"), "sharedVolumes.mountPath")?,
                )
                .with_opt(
                    "readOnly",
                    truthy(read_only)
                        .then(|| plain(read_only, "sharedVolumes.readOnly"))
                        .transpose()?,
                )
                .into())
        })
        .collect()
}

pub(crate) fn claim(s: &Scope<'_>) -> String {
    format!("{}-claim", s.app)
}

fn volumes(s: &Scope<'_>) -> Result<Vec<Value>, RenderError> {
    let mut out = Vec::new();
    if s.on("volume.enabled") {
        out.push(
            Obj::new()
                .with("name", claim(s))
                .with(
                    "persistentVolumeClaim",
                    Obj::new()
                        .with(
                            "readOnly",
                            plain(s.get("volume.mount.readOnly"), "volume.mount.readOnly")?,
                        )
                        .with("claimName", claim(s)),
                )
                .into(),
        );
    }
    if uses_csi(s) {
        out.push(csi_volume(s));
    }
    if s.on("configfiles") {
        let name = format!("{}-config", s.app);
        out.push(json!({"name": name, "configMap": {"name": name}}));
    }
    for (ext, spec) in sorted_entries(s.get("extensions")) {
        if truthy(spec.get("configfiles")) {
            let name = format!("{}-{ext}-config", s.app);
            out.push(json!({"name": name, "configMap": {"name": name}}));
        }
    }
    if s.has(Feature::SharedVolumes) {
        for (name, spec) in sorted_entries(s.get("sharedVolumes")) {
            let fallback = json!(format!("{}-{name}", s.app));
            let kind = spec.get("type");
            let mut volume = Obj::new().with("name", plain(Some(&json!(name)), "sharedVolumes")?);
            if eq_str(kind, "emptyDir") {
                let medium = spec.get("medium");
                let body = if truthy(medium) {
                    Obj::new()
                        .with("medium", plain(medium, "sharedVolumes.medium")?)
                        .into()
                } else {
                    Value::Null
                };
                volume = volume.with("emptyDir", body);
            } else if eq_str(kind, "configMap") {
                let name = plain(
                    Some(default(spec.get("name"), &fallback)),
                    "sharedVolumes.name",
                )?;
                volume = volume.with("configMap", Obj::new().with("name", name));
            } else if eq_str(kind, "secret") {
                let name = plain(
                    Some(default(spec.get("name"), &fallback)),
                    "sharedVolumes.name",
                )?;
                volume = volume.with("secret", Obj::new().with("secretName", name));
            }
            out.push(volume.into());
        }
    }
    Ok(out)
}

/// The CSI secrets-store volume of the AWS/legacy providers.
pub(crate) fn csi_volume(s: &Scope<'_>) -> Value {
    json!({
        "name": "secrets-store-inline",
        "csi": {
            "driver": "secrets-store.csi.k8s.io",
            "readOnly": true,
            "volumeAttributes": {"secretProviderClass": format!("{}-aws-secrets", s.app)}
        }
    })
}

fn init_container(s: &Scope<'_>) -> Result<Value, RenderError> {
    // 3.4.0 and 3.5.0 trim the newline before `initContainers:` (`-}}`), which
    // glues it to the previous line: the output is not YAML.
    if s.chart() < ChartVersion::new(3, 5, 1) {
        return Err(RenderError::Template {
            template: SOURCE.to_owned(),
            detail: format!(
                "k8app {} glues `initContainers:` to the previous line (fixed in 3.5.1): the Deployment is not valid YAML",
                s.chart()
            ),
        });
    }
    let mut mounts: Vec<Value> = volume_mount(s)?.into_iter().collect();
    if uses_csi(s) {
        mounts.push(json!({"name": "secrets-store-inline", "mountPath": "/mnt/secrets-store"}));
    }
    mounts.extend(shared_mounts(s)?);
    Ok(Obj::new()
        .with("name", format!("{}-init", s.app))
        .with("image", s.image())
        .with(
            "command",
            s.get("initContainers.command").map_or(Value::Null, to_yaml),
        )
        .with(
            "args",
            s.get("initContainers.args").map_or(Value::Null, to_yaml),
        )
        .with(
            "env",
            list_or_null(if s.on("secrets") {
                secret_env(s, PLAIN_KEYS)?
            } else {
                Vec::new()
            }),
        )
        .with_opt("envFrom", env_from(s))
        .with("volumeMounts", list_or_null(mounts))
        .into())
}

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

pub(crate) fn printed_list(list: Option<&Value>, field: &str) -> Result<Vec<Value>, RenderError> {
    items(list)
        .iter()
        .map(|item| plain(Some(item), field))
        .collect()
}

fn main_container(s: &Scope<'_>) -> Result<Value, RenderError> {
    let mut env = vec![
        json!({"name": "BUILD_ID", "value": quote(Some(default(s.get("buildId"), &json!("000"))))}),
        Obj::new()
            .with("name", "PROJECT")
            .with("value", plain(s.get("appName"), "appName")?)
            .into(),
        Obj::new()
            .with("name", "OTEL_SERVICE_NAME")
            .with("value", plain(s.get("appName"), "appName")?)
            .into(),
        json!({"name": "VERSION", "value": quote(Some(default(s.get("version"), s.get("image.tag").unwrap_or(&Value::Null))))}),
    ];
    if s.has(Feature::Cache) && s.on("cache.enabled") {
        env.push(json!({
            "name": "REDIS_URL",
            "value": format!("redis://{}-cache-sv:{}", s.app, text(s.get("cache.port")))
        }));
    }
    if s.on("jaegerEnabled") {
        env.extend(jaeger_env());
    }
    if s.on("secrets") {
        env.extend(secret_env(s, PLAIN_KEYS)?);
    }
    let mut mounts: Vec<Value> = volume_mount(s)?.into_iter().collect();
    if uses_csi(s) {
        mounts.push(json!({"name": "secrets-store-inline", "readOnly": true, "mountPath": "/mnt/secrets-store"}));
    }
    if s.on("configfiles") {
        mounts.push(
            Obj::new()
                .with("name", format!("{}-config", s.app))
                .with("readOnly", true)
                .with(
                    "mountPath",
                    plain(s.get("configfiles.mountPath"), "configfiles.mountPath")?,
                )
                .into(),
        );
    }
    mounts.extend(shared_mounts(s)?);
    let liveness = s
        .on("livenessProbe.enabled")
        .then(|| {
            main_probe(
                s.get("livenessProbe").unwrap_or(&Value::Null),
                ProbeKind::Liveness,
                "livenessProbe",
            )
        })
        .transpose()?;
    let readiness = s
        .on("readinessProbe.enabled")
        .then(|| {
            main_probe(
                s.get("readinessProbe").unwrap_or(&Value::Null),
                ProbeKind::Readiness,
                "readinessProbe",
            )
        })
        .transpose()?;
    Ok(Obj::new()
        .with("env", env)
        .with_opt("envFrom", env_from(s))
        .with("volumeMounts", list_or_null(mounts))
        .with("image", s.image())
        .with_opt(
            "imagePullPolicy",
            s.on("image.pullPolicy")
                .then(|| plain(s.get("image.pullPolicy"), "image.pullPolicy"))
                .transpose()?,
        )
        .with_if(s.on("resources"), "resources", || {
            s.get("resources").map_or(Value::Null, to_yaml)
        })
        .with("name", s.app.as_str())
        .with_if(s.on("lifecycle"), "lifecycle", || {
            s.get("lifecycle").map_or(Value::Null, to_yaml)
        })
        .with_opt("livenessProbe", liveness)
        .with_opt("readinessProbe", readiness)
        .with_opt(
            "command",
            s.on("commands")
                .then(|| printed_list(s.get("commands"), "commands"))
                .transpose()?,
        )
        .with_opt(
            "args",
            s.on("args")
                .then(|| printed_list(s.get("args"), "args"))
                .transpose()?,
        )
        .into())
}

fn sidecar(s: &Scope<'_>, ext: &str, spec: &Value) -> Result<Value, RenderError> {
    let name = format!("{}-{ext}", s.app);
    let repository = at(spec, &["image", "repository"]);
    let image_name = at(spec, &["image", "name"]);
    let slash = if truthy(repository) && truthy(image_name) {
        "/"
    } else {
        ""
    };
    let image = format!(
        "{}{slash}{}:{}",
        text(repository),
        text(image_name),
        text(at(spec, &["image", "tag"]))
    );
    let field = format!("extensions.{ext}");
    let mut env = vec![
        json!({"name": "BUILD_ID", "value": quote(Some(default(s.get("buildId"), &json!("000"))))}),
        Obj::new()
            .with("name", "PROJECT")
            .with("value", crate::tmpl::scalar(&name, &field)?)
            .into(),
        Obj::new()
            .with("name", "OTEL_SERVICE_NAME")
            .with("value", crate::tmpl::scalar(&name, &field)?)
            .into(),
        json!({"name": "VERSION", "value": quote(Some(default(at(spec, &["image", "tag"]), s.get("version").unwrap_or(&Value::Null))))}),
    ];
    for (key, value) in sorted_entries(spec.get("env")) {
        env.push(
            Obj::new()
                .with(
                    "name",
                    crate::tmpl::scalar(&key.to_uppercase(), &format!("{field}.env"))?,
                )
                .with("value", quote(Some(value)))
                .into(),
        );
    }
    env.extend(secret_env(s, PLAIN_KEYS)?);
    let probe = |key: &str, kind| -> Result<Option<Value>, RenderError> {
        spec.get(key)
            .filter(|p| truthy(Some(p)))
            .map(|p| sidecar_probe(p, kind, &format!("{field}.{key}")))
            .transpose()
    };
    let shared = s.has(Feature::SharedVolumes) && s.on("sharedVolumes");
    let configfiles = truthy(spec.get("configfiles"));
    let mounts = if configfiles || shared {
        let mut mounts = Vec::new();
        if configfiles {
            mounts.push(
                Obj::new()
                    .with("name", format!("{name}-config"))
                    .with(
                        "mountPath",
                        plain(at(spec, &["configfiles", "mountPath"]), &field)?,
                    )
                    .with("readOnly", true)
                    .into(),
            );
        }
        mounts.extend(shared_mounts(s)?);
        Some(list_or_null(mounts))
    } else {
        None
    };
    Ok(Obj::new()
        .with("name", crate::tmpl::scalar(&name, &field)?)
        .with("image", image)
        .with_if(truthy(spec.get("command")), "command", || {
            spec.get("command").map_or(Value::Null, to_yaml)
        })
        .with_if(truthy(spec.get("args")), "args", || {
            spec.get("args").map_or(Value::Null, to_yaml)
        })
        .with("env", env)
        .with_if(truthy(spec.get("lifecycle")), "lifecycle", || {
            spec.get("lifecycle").map_or(Value::Null, to_yaml)
        })
        .with_opt(
            "livenessProbe",
            probe("livenessProbe", ProbeKind::Liveness)?,
        )
        .with_opt(
            "readinessProbe",
            probe("readinessProbe", ProbeKind::Readiness)?,
        )
        .with_opt("volumeMounts", mounts)
        .into())
}

/// The pod's `imagePullSecrets`: the list verbatim, else the legacy `regsecret`.
pub(crate) fn image_pull_secrets(s: &Scope<'_>) -> Option<Value> {
    if s.on("imagePullSecrets") {
        s.get("imagePullSecrets").map(to_yaml)
    } else if s.on("deploySecretHarbor") || s.on("deploySecretNexus") {
        Some(json!([{"name": "regsecret"}]))
    } else {
        None
    }
}

fn pod_annotations(s: &Scope<'_>) -> Result<Value, RenderError> {
    let mut obj = Obj::new();
    if s.on("branch") {
        obj = obj.with("app/branch", quote(s.get("branch")));
    }
    if s.on("prometheus.enabled") {
        obj = obj
            .with("prometheus.io/scrape", "true")
            .with(
                "prometheus.io/port",
                quoted_or_default(s.get("prometheus.port"), "8011")?,
            )
            .with(
                "prometheus.io/path",
                quoted_or_default(s.get("prometheus.path"), "/metrics")?,
            );
    }
    Ok(obj
        .with("checksum/secrets", s.checksum("secrets"))
        .with("checksum/conf", s.checksum("configmap"))
        .into())
}

/// `x | quote | default "D"`: the quoted value, or `D` unquoted when x is nil
/// (quote of nil is empty).
pub(crate) fn quoted_or_default(
    value: Option<&Value>,
    fallback: &str,
) -> Result<Value, RenderError> {
    match quote(value) {
        Value::Null => crate::tmpl::scalar(fallback, "default"),
        quoted => Ok(quoted),
    }
}

/// The pod's `serviceAccountName` (explicit, else `{ns}-{app}` under `rbac.create`).
pub(crate) fn service_account(s: &Scope<'_>) -> Result<Option<Value>, RenderError> {
    if s.on("serviceAccountName") {
        Ok(Some(plain(
            s.get("serviceAccountName"),
            "serviceAccountName",
        )?))
    } else if s.on("rbac.create") {
        Ok(Some(Value::String(format!(
            "{}-{}",
            s.ctx.namespace, s.app
        ))))
    } else {
        Ok(None)
    }
}

/// Renders the Deployment when `deployment.enabled`.
pub(crate) fn render(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !s.on("deployment.enabled") {
        return Ok(());
    }
    let rolling = eq_str(s.get("strategy.type"), "RollingUpdate");
    let mut strategy = Obj::new();
    if rolling {
        strategy = strategy.with(
            "rollingUpdate",
            Obj::new()
                .with(
                    "maxSurge",
                    plain(
                        Some(default(
                            s.get("strategy.rollingUpdate.maxSurge"),
                            &json!("1"),
                        )),
                        "strategy.rollingUpdate.maxSurge",
                    )?,
                )
                .with(
                    "maxUnavailable",
                    plain(
                        Some(default(
                            s.get("strategy.rollingUpdate.maxUnavailable"),
                            &json!("0"),
                        )),
                        "strategy.rollingUpdate.maxUnavailable",
                    )?,
                ),
        );
    }
    let strategy = strategy.with(
        "type",
        plain(
            Some(default(s.get("strategy.type"), &json!("RollingUpdate"))),
            "strategy.type",
        )?,
    );
    let mut containers = vec![main_container(s)?];
    for (ext, spec) in sorted_entries(s.get("extensions")) {
        containers.push(sidecar(s, ext, spec)?);
    }
    let affinity = json!({
        "podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [{
                "weight": 1,
                "podAffinityTerm": {
                    "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": [s.app]}]},
                    "topologyKey": "kubernetes.io/hostname"
                }
            }]
        }
    });
    let pod_spec = Obj::new()
        .with_if(s.on("tolerations"), "tolerations", || {
            s.get("tolerations").map_or(Value::Null, to_yaml)
        })
        .with("affinity", affinity)
        .with_opt("serviceAccountName", service_account(s)?)
        .with("volumes", list_or_null(volumes(s)?))
        .with_opt(
            "initContainers",
            s.on("initContainers")
                .then(|| init_container(s).map(|c| json!([c])))
                .transpose()?,
        )
        .with("containers", containers)
        .with_opt("imagePullSecrets", image_pull_secrets(s))
        .with("restartPolicy", "Always");
    let labels = Obj::new()
        .with("app", s.app.as_str())
        .with("appver", s.appver())
        .with("chart", s.chart_label())
        .with("release", s.ctx.release.as_str());
    let spec = Obj::new()
        .with("revisionHistoryLimit", 1)
        .with_opt(
            "replicas",
            (!s.on("hpa.enabled"))
                .then(|| plain(Some(default(s.get("replicas"), &json!(3))), "replicas"))
                .transpose()?,
        )
        .with("selector", Obj::new().with("matchLabels", s.selector()))
        .with("strategy", strategy)
        .with(
            "template",
            Obj::new()
                .with(
                    "metadata",
                    Obj::new().with("annotations", pod_annotations(s)?).with(
                        "labels",
                        Obj::new()
                            .with("app", s.app.as_str())
                            .with("appver", s.appver())
                            .with("release", s.ctx.release.as_str()),
                    ),
                )
                .with("spec", pod_spec),
        );
    let object = deployment_head(s, labels, s.app.as_str().into()).with("spec", spec);
    out.push(Draft::new(
        SOURCE,
        paths(&[
            "appName",
            "image.repository",
            "image.tag",
            "replicas",
            "resources",
            "secrets",
            "configmap",
            "imagePullSecrets",
            "livenessProbe",
            "readinessProbe",
            "extensions",
        ]),
        object.into(),
    ));
    Ok(())
}

/// `apiVersion`, `kind` and `metadata` of a Deployment, as the main and the
/// worker templates write them.
pub(crate) fn deployment_head(s: &Scope<'_>, labels: Obj, name: Value) -> Obj {
    Obj::new()
        .with("apiVersion", "apps/v1")
        .with("kind", "Deployment")
        .with(
            "metadata",
            Obj::new()
                .with("namespace", s.ctx.namespace.as_str())
                .with("annotations", json!({}))
                .with("labels", labels)
                .with("name", name),
        )
}

/// The mount of the `volume` claim (`volume.enabled`), as every container
/// template writes it.
fn volume_mount(s: &Scope<'_>) -> Result<Option<Value>, RenderError> {
    if !s.on("volume.enabled") {
        return Ok(None);
    }
    Ok(Some(
        Obj::new()
            .with("name", claim(s))
            .with(
                "mountPath",
                plain(s.get("volume.mount.path"), "volume.mount.path")?,
            )
            .with(
                "readOnly",
                plain(s.get("volume.mount.readOnly"), "volume.mount.readOnly")?,
            )
            .into(),
    ))
}
