//! `worker.yaml` (Deployments `{app}-{worker}`), `job.yaml` (Jobs
//! `{app}-job-{key}`) and `cronjob.yaml` (CronJobs `{app}-cron-{key}`).

use serde_json::{Value, json};

use super::deployment::{
    KeyStyle, PLAIN_KEYS, claim, csi_volume, deployment_head, env_from, jaeger_env, printed_list,
    quoted_or_default, secret_env, service_account,
};
use super::probes::{ProbeKind, worker_probe};
use super::{Draft, Obj, Scope, list_or_null};
use crate::error::RenderError;
use crate::tmpl::{default, plain, quote, sorted_entries, to_yaml, truthy};

fn worker(s: &Scope<'_>, name: &str, config: &Value) -> Result<Value, RenderError> {
    let full = format!("{}-{name}", s.app);
    let field = format!("worker.spec.{name}");
    let selector = Obj::new()
        .with("app", full.as_str())
        .with("type", "worker")
        .with("worker-name", full.as_str());
    let annotations = if s.on("prometheus.enabled") {
        Obj::new()
            .with("prometheus.io/scrape", "true")
            .with(
                "prometheus.io/port",
                quoted_or_default(s.get("prometheus.port"), "8011")?,
            )
            .into()
    } else {
        Value::Null
    };
    let mut volumes = Vec::new();
    let mut mounts = Vec::new();
    if s.on("volume.enabled") {
        volumes.push(json!({"name": claim(s), "persistentVolumeClaim": {"claimName": claim(s)}}));
        mounts.push(
            Obj::new()
                .with("name", claim(s))
                .with(
                    "mountPath",
                    plain(s.get("volume.mount.path"), "volume.mount.path")?,
                )
                .into(),
        );
    }
    // Workers mount the CSI volume whatever the provider (until 3.9.0).
    if s.on("secrets") {
        volumes.push(csi_volume(s));
        mounts.push(json!({"name": "secrets-store-inline", "mountPath": "/mnt/secrets-store"}));
    }
    let mut env =
        vec![json!({"name": "BUILD_ID", "value": quoted_or_default(s.get("buildId"), "NULL")?})];
    if s.on("secrets") {
        env.extend(secret_env(s, PLAIN_KEYS)?);
    }
    let probe = |key: &str, kind| -> Result<Option<Value>, RenderError> {
        config
            .get(key)
            .filter(|p| truthy(Some(p)))
            .map(|p| worker_probe(p, kind, &format!("{field}.{key}")))
            .transpose()
    };
    let image = format!(
        "{}:{}",
        crate::tmpl::text(s.get("image.repository")),
        crate::tmpl::text(s.get("image.tag"))
    );
    let resources = default(
        config.get("resources"),
        s.get("resources").unwrap_or(&Value::Null),
    );
    let container = Obj::new()
        .with("env", env)
        .with_opt("envFrom", env_from(s))
        .with("volumeMounts", list_or_null(mounts))
        .with("image", crate::tmpl::scalar(&image, "image")?)
        .with("imagePullPolicy", "Always")
        .with("name", full.as_str())
        .with("resources", to_yaml(resources))
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
            list_or_null(printed_list(config.get("command"), &field)?),
        )
        .with(
            "args",
            list_or_null(printed_list(config.get("args"), &field)?),
        );
    let pod_spec = Obj::new()
        .with(
            "serviceAccountName",
            plain(s.get("serviceAccountName"), "serviceAccountName")?,
        )
        .with("volumes", list_or_null(volumes))
        .with("containers", json!([Value::from(container)]))
        .with_if(s.on("nodeSelector"), "nodeSelector", || {
            s.get("nodeSelector").map_or(Value::Null, to_yaml)
        })
        .with("restartPolicy", "Always");
    let labels = Obj::new()
        .with("app", s.app.as_str())
        .with("appver", s.appver())
        .with("type", "worker")
        .with("chart", s.chart_label())
        .with("release", s.ctx.release.as_str());
    Ok(deployment_head(s, labels, crate::tmpl::scalar(&full, &field)?)
        .with(
            "spec",
            Obj::new()
                .with("replicas", plain(Some(default(config.get("replicas"), &json!(3))), &field)?)
                .with("selector", json!({"matchLabels": Value::from(selector)}))
                .with(
                    "strategy",
                    json!({"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}, "type": "RollingUpdate"}),
                )
                .with(
                    "template",
                    Obj::new()
                        .with(
                            "metadata",
                            Obj::new().with("annotations", annotations).with(
                                "labels",
                                Obj::new()
                                    .with("app", full.as_str())
                                    .with("type", "worker")
                                    .with("worker-name", full.as_str()),
                            ),
                        )
                        .with("spec", pod_spec),
                ),
        )
        .into())
}

fn csi_mounts(s: &Scope<'_>) -> Option<Value> {
    s.on("secrets")
        .then(|| json!([{"name": "secrets-store-inline", "mountPath": "/mnt/secrets-store"}]))
}

/// The pod spec the Job and CronJob templates share: one container running
/// the job's command with `env`, the CSI secrets volume, the node selector.
fn job_pod_spec(
    s: &Scope<'_>,
    key: &str,
    spec: &Value,
    field: &str,
    env: Vec<Value>,
) -> Result<Obj, RenderError> {
    let container = Obj::new()
        .with("name", key)
        .with(
            "command",
            list_or_null(printed_list(spec.get("command"), field)?),
        )
        .with("args", list_or_null(printed_list(spec.get("args"), field)?))
        .with_opt("envFrom", env_from(s))
        .with("env", env)
        .with_opt("volumeMounts", csi_mounts(s))
        .with("image", s.image())
        .with("imagePullPolicy", "Always");
    Ok(Obj::new()
        .with_opt("serviceAccountName", service_account(s)?)
        .with_opt("volumes", s.on("secrets").then(|| json!([csi_volume(s)])))
        .with("containers", json!([Value::from(container)]))
        .with_if(s.on("nodeSelector"), "nodeSelector", || {
            s.get("nodeSelector").map_or(Value::Null, to_yaml)
        }))
}

fn job(s: &Scope<'_>, key: &str, spec: &Value) -> Result<Value, RenderError> {
    let field = format!("job.spec.{key}");
    let job_name = format!("{}-job", s.app);
    let chart = s.chart_label();
    let mut env = vec![
        json!({"name": "BUILD_ID", "value": quote(Some(default(s.get("image.tag"), &json!("000"))))}),
    ];
    if s.on("secrets") {
        env.extend(secret_env(
            s,
            KeyStyle {
                name_quoted: false,
                key_quoted: true,
            },
        )?);
    }
    let pod_spec = job_pod_spec(s, key, spec, &field, env)?
        .with_if(s.on("tolerations"), "tolerations", || {
            s.get("tolerations").map_or(Value::Null, to_yaml)
        })
        .with("restartPolicy", "OnFailure");
    Ok(Obj::new()
        .with("apiVersion", "batch/v1")
        .with("kind", "Job")
        .with(
            "metadata",
            Obj::new()
                .with("namespace", s.ctx.namespace.as_str())
                .with(
                    "annotations",
                    json!({
                        "helm.sh/hook": "pre-install,pre-upgrade",
                        "helm.sh/hook-weight": "-3",
                        "helm.sh/hook-delete-policy": "before-hook-creation"
                    }),
                )
                .with(
                    "labels",
                    json!({"helm.sh/chart": chart, "job": job_name, "chart": chart, "release": s.ctx.release}),
                )
                .with("name", format!("{job_name}-{key}")),
        )
        .with(
            "spec",
            Obj::new()
                .with("backoffLimit", plain(Some(default(spec.get("backoffLimit"), &json!(10))), &field)?)
                .with("completions", 1)
                .with("parallelism", 1)
                .with(
                    "template",
                    Obj::new()
                        .with(
                            "metadata",
                            json!({"name": format!("{job_name}-{key}"), "labels": {"helm.sh/chart": chart, "job": job_name}}),
                        )
                        .with("spec", pod_spec),
                ),
        )
        .into())
}

fn cronjob(s: &Scope<'_>, key: &str, spec: &Value) -> Result<Value, RenderError> {
    let field = format!("cronjob.spec.{key}");
    let cron_name = format!("{}-cron", s.app);
    let chart = s.chart_label();
    if s.get("nodeSelector")
        .and_then(Value::as_object)
        .is_some_and(|m| m.len() > 1)
    {
        // `{{ toYaml … | indent 8 }}` after spaces: the first line is indented
        // more than the others.
        return Err(RenderError::Template {
            template: "app/templates/cronjob.yaml".to_owned(),
            detail: "`nodeSelector` with two or more keys renders a CronJob that is not valid YAML"
                .to_owned(),
        });
    }
    let mut env = vec![
        json!({"name": "BUILD_ID", "value": quoted_or_default(s.get("buildId"), "000")?}),
        json!({"name": "SENTRY_ENVIRONMENT", "value": quote(s.get("environment"))}),
        json!({"name": "SENTRY_RELEASE", "value": quote(s.get("image.tag"))}),
    ];
    if s.on("tracingEnabled") {
        env.extend(jaeger_env());
    }
    if s.on("secrets") {
        env.extend(secret_env(
            s,
            KeyStyle {
                name_quoted: true,
                key_quoted: true,
            },
        )?);
    }
    let pod_spec = job_pod_spec(s, key, spec, &field, env)?
        .with("restartPolicy", "Never")
        .with("terminationGracePeriodSeconds", 30);
    Ok(Obj::new()
        .with("apiVersion", "batch/v1")
        .with("kind", "CronJob")
        .with(
            "metadata",
            Obj::new()
                .with("namespace", s.ctx.namespace.as_str())
                .with(
                    "labels",
                    json!({"helm.sh/chart": chart, "cronjob": cron_name, "chart": chart, "release": s.ctx.release}),
                )
                .with("name", format!("{cron_name}-{key}")),
        )
        .with(
            "spec",
            Obj::new()
                .with("concurrencyPolicy", "Forbid")
                .with("failedJobsHistoryLimit", 10)
                .with(
                    "jobTemplate",
                    Obj::new()
                        .with(
                            "metadata",
                            json!({"name": format!("{cron_name}-{key}"), "labels": {"helm.sh/chart": chart, "cronjob": cron_name}}),
                        )
                        .with("spec", json!({"template": {"spec": Value::from(pod_spec)}})),
                )
                .with("schedule", quote(Some(default(spec.get("schedule"), &json!("1 * * * *")))))
                .with("startingDeadlineSeconds", 300)
                .with("successfulJobsHistoryLimit", 3)
                .with("suspend", false),
        )
        .into())
}

/// Renders workers, jobs and cronjobs.
pub(crate) fn render(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    let key_path =
        |parts: [&str; 3]| vec![parts.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>()];
    if s.on("worker.enabled") {
        for (name, config) in sorted_entries(s.get("worker.spec")) {
            out.push(Draft::new(
                "app/templates/worker.yaml",
                key_path(["worker", "spec", name]),
                worker(s, name, config)?,
            ));
        }
    }
    if s.on("job.enabled") {
        for (key, spec) in sorted_entries(s.get("job.spec")) {
            out.push(Draft::new(
                "app/templates/job.yaml",
                key_path(["job", "spec", key]),
                job(s, key, spec)?,
            ));
        }
    }
    if s.on("cronjob.enabled") {
        for (key, spec) in sorted_entries(s.get("cronjob.spec")) {
            out.push(Draft::new(
                "app/templates/cronjob.yaml",
                key_path(["cronjob", "spec", key]),
                cronjob(s, key, spec)?,
            ));
        }
    }
    Ok(())
}
