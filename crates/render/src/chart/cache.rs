//! `cache-configmap.yaml`, `cache-deployment.yaml`, `cache-service.yaml`
//! (3.7.0+) and `cache-servicemonitor.yaml` (3.8.0+): an ephemeral Redis.

use serde_json::{Value, json};

use super::monitoring::{monitor_labels, served};
use super::pod::image_of;
use super::{Draft, Obj, Tpl, paths};
use crate::error::RenderError;
use crate::gotmpl::{self, default};

/// `{app}-cache`.
fn cache_name(t: &Tpl<'_>) -> Result<String, RenderError> {
    Ok(format!("{}-cache", t.app()?))
}

fn labels(t: &Tpl<'_>, cache: &str, chart: bool) -> Result<Value, RenderError> {
    let labels = Obj::new()
        .with("app", t.value(cache))
        .with("app.kubernetes.io/component", "cache")
        .with("app.kubernetes.io/part-of", t.value(t.app()?));
    let labels = if chart {
        labels.with("chart", t.chart_label())
    } else {
        labels
    };
    Ok(labels.with("release", t.quoted(t.release())).into())
}

/// The text `cache-configmap.yaml` renders, as Helm's `include` returns it
/// (the Deployment's `checksum/config` is its sha256). Blank lines of the
/// template stay empty; `extraConfig` comes through `nindent 4`, so a line
/// of four spaces precedes it, and its trailing newline leaves one more.
fn config_text(t: &Tpl<'_>, cache: &str) -> Result<String, RenderError> {
    let port = gotmpl::print(t.val("cache.port")?);
    let maxmemory = gotmpl::print(t.val("cache.maxmemory")?);
    let policy = gotmpl::print(t.val("cache.maxmemoryPolicy")?);
    let mut text = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {cache}-config\n  namespace: {}\n  labels:\n    app: {cache}\n    app.kubernetes.io/component: cache\n    app.kubernetes.io/part-of: {}\n    chart: \"{}\"\n    release: \"{}\"\ndata:\n  redis.conf: |\n    # Network\n    bind 0.0.0.0\n    port {port}\n    protected-mode no\n\n    # Memory Management (Ephemeral Cache)\n    maxmemory {maxmemory}\n    maxmemory-policy {policy}\n\n    # Disable persistence (ephemeral by design)\n    save \"\"\n    appendonly no\n\n    # Performance tuning\n    tcp-backlog 511\n    tcp-keepalive 300\n    timeout 0\n\n    # Logging\n    loglevel notice\n\n    # Disable dangerous commands in production\n    rename-command FLUSHDB \"\"\n    rename-command FLUSHALL \"\"\n    rename-command DEBUG \"\"",
        t.namespace(),
        t.app()?,
        t.chart_label(),
        t.release(),
    );
    if t.on("cache.extraConfig")? {
        let extra = t.string(t.val("cache.extraConfig")?, ".Values.cache.extraConfig")?;
        text.push_str("\n    # Extra configuration\n    ");
        text.push_str("\n    ");
        text.push_str(&extra.replace('\n', "\n    "));
    }
    // The file's last line ends with a newline after its closing action.
    text.push('\n');
    Ok(text)
}

/// `cache-configmap.yaml`: the text above, read as Helm reads it.
pub(crate) fn configmap(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("cache.enabled")? {
        return Ok(());
    }
    let text = config_text(t, &cache_name(t)?)?.replace(gotmpl::NO_VALUE, "");
    let object = match gg_yaml::load_documents(text.trim(), t.path, &gg_yaml::Limits::helm()) {
        Ok(docs) => docs.first().map_or(Value::Null, |doc| doc.root.to_json()),
        Err(error) => {
            t.breaks(error.message);
            Value::Null
        }
    };
    out.push(Draft::new(
        t.path,
        paths(&["cache.enabled", "cache.port"]),
        object,
    ));
    Ok(())
}

fn exporter_on(t: &Tpl<'_>) -> Result<bool, RenderError> {
    t.on("cache.exporter.enabled")
}

/// `cache-deployment.yaml`.
pub(crate) fn deployment(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("cache.enabled")? {
        return Ok(());
    }
    let cache = cache_name(t)?;
    let config = config_text(t, &cache)?;
    let mut annotations = Obj::new().with("checksum/config", t.digest(|| &config));
    if exporter_on(t)? {
        let port = gotmpl::print(t.val("cache.exporter.port")?);
        annotations = annotations
            .with("prometheus.io/scrape", "true")
            .with("prometheus.io/port", t.quoted(&port))
            .with("prometheus.io/path", "/metrics");
    }
    let ping = json!({"command": ["redis-cli", "ping"]});
    let mut containers = vec![json!({
        "name": "redis",
        "image": image_of(t, "cache.image")?,
        "imagePullPolicy": "IfNotPresent",
        "command": ["redis-server", "/etc/redis/redis.conf"],
        "ports": [{"name": "redis", "containerPort": t.plain(t.val("cache.port")?), "protocol": "TCP"}],
        "volumeMounts": [{"name": "redis-config", "mountPath": "/etc/redis"}],
        "resources": gotmpl::to_yaml(t.val("cache.resources")?),
        "livenessProbe": {"exec": ping, "initialDelaySeconds": 5, "periodSeconds": 10, "timeoutSeconds": 5},
        "readinessProbe": {"exec": ping, "initialDelaySeconds": 5, "periodSeconds": 5, "timeoutSeconds": 1}
    })];
    if exporter_on(t)? {
        let health = json!({"path": "/health", "port": "metrics"});
        let redis = gotmpl::print(t.val("cache.port")?);
        containers.push(json!({
            "name": "exporter",
            "image": image_of(t, "cache.exporter.image")?,
            "imagePullPolicy": "IfNotPresent",
            "ports": [{"name": "metrics", "containerPort": t.plain(t.val("cache.exporter.port")?), "protocol": "TCP"}],
            "env": [{"name": "REDIS_ADDR", "value": t.quoted(&format!("redis://localhost:{redis}"))}],
            "resources": gotmpl::to_yaml(t.val("cache.exporter.resources")?),
            "livenessProbe": {"httpGet": health, "initialDelaySeconds": 5, "periodSeconds": 10},
            "readinessProbe": {"httpGet": health, "initialDelaySeconds": 5, "periodSeconds": 5}
        }));
    }
    let mut pod = Obj::new();
    if t.on("serviceAccountName")? {
        pod = pod.with("serviceAccountName", t.plain(t.val("serviceAccountName")?));
    }
    let pod = pod
        .with("containers", containers)
        .with(
            "volumes",
            json!([{"name": "redis-config", "configMap": {"name": t.value(&format!("{cache}-config"))}}]),
        );
    let object = Obj::new()
        .with("apiVersion", "apps/v1")
        .with("kind", "Deployment")
        .with(
            "metadata",
            Obj::new()
                .with("name", t.value(&cache))
                .with("namespace", t.value(t.namespace()))
                .with("labels", labels(t, &cache, true)?),
        )
        .with(
            "spec",
            Obj::new()
                .with("replicas", 1)
                .with("selector", json!({"matchLabels": {"app": t.value(&cache), "release": t.quoted(t.release())}}))
                .with("strategy", json!({"type": "Recreate"}))
                .with(
                    "template",
                    Obj::new()
                        .with(
                            "metadata",
                            Obj::new()
                                .with("annotations", annotations)
                                .with("labels", labels(t, &cache, false)?),
                        )
                        .with("spec", pod),
                ),
        );
    out.push(Draft::new(
        t.path,
        paths(&["cache.enabled", "cache.port"]),
        object.into(),
    ));
    Ok(())
}

/// `cache-service.yaml`.
pub(crate) fn service(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("cache.enabled")? {
        return Ok(());
    }
    let cache = cache_name(t)?;
    let mut ports = vec![
        json!({"name": "redis", "port": t.plain(t.val("cache.port")?), "targetPort": "redis", "protocol": "TCP"}),
    ];
    if exporter_on(t)? {
        ports.push(json!({"name": "metrics", "port": t.plain(t.val("cache.exporter.port")?), "targetPort": "metrics", "protocol": "TCP"}));
    }
    let object = Obj::new()
        .with("apiVersion", "v1")
        .with("kind", "Service")
        .with(
            "metadata",
            Obj::new()
                .with("name", t.value(&format!("{cache}-sv")))
                .with("namespace", t.value(t.namespace()))
                .with("labels", labels(t, &cache, true)?),
        )
        .with(
            "spec",
            json!({"type": "ClusterIP", "ports": ports, "selector": {"app": t.value(&cache), "release": t.quoted(t.release())}}),
        );
    out.push(Draft::new(
        t.path,
        paths(&["cache.enabled", "cache.port"]),
        object.into(),
    ));
    Ok(())
}

/// `cache-servicemonitor.yaml` (3.8.0+).
pub(crate) fn service_monitor(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    let on = t.on("cache.enabled")?
        && t.on("cache.exporter.enabled")?
        && t.on("cache.exporter.serviceMonitor.enabled")?;
    if !on || !served(t) {
        return Ok(());
    }
    let cache = cache_name(t)?;
    let user = t.val("cache.exporter.serviceMonitor.labels")?;
    let labels = monitor_labels(
        t,
        &[("app.kubernetes.io/component", "cache")],
        user,
        ".Values.cache.exporter.serviceMonitor.labels",
    )?;
    let thirty = json!("30s");
    let interval = t.plain(default(
        t.val("cache.exporter.serviceMonitor.interval")?,
        Some(&thirty),
    ));
    let object = Obj::new()
        .with("apiVersion", "monitoring.coreos.com/v1")
        .with("kind", "ServiceMonitor")
        .with(
            "metadata",
            Obj::new()
                .with("name", t.value(&cache))
                .with("namespace", t.value(t.namespace()))
                .with("labels", labels),
        )
        .with(
            "spec",
            json!({
                "selector": {"matchLabels": {"app": t.value(&cache), "release": t.value(t.release())}},
                "namespaceSelector": {"matchNames": [t.item(t.namespace())]},
                "endpoints": [{"port": "metrics", "path": "/metrics", "interval": interval}]
            }),
        );
    out.push(Draft::new(
        t.path,
        paths(&["cache.enabled", "cache.port"]),
        object.into(),
    ));
    Ok(())
}
