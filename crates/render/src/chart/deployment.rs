//! `deployment.yaml`: the main Deployment with its init container and its
//! sidecars (`extensions`).

use gg_k8app::Feature;
use serde_json::{Value, json};

use super::pod::{
    PLAIN_KEYS, claim_mount, command_items, configfiles_mounts, configfiles_volume, csi_mount,
    csi_volume, env_from, extension_image, image, image_pull_secrets, jaeger_env,
    quoted_or_default, redis_env, secret_key_env, service_account, shared_mounts, shared_volumes,
};
use super::probes::{ProbeKind, main_probe, sidecar_probe};
use super::secrets::{appver, provider_enabled, secret_refs, secrets_checksum, uses_csi};
use super::{Draft, Obj, Tpl, list_or_null, paths};
use crate::error::RenderError;
use crate::gotmpl::{self, Key, default, printf, truthy};
use crate::problem::Problem;

/// The pod's volumes in the template's order.
fn volumes(t: &Tpl<'_>, app: &str) -> Result<Vec<Value>, RenderError> {
    let mut out = Vec::new();
    if t.on("volume.enabled")? {
        let claim = t.value(&format!("{app}-claim"));
        out.push(
            Obj::new()
                .with("name", claim.clone())
                .with(
                    "persistentVolumeClaim",
                    Obj::new()
                        .with("readOnly", t.plain(t.val("volume.mount.readOnly")?))
                        .with("claimName", claim),
                )
                .into(),
        );
    }
    if uses_csi(t)? {
        out.push(csi_volume(t, app));
    }
    if t.on("configfiles")? {
        let config = t.val("configfiles")?;
        out.push(configfiles_volume(
            t,
            &format!("{app}-config"),
            config,
            ".Values.configfiles",
        )?);
    }
    for (name, spec) in t.range(t.val("extensions")?, ".Values.extensions")? {
        let configfiles = t.at(Some(spec), "configfiles", "$spec.configfiles")?;
        if truthy(configfiles) {
            let volume = extension_name(app, &name) + "-config";
            out.push(configfiles_volume(
                t,
                &volume,
                configfiles,
                "$spec.configfiles",
            )?);
        }
    }
    out.extend(shared_volumes(t, app, false)?);
    Ok(out)
}

/// `printf "%s-%s" $appname $name` of an extension.
fn extension_name(app: &str, name: &Key) -> String {
    printf("%s-", &[Some(&Value::String(app.to_owned()))]) + &name.verb_s()
}

/// The init container (`initContainers` is one map: command and args).
fn init_container(t: &Tpl<'_>, app: &str) -> Result<Value, RenderError> {
    let command = t.val("initContainers.command")?;
    let args = t.val("initContainers.args")?;
    let mut container = Obj::new()
        .with("name", t.value(&format!("{app}-init")))
        .with("image", image(t)?)
        .with("command", gotmpl::to_yaml(command))
        .with("args", gotmpl::to_yaml(args));
    if t.has(Feature::SecretsPerPath) {
        container = container.with_opt("envFrom", env_from(t, app, false)?);
    } else {
        let env = if t.on("secrets")? {
            secret_key_env(t, app, PLAIN_KEYS)?
        } else {
            Vec::new()
        };
        container = container
            .with("env", list_or_null(env))
            .with_opt("envFrom", env_from(t, app, false)?);
    }
    let mut mounts = Vec::new();
    if t.on("volume.enabled")? {
        mounts.push(claim_mount(t, app, true)?);
    }
    if uses_csi(t)? {
        mounts.push(csi_mount(false));
    }
    mounts.extend(shared_mounts(t)?);
    Ok(container.with("volumeMounts", list_or_null(mounts)).into())
}

/// `- {{ . }}` / `- {{ . | quote }}` items of `.Values.<chain>` under `if`.
fn command_list(t: &Tpl<'_>, chain: &str) -> Result<Option<Value>, RenderError> {
    if !t.on(chain)? {
        return Ok(None);
    }
    let items = command_items(t, t.val(chain)?, &format!(".Values.{chain}"))?;
    Ok(Some(list_or_null(items)))
}

fn main_container(t: &Tpl<'_>, app: &str) -> Result<Value, RenderError> {
    let fallback = json!("000");
    let build = default(t.val("buildId")?, Some(&fallback));
    let version = default(t.val("version")?, t.val("image.tag")?);
    let mut env = vec![
        json!({"name": "BUILD_ID", "value": t.quote(build)}),
        json!({"name": "PROJECT", "value": t.plain(t.val("appName")?)}),
        json!({"name": "OTEL_SERVICE_NAME", "value": t.plain(t.val("appName")?)}),
        json!({"name": "VERSION", "value": t.quote(version)}),
    ];
    env.extend(redis_env(t, app)?);
    if t.on("jaegerEnabled")? {
        env.extend(jaeger_env());
    }
    if !t.has(Feature::SecretsPerPath) && t.on("secrets")? {
        env.extend(secret_key_env(t, app, PLAIN_KEYS)?);
    }
    let mut mounts = Vec::new();
    if t.on("volume.enabled")? {
        mounts.push(claim_mount(t, app, true)?);
    }
    if uses_csi(t)? {
        mounts.push(csi_mount(!t.has(Feature::SharedHelpers)));
    }
    if t.on("configfiles")? {
        let config = t.val("configfiles")?;
        mounts.extend(configfiles_mounts(
            t,
            &format!("{app}-config"),
            config,
            ".Values.configfiles",
        )?);
    }
    mounts.extend(shared_mounts(t)?);
    let mut container = Obj::new()
        .with("env", env)
        .with_opt("envFrom", env_from(t, app, false)?)
        .with("volumeMounts", list_or_null(mounts))
        .with("image", image(t)?);
    if t.on("image.pullPolicy")? {
        container = container.with("imagePullPolicy", t.plain(t.val("image.pullPolicy")?));
    }
    if t.on("resources")? {
        container = container.with("resources", gotmpl::to_yaml(t.val("resources")?));
    }
    container = container.with("name", t.value(app));
    if t.on("lifecycle")? {
        container = container.with("lifecycle", gotmpl::to_yaml(t.val("lifecycle")?));
    }
    if t.on("livenessProbe.enabled")? {
        container = container.with(
            "livenessProbe",
            main_probe(t, "livenessProbe", ProbeKind::Liveness)?,
        );
    }
    if t.on("readinessProbe.enabled")? {
        container = container.with(
            "readinessProbe",
            main_probe(t, "readinessProbe", ProbeKind::Readiness)?,
        );
    }
    Ok(container
        .with_opt("command", command_list(t, "commands")?)
        .with_opt("args", command_list(t, "args")?)
        .into())
}

fn sidecar(
    t: &Tpl<'_>,
    app: &str,
    ext: &Key,
    spec: &Value,
    problems: &mut Vec<Problem>,
) -> Result<Value, RenderError> {
    let name = extension_name(app, ext);
    let spec = Some(spec);
    let tag = t.at(spec, "image.tag", "$spec.image.tag")?;
    let mut container = Obj::new()
        .with("name", t.value(&name))
        .with("image", extension_image(t, spec)?);
    let command = t.at(spec, "command", "$spec.command")?;
    if truthy(command) {
        container = container.with("command", gotmpl::to_yaml(command));
    }
    let args = t.at(spec, "args", "$spec.args")?;
    if truthy(args) {
        container = container.with("args", gotmpl::to_yaml(args));
    }
    let fallback = json!("000");
    let version = default(tag, t.val("version")?);
    let mut env = vec![
        json!({"name": "BUILD_ID", "value": t.quote(default(t.val("buildId")?, Some(&fallback)))}),
        json!({"name": "PROJECT", "value": t.value(&name)}),
        json!({"name": "OTEL_SERVICE_NAME", "value": t.value(&name)}),
        json!({"name": "VERSION", "value": t.quote(version)}),
    ];
    for (key, value) in t.range(t.at(spec, "env", "$spec.env")?, "$spec.env")? {
        let upper = key
            .as_string("$k | upper")
            .map_err(|e| t.exec(e))?
            .to_uppercase();
        env.push(json!({"name": t.value(&upper), "value": t.quote(Some(value))}));
    }
    if t.has(Feature::SecretsPerPath) {
        container = container.with("env", env);
        if t.on("secrets")? && provider_enabled(t, "vault")? {
            container = container.with("envFrom", list_or_null(secret_refs(t, app)?));
        }
    } else {
        env.extend(secret_key_env(t, app, PLAIN_KEYS)?);
        container = container.with("env", env);
    }
    let lifecycle = t.at(spec, "lifecycle", "$spec.lifecycle")?;
    if truthy(lifecycle) {
        container = container.with("lifecycle", gotmpl::to_yaml(lifecycle));
    }
    let liveness = t.at(spec, "livenessProbe", "$spec.livenessProbe")?;
    if let Some(probe) = liveness.filter(|p| truthy(Some(p))) {
        container = container.with(
            "livenessProbe",
            sidecar_probe(t, probe, ProbeKind::Liveness)?,
        );
    }
    // The chart writes the sidecar's volumeMounts inside its readinessProbe
    // block: without a readinessProbe, a sidecar mounts nothing.
    let readiness = t.at(spec, "readinessProbe", "$spec.readinessProbe")?;
    let configfiles = t.at(spec, "configfiles", "$spec.configfiles")?;
    let shared = t.has(Feature::SharedVolumes) && t.on("sharedVolumes")?;
    if !truthy(readiness) && (truthy(configfiles) || shared) {
        problems.push(
            Problem::new(&gg_diagnostic::rules::SIDECAR_MOUNTS_DROPPED, format!(
                "sidecar `{name}` mounts nothing: k8app writes a sidecar's volumeMounts inside its readinessProbe block, and `extensions.{}` has no readinessProbe (its config files and shared volumes stay unmounted)",
                ext.text
            ))
            .caused_by_keys(vec!["extensions".to_owned(), ext.text.clone()]),
        );
    }
    if let Some(probe) = readiness.filter(|p| truthy(Some(p))) {
        container = container.with(
            "readinessProbe",
            sidecar_probe(t, probe, ProbeKind::Readiness)?,
        );
        if truthy(configfiles) || shared {
            let mut mounts = Vec::new();
            if truthy(configfiles) {
                let volume = format!("{name}-config");
                mounts.extend(configfiles_mounts(
                    t,
                    &volume,
                    configfiles,
                    "$spec.configfiles",
                )?);
            }
            mounts.extend(shared_mounts(t)?);
            container = container.with("volumeMounts", list_or_null(mounts));
        }
    }
    Ok(container.into())
}

fn pod_annotations(t: &Tpl<'_>) -> Result<Value, RenderError> {
    let mut obj = Obj::new();
    if t.on("branch")? {
        let empty = json!("");
        obj = obj.with(
            "app/branch",
            t.quote(default(t.val("branch")?, Some(&empty))),
        );
    }
    if t.on("prometheus.enabled")? {
        obj = obj
            .with("prometheus.io/scrape", "true")
            .with(
                "prometheus.io/port",
                quoted_or_default(t, t.val("prometheus.port")?, "8011"),
            )
            .with(
                "prometheus.io/path",
                quoted_or_default(t, t.val("prometheus.path")?, "/metrics"),
            );
    }
    let configmap = t.val("configmap")?;
    Ok(obj
        .with("checksum/secrets", secrets_checksum(t)?)
        .with("checksum/conf", t.digest(|| printf("%v", &[configmap])))
        .into())
}

fn strategy(t: &Tpl<'_>) -> Result<Value, RenderError> {
    let kind = t.val("strategy.type")?;
    let mut strategy = Obj::new();
    if t.eq(kind, "RollingUpdate", ".Values.strategy.type")? {
        let (one, zero) = (json!("1"), json!("0"));
        let surge = t.val("strategy.rollingUpdate.maxSurge")?;
        let unavailable = t.val("strategy.rollingUpdate.maxUnavailable")?;
        strategy = strategy.with(
            "rollingUpdate",
            Obj::new()
                .with("maxSurge", t.plain(default(surge, Some(&one))))
                .with("maxUnavailable", t.plain(default(unavailable, Some(&zero)))),
        );
    }
    let rolling = json!("RollingUpdate");
    Ok(strategy
        .with("type", t.plain(default(kind, Some(&rolling))))
        .into())
}

/// Up to 3.5.0 `{{- if .Values.initContainers -}}` glues `initContainers:`
/// to the end of the volumes: to `volumes:` itself (a key
/// `volumes:initContainers`), to a last `emptyDir:` without medium (a key
/// `emptyDir:initContainers`, the init container then a volume), else into
/// a line that is not YAML.
fn glued_init(
    t: &Tpl<'_>,
    pod: Obj,
    volumes: Vec<Value>,
    init: Value,
    problems: &mut Vec<Problem>,
) -> Obj {
    problems.push(
        Problem::new(
            &gg_diagnostic::rules::INIT_CONTAINERS_DROPPED,
            format!(
                "k8app {} glues `initContainers:` to the volumes (fixed in 3.5.1): the pod has no init container",
                t.chart()
            ),
        )
        .caused_by("initContainers"),
    );
    let mut volumes = volumes;
    match volumes.last_mut() {
        None => return pod.with("volumes:initContainers", json!([init])),
        Some(Value::Object(last))
            if last.len() == 2 && last.get("emptyDir") == Some(&Value::Null) =>
        {
            last.remove("emptyDir");
            last.insert("emptyDir:initContainers".to_owned(), Value::Null);
            volumes.push(init);
        }
        Some(_) => {
            t.breaks("k8app glues `initContainers:` to the last volume line (fixed in 3.5.1)")
        }
    }
    pod.with("volumes", volumes)
}

/// Renders the Deployment when `deployment.enabled`.
pub(crate) fn render(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("deployment.enabled")? {
        return Ok(());
    }
    let app = t.app()?;
    let labels = t.versioned_labels(app)?;
    let annotations = if t.has(Feature::SyncWaves) {
        json!({"argocd.argoproj.io/sync-wave": "0"})
    } else {
        json!({})
    };
    let mut spec = Obj::new().with("revisionHistoryLimit", 1);
    if !t.on("hpa.enabled")? {
        let three = json!(3);
        spec = spec.with(
            "replicas",
            t.plain(default(t.val("replicas")?, Some(&three))),
        );
    }
    spec = spec
        .with("selector", json!({"matchLabels": t.selector()?}))
        .with("strategy", strategy(t)?);
    let pod_annotations = pod_annotations(t)?;
    let pod_labels = Obj::new()
        .with("app", t.value(app))
        .with("appver", appver(t)?)
        .with("release", t.quoted(t.release()));
    let affinity = json!({
        "podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [{
                "weight": 1,
                "podAffinityTerm": {
                    "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": [t.item(app)]}]},
                    "topologyKey": "kubernetes.io/hostname"
                }
            }]
        }
    });
    let mut pod = Obj::new();
    if t.on("tolerations")? {
        pod = pod.with("tolerations", gotmpl::to_yaml(t.val("tolerations")?));
    }
    pod = pod
        .with("affinity", affinity)
        .with_opt("serviceAccountName", service_account(t, app)?);
    let volumes = volumes(t, app)?;
    let mut problems = Vec::new();
    if t.on("initContainers")? {
        let init = init_container(t, app)?;
        if t.has(Feature::InitContainersOnOwnLine) {
            pod = pod
                .with("volumes", list_or_null(volumes))
                .with("initContainers", json!([init]));
        } else {
            pod = glued_init(t, pod, volumes, init, &mut problems);
        }
    } else {
        pod = pod.with("volumes", list_or_null(volumes));
    }
    let mut containers = vec![main_container(t, app)?];
    for (ext, spec) in t.range(t.val("extensions")?, ".Values.extensions")? {
        containers.push(sidecar(t, app, &ext, spec, &mut problems)?);
    }
    let pod = pod
        .with("containers", containers)
        .with_opt("imagePullSecrets", image_pull_secrets(t)?)
        .with("restartPolicy", "Always");
    let template = Obj::new()
        .with(
            "metadata",
            Obj::new()
                .with("annotations", pod_annotations)
                .with("labels", pod_labels),
        )
        .with("spec", pod);
    let object = Obj::new()
        .with("apiVersion", "apps/v1")
        .with("kind", "Deployment")
        .with(
            "metadata",
            Obj::new()
                .with("namespace", t.value(t.namespace()))
                .with("annotations", annotations)
                .with("labels", labels)
                .with("name", t.value(app)),
        )
        .with("spec", spec.with("template", template));
    let mut draft = Draft::new(
        t.path,
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
    );
    draft.problems = problems;
    out.push(draft);
    Ok(())
}
