//! `worker.yaml` (Deployments `{app}-{worker}`), `job.yaml` (Jobs
//! `{app}-job-{key}`) and `cronjob.yaml` (CronJobs `{app}-cron-{key}`).

use gg_k8app::Feature;
use serde_json::{Value, json};

use super::batch::{self, Group};
use super::pod::{
    KeyStyle, PLAIN_KEYS, claim_mount, command_items, configfiles_mounts, configfiles_volume,
    csi_mount, csi_volume, env_from, extension_image, image, image_pull_secrets, jaeger_env,
    quoted_or_default, redis_env, secret_key_env, service_account, shared_mounts, shared_volumes,
};
use super::probes::{ProbeKind, worker_probe};
use super::secrets::{provider_enabled, uses_csi};
use super::{Draft, Obj, Tpl, list_or_null};
use crate::error::RenderError;
use crate::gotmpl::{self, Key, default, truthy};
use crate::problem::Problem;

/// `nodeSelector` as the worker and Job templates write it.
fn node_selector(t: &Tpl<'_>) -> Result<Option<Value>, RenderError> {
    Ok(if t.on("nodeSelector")? {
        Some(gotmpl::to_yaml(t.val("nodeSelector")?))
    } else {
        None
    })
}

/// The sidecars a worker runs (3.13.0): name, image, command, args, resources.
fn worker_extensions(t: &Tpl<'_>, app: &str) -> Result<Vec<Value>, RenderError> {
    let mut out = Vec::new();
    for (name, spec) in t.range(t.val("extensions")?, ".Values.extensions")? {
        let spec = Some(spec);
        let mut container = Obj::new()
            .with("name", t.value(&format!("{app}-{}", name.verb_s())))
            .with("image", extension_image(t, spec)?);
        for key in ["command", "args", "resources"] {
            let value = t.at(spec, key, &format!("$spec.{key}"))?;
            if truthy(value) {
                container = container.with(key, gotmpl::to_yaml(value));
            }
        }
        out.push(container.into());
    }
    Ok(out)
}

fn worker(t: &Tpl<'_>, app: &str, name: &Key, config: &Value) -> Result<Value, RenderError> {
    let config = Some(config);
    let full = format!("{app}-{}", name.text);
    let three = json!(3);
    let replicas = t.plain(default(
        t.at(config, "replicas", "$workerConfig.replicas")?,
        Some(&three),
    ));
    let selector = Obj::new()
        .with("app", t.value(&full))
        .with("type", "worker")
        .with("worker-name", t.value(&full));
    let annotations = if t.on("prometheus.enabled")? {
        Obj::new()
            .with("prometheus.io/scrape", "true")
            .with(
                "prometheus.io/port",
                quoted_or_default(t, t.val("prometheus.port")?, "8011"),
            )
            .into()
    } else {
        Value::Null
    };
    let refactored = t.has(Feature::WorkerPodFeatures);
    let mut volumes = Vec::new();
    let mut mounts = Vec::new();
    if t.on("volume.enabled")? {
        let claim = t.value(&format!("{app}-claim"));
        volumes.push(json!({"name": claim, "persistentVolumeClaim": {"claimName": claim}}));
        mounts.push(claim_mount(t, app, false)?);
    }
    // Workers mounted the CSI volume for any provider until 3.9.0.
    let csi = if t.has(Feature::SecretsPerPath) {
        uses_csi(t)?
    } else {
        t.on("secrets")?
    };
    if csi {
        volumes.push(csi_volume(t, app));
        mounts.push(csi_mount(false));
    }
    if refactored {
        if t.on("configfiles")? {
            let config_files = t.val("configfiles")?;
            volumes.push(configfiles_volume(
                t,
                &format!("{app}-config"),
                config_files,
                "$root.Values.configfiles",
            )?);
            mounts.extend(configfiles_mounts(
                t,
                &format!("{app}-config"),
                config_files,
                "$root.Values.configfiles",
            )?);
        }
        volumes.extend(shared_volumes(t, app, true)?);
        mounts.extend(shared_mounts(t)?);
    }
    let mut env =
        vec![json!({"name": "BUILD_ID", "value": quoted_or_default(t, t.val("buildId")?, "NULL")})];
    if refactored {
        env.extend(redis_env(t, app)?);
    }
    if !t.has(Feature::SecretsPerPath) && t.on("secrets")? {
        env.extend(secret_key_env(t, app, PLAIN_KEYS)?);
    }
    let (repository, tag, pull_policy) = if t.has(Feature::WorkerImage) {
        let image = default(
            t.at(config, "image", "$workerConfig.image")?,
            Some(t.keep(json!({}))),
        );
        let repository = default(
            t.at(image, "repository", "$workerImage.repository")?,
            t.val("image.repository")?,
        );
        let tag = default(t.at(image, "tag", "$workerImage.tag")?, t.val("image.tag")?);
        let always = json!("Always");
        let policy = t.plain(default(
            t.at(image, "pullPolicy", "$workerImage.pullPolicy")?,
            Some(&always),
        ));
        (gotmpl::print(repository), gotmpl::print(tag), policy)
    } else {
        let repository = gotmpl::print(t.val("image.repository")?);
        let tag = gotmpl::print(t.val("image.tag")?);
        (repository, tag, json!("Always"))
    };
    let resources = default(
        t.at(config, "resources", "$workerConfig.resources")?,
        t.val("resources")?,
    );
    let probe = |key: &str, kind| -> Result<Option<Value>, RenderError> {
        let probe = t.at(config, key, &format!("$workerConfig.{key}"))?;
        probe
            .filter(|p| truthy(Some(p)))
            .map(|p| worker_probe(t, p, kind))
            .transpose()
    };
    let env_from = env_from(t, app, false)?;
    let container = Obj::new()
        .with("env", env)
        .with_opt("envFrom", env_from)
        .with("volumeMounts", list_or_null(mounts))
        .with("image", t.value(&format!("{repository}:{tag}")))
        .with("imagePullPolicy", pull_policy)
        .with("name", t.value(&full))
        .with("resources", gotmpl::to_yaml(resources))
        .with_opt(
            "livenessProbe",
            probe("livenessProbe", ProbeKind::Liveness)?,
        )
        .with_opt(
            "readinessProbe",
            probe("readinessProbe", ProbeKind::Readiness)?,
        )
        .with(
            "command",
            list_or_null(command_items(
                t,
                t.at(config, "command", "$workerConfig.command")?,
                "$workerConfig.command",
            )?),
        )
        .with(
            "args",
            list_or_null(command_items(
                t,
                t.at(config, "args", "$workerConfig.args")?,
                "$workerConfig.args",
            )?),
        );
    let mut containers = vec![Value::from(container)];
    let mut pod = Obj::new();
    if refactored {
        pod = pod.with_opt("serviceAccountName", service_account(t, app)?);
    } else {
        pod = pod.with("serviceAccountName", t.plain(t.val("serviceAccountName")?));
    }
    if refactored {
        containers.extend(worker_extensions(t, app)?);
    }
    pod = pod
        .with("volumes", list_or_null(volumes))
        .with("containers", containers)
        .with_opt("nodeSelector", node_selector(t)?);
    if refactored && t.on("tolerations")? {
        pod = pod.with("tolerations", gotmpl::to_yaml(t.val("tolerations")?));
    }
    if t.has(Feature::WorkerImagePullSecrets) {
        pod = pod.with_opt("imagePullSecrets", image_pull_secrets(t)?);
    }
    let pod = pod.with("restartPolicy", "Always");
    let labels = t.versioned_labels_with(app, &[("type", "worker")])?;
    let head_annotations = if t.has(Feature::SyncWaves) {
        json!({"argocd.argoproj.io/sync-wave": "0"})
    } else {
        json!({})
    };
    Ok(Obj::new()
        .with("apiVersion", "apps/v1")
        .with("kind", "Deployment")
        .with(
            "metadata",
            Obj::new()
                .with("namespace", t.value(t.namespace()))
                .with("annotations", head_annotations)
                .with("labels", labels)
                .with("name", t.value(&full)),
        )
        .with(
            "spec",
            Obj::new()
                .with("replicas", replicas)
                .with("selector", json!({"matchLabels": Value::from(selector.clone_obj())}))
                .with(
                    "strategy",
                    json!({"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}, "type": "RollingUpdate"}),
                )
                .with(
                    "template",
                    Obj::new()
                        .with(
                            "metadata",
                            Obj::new().with("annotations", annotations).with("labels", selector),
                        )
                        .with("spec", pod),
                ),
        )
        .into())
}

/// The pod volumes and mounts of a Job or CronJob: the CSI volume (for any
/// provider before 3.10.5), then from 3.13.0 the config files, whose
/// `volumes:` and `volumeMounts:` keys come second and win.
fn job_volumes(t: &Tpl<'_>, app: &str) -> Result<(Option<Value>, Option<Value>), RenderError> {
    let csi = if t.has(Feature::JobVaultSecrets) {
        uses_csi(t)?
    } else {
        t.on("secrets")?
    };
    let mut volumes = None;
    let mut mounts = None;
    if csi {
        volumes = Some(json!([csi_volume(t, app)]));
        mounts = Some(json!([csi_mount(false)]));
    }
    if t.has(Feature::JobPodFeatures) && t.on("configfiles")? {
        let config = t.val("configfiles")?;
        let name = format!("{app}-config");
        volumes = Some(json!([configfiles_volume(
            t,
            &name,
            config,
            "$.Values.configfiles"
        )?]));
        mounts = Some(Value::Array(configfiles_mounts(
            t,
            &name,
            config,
            "$.Values.configfiles",
        )?));
    }
    Ok((volumes, mounts))
}

/// The job container's `envFrom` and `env` (secret key refs before 3.10.5).
fn job_env(
    t: &Tpl<'_>,
    app: &str,
    mut env: Vec<Value>,
    style: KeyStyle,
) -> Result<(Option<Value>, Vec<Value>), RenderError> {
    if t.has(Feature::JobVaultSecrets) {
        let from = if t.has(Feature::SecretsPerPath) {
            job_env_from(t, app)?
        } else {
            None
        };
        return Ok((from, env));
    }
    let from = t
        .on("configmap")?
        .then(|| json!([{"configMapRef": {"name": t.quoted(app)}}]));
    if t.on("secrets")? {
        env.extend(secret_key_env(t, app, style)?);
    }
    Ok((from, env))
}

/// `envFrom` of the 3.10.5+ Job and CronJob (`name: "{{ $appname }}"`
/// quoted; 3.13.0's shared helper writes it plain, the same string).
fn job_env_from(t: &Tpl<'_>, app: &str) -> Result<Option<Value>, RenderError> {
    env_from(t, app, !t.has(Feature::SharedHelpers))
}

/// The pod of a Job or CronJob up to its container: service account,
/// volumes and the one container running the spec's command.
fn job_pod(
    t: &Tpl<'_>,
    app: &str,
    key: &Key,
    spec: Option<&Value>,
    env: Vec<Value>,
    style: KeyStyle,
) -> Result<Obj, RenderError> {
    let (env_from, env) = job_env(t, app, env, style)?;
    let (volumes, mounts) = job_volumes(t, app)?;
    let command = t.at(spec, "command", "$value.command")?;
    let args = t.at(spec, "args", "$value.args")?;
    let mut container = Obj::new()
        .with("name", t.quoted(&key.text))
        .with(
            "command",
            list_or_null(command_items(t, command, "$value.command")?),
        )
        .with("args", list_or_null(command_items(t, args, "$value.args")?))
        .with_opt("envFrom", env_from)
        .with("env", env)
        .with_opt("volumeMounts", mounts)
        .with("image", image(t)?)
        .with("imagePullPolicy", "Always");
    if t.has(Feature::JobPodFeatures) {
        let resources = t.at(spec, "resources", "$value.resources")?;
        if truthy(resources) {
            container = container.with("resources", gotmpl::to_yaml(resources));
        }
    }
    Ok(Obj::new()
        .with_opt("serviceAccountName", service_account(t, app)?)
        .with_opt("volumes", volumes)
        .with("containers", json!([Value::from(container)])))
}

fn job(t: &Tpl<'_>, app: &str, key: &Key, spec: &Value) -> Result<Value, RenderError> {
    let spec = Some(spec);
    let job_name = format!("{app}-job");
    let name = t.quoted(&format!("{job_name}-{}", key.text));
    let zero = json!("000");
    let build = t.quote(default(t.val("image.tag")?, Some(&zero)));
    let style = KeyStyle {
        name_quoted: false,
        key_quoted: true,
        secret_quoted: true,
    };
    let env = vec![json!({"name": "BUILD_ID", "value": build})];
    let mut pod =
        job_pod(t, app, key, spec, env, style)?.with_opt("nodeSelector", node_selector(t)?);
    if t.on("tolerations")? {
        pod = pod.with("tolerations", gotmpl::to_yaml(t.val("tolerations")?));
    }
    if t.has(Feature::JobPodFeatures) {
        pod = pod.with_opt("imagePullSecrets", image_pull_secrets(t)?);
    } else if t.has(Feature::JobImagePullSecrets) && t.on("imagePullSecrets")? {
        pod = pod.with(
            "imagePullSecrets",
            gotmpl::to_yaml(t.val("imagePullSecrets")?),
        );
    }
    let pod = pod.with("restartPolicy", "OnFailure");
    let annotations = if t.has(Feature::JobPreSyncHook) {
        json!({
            "argocd.argoproj.io/hook": "PreSync",
            "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation"
        })
    } else if t.has(Feature::JobSyncWave) {
        json!({"argocd.argoproj.io/sync-wave": "-1"})
    } else {
        json!({
            "helm.sh/hook": "pre-install,pre-upgrade",
            "helm.sh/hook-weight": "-3",
            "helm.sh/hook-delete-policy": "before-hook-creation"
        })
    };
    let ten = json!(10);
    let backoff = t.plain(default(
        t.at(spec, "backoffLimit", "$value.backoffLimit")?,
        Some(&ten),
    ));
    let group = Group::new("job", &job_name);
    Ok(
        batch::head(t, "Job", &group, name.clone(), Some(annotations))
            .with(
                "spec",
                Obj::new()
                    .with("backoffLimit", backoff)
                    .with("completions", 1)
                    .with("parallelism", 1)
                    .with(
                        "template",
                        Obj::new()
                            .with("metadata", batch::template_metadata(t, &group, name))
                            .with("spec", pod),
                    ),
            )
            .into(),
    )
}

/// `{{ toYaml .Values.nodeSelector | indent 8 }}` after ten spaces: the
/// first line lands deeper than the others, so only a selector of one
/// `key: value` line reads as the map it is.
fn cron_node_selector(t: &Tpl<'_>) -> Result<Option<Value>, RenderError> {
    let Some(selector) = node_selector(t)? else {
        return Ok(None);
    };
    let one_line = match &selector {
        Value::Object(map) => {
            map.len() == 1
                && map.values().all(|v| {
                    !v.is_object() && !v.is_array() && !v.as_str().is_some_and(|s| s.contains('\n'))
                })
        }
        Value::Array(items) => {
            items.len() == 1 && items.iter().all(|v| !v.is_object() && !v.is_array())
        }
        _ => true,
    };
    if !one_line {
        t.breaks(
            "k8app's CronJob indents `nodeSelector` wrongly: only one `key: value` line reads back",
        );
    }
    Ok(Some(selector))
}

fn cronjob(t: &Tpl<'_>, app: &str, key: &Key, spec: &Value) -> Result<Value, RenderError> {
    let spec = Some(spec);
    let cron = format!("{app}-cron");
    let name = t.quoted(&format!("{cron}-{}", key.text));
    let mut env = vec![
        json!({"name": "BUILD_ID", "value": quoted_or_default(t, t.val("buildId")?, "000")}),
        json!({"name": "SENTRY_ENVIRONMENT", "value": t.quote(t.val("environment")?)}),
        json!({"name": "SENTRY_RELEASE", "value": t.quote(t.val("image.tag")?)}),
    ];
    let tracing = if t.has(Feature::JobPodFeatures) {
        "jaegerEnabled"
    } else {
        "tracingEnabled"
    };
    if t.on(tracing)? {
        env.extend(jaeger_env());
    }
    let style = KeyStyle {
        name_quoted: true,
        key_quoted: true,
        secret_quoted: true,
    };
    let mut pod =
        job_pod(t, app, key, spec, env, style)?.with_opt("nodeSelector", cron_node_selector(t)?);
    if t.has(Feature::JobPodFeatures) {
        pod = pod.with_opt("imagePullSecrets", image_pull_secrets(t)?);
    }
    let pod = pod
        .with("restartPolicy", "Never")
        .with("terminationGracePeriodSeconds", 30);
    let every_hour = json!("1 * * * *");
    let schedule = t.quote(default(
        t.at(spec, "schedule", "$value.schedule")?,
        Some(&every_hour),
    ));
    let group = Group::new("cronjob", &cron);
    Ok(batch::head(t, "CronJob", &group, name.clone(), None)
        .with(
            "spec",
            Obj::new()
                .with("concurrencyPolicy", "Forbid")
                .with("failedJobsHistoryLimit", 10)
                .with(
                    "jobTemplate",
                    Obj::new()
                        .with("metadata", batch::template_metadata(t, &group, name))
                        .with("spec", json!({"template": {"spec": Value::from(pod)}})),
                )
                .with("schedule", schedule)
                .with("startingDeadlineSeconds", 300)
                .with("successfulJobsHistoryLimit", 3)
                .with("suspend", false),
        )
        .into())
}

/// What a workload kind renders: one object per `<section>.spec` entry.
type Build = fn(&Tpl<'_>, &str, &Key, &Value) -> Result<Value, RenderError>;

/// Renders one object per entry of `.Values.<section>.spec` when
/// `<section>.enabled`, each with the problems that apply to the kind
/// (caused by its entry).
fn each_spec(
    t: &Tpl<'_>,
    out: &mut Vec<Draft>,
    section: &str,
    build: Build,
    problems: impl Fn(&str) -> Result<Vec<Problem>, RenderError>,
) -> Result<(), RenderError> {
    if !t.on(&format!("{section}.enabled"))? {
        return Ok(());
    }
    let app = t.app()?;
    let problems = problems(app)?;
    let spec = t.val(&format!("{section}.spec"))?;
    for (key, entry) in t.range(spec, &format!(".Values.{section}.spec"))? {
        let object = build(t, app, &key, entry)?;
        let entry_path = vec![section.to_owned(), "spec".to_owned(), key.text];
        let mut draft = Draft::new(t.path, vec![entry_path.clone()], object);
        draft.problems = problems
            .iter()
            .map(|problem| problem.clone().caused_by_keys(entry_path.clone()))
            .collect();
        out.push(draft);
    }
    Ok(())
}

/// Under the Vault provider, what a workload kind mounts or reads that the
/// release's VaultStaticSecrets do not provide (chart bugs fixed later).
fn vault_gaps(
    t: &Tpl<'_>,
    app: &str,
    csi_fixed_in: Feature,
    refs_fixed_in: Option<Feature>,
) -> Result<Vec<Problem>, RenderError> {
    let mut problems = Vec::new();
    if !(t.on("secrets")? && provider_enabled(t, "vault")?) {
        return Ok(problems);
    }
    let rule = &gg_diagnostic::rules::WORKLOAD_SECRETS_MISSING;
    if !t.has(csi_fixed_in) {
        problems.push(Problem::new(rule, format!(
            "k8app {} mounts the CSI secrets volume of SecretProviderClass `{app}-aws-secrets` under the Vault provider too, which renders no such class: the pods hang in ContainerCreating (fixed in {})",
            t.chart(),
            csi_fixed_in.since()
        )));
    }
    if let Some(fixed) = refs_fixed_in
        && t.has(Feature::SecretsPerPath)
        && !t.has(fixed)
    {
        problems.push(Problem::new(rule, format!(
            "k8app {} reads secrets from Secret `{app}` by key, which its VaultStaticSecrets no longer write (they write `{app}-vault-N`): the pods do not start (fixed in {})",
            t.chart(),
            fixed.since()
        )));
    }
    Ok(problems)
}

/// `worker.yaml`: one Deployment per `worker.spec` entry.
pub(crate) fn workers(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    each_spec(t, out, "worker", worker, |app| {
        vault_gaps(t, app, Feature::SecretsPerPath, None)
    })
}

/// `job.yaml`: one Job per `job.spec` entry.
pub(crate) fn jobs(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    each_spec(t, out, "job", job, |app| {
        vault_gaps(
            t,
            app,
            Feature::JobVaultSecrets,
            Some(Feature::JobVaultSecrets),
        )
    })
}

/// `cronjob.yaml`: one CronJob per `cronjob.spec` entry.
pub(crate) fn cronjobs(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    each_spec(t, out, "cronjob", cronjob, |app| {
        vault_gaps(
            t,
            app,
            Feature::JobVaultSecrets,
            Some(Feature::JobVaultSecrets),
        )
    })
}
