//! `cache-configmap.yaml`, `cache-deployment.yaml`, `cache-service.yaml`
//! (3.7.0+) and `cache-servicemonitor.yaml` (3.8.0+): an ephemeral Redis.

use gg_k8app::Feature;
use serde_json::{Value, json};

use super::monitoring::monitor_labels;
use super::{Draft, Obj, Scope, paths};
use crate::error::RenderError;
use crate::tmpl::{default, plain, text, to_yaml};

fn labels(s: &Scope<'_>, cache: &str, chart: bool) -> Value {
    Obj::new()
        .with("app", cache)
        .with("app.kubernetes.io/component", "cache")
        .with("app.kubernetes.io/part-of", s.app.as_str())
        .with_if(chart, "chart", || json!(s.chart_label()))
        .with("release", s.ctx.release.as_str())
        .into()
}

/// The text `cache-configmap.yaml` renders (its sha256 is the Deployment's
/// `checksum/config`), and the `redis.conf` value YAML reads out of it.
fn config_text(s: &Scope<'_>, cache: &str) -> (String, String) {
    let base = format!(
        "# Network\nbind 0.0.0.0\nport {}\nprotected-mode no\n\n# Memory Management (Ephemeral Cache)\nmaxmemory {}\nmaxmemory-policy {}\n\n# Disable persistence (ephemeral by design)\nsave \"\"\nappendonly no\n\n# Performance tuning\ntcp-backlog 511\ntcp-keepalive 300\ntimeout 0\n\n# Logging\nloglevel notice\n\n# Disable dangerous commands in production\nrename-command FLUSHDB \"\"\nrename-command FLUSHALL \"\"\nrename-command DEBUG \"\"",
        text(s.get("cache.port")),
        text(s.get("cache.maxmemory")),
        text(s.get("cache.maxmemoryPolicy")),
    );
    // Blank lines of the template are empty; `nindent 4` indents every line.
    let mut block: String = base
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("    {line}\n")
            }
        })
        .collect();
    if s.on("cache.extraConfig") {
        let extra = text(s.get("cache.extraConfig"));
        block.push_str("    # Extra configuration\n    \n");
        for line in extra.trim_end().split('\n') {
            block.push_str(&format!("    {line}\n"));
        }
    }
    let document = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {cache}-config\n  namespace: {}\n  labels:\n    app: {cache}\n    app.kubernetes.io/component: cache\n    app.kubernetes.io/part-of: {}\n    chart: \"{}\"\n    release: \"{}\"\ndata:\n  redis.conf: |\n{block}",
        s.ctx.namespace,
        s.app,
        s.chart_label(),
        s.ctx.release,
    );
    let value: Vec<&str> = block
        .lines()
        .map(|line| {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            line.get(spaces.min(4)..).unwrap_or("")
        })
        .collect();
    let value = format!("{}\n", value.join("\n").trim_end_matches('\n'));
    (document, value)
}

fn exporter_on(s: &Scope<'_>) -> bool {
    s.on("cache.exporter.enabled")
}

fn deployment(s: &Scope<'_>, cache: &str, checksum: String) -> Result<Value, RenderError> {
    let image = |prefix: &str| {
        format!(
            "{}:{}",
            text(s.get(&format!("{prefix}.repository"))),
            text(s.get(&format!("{prefix}.tag")))
        )
    };
    let mut annotations = Obj::new().with("checksum/config", checksum);
    if exporter_on(s) {
        annotations = annotations
            .with("prometheus.io/scrape", "true")
            .with("prometheus.io/port", text(s.get("cache.exporter.port")))
            .with("prometheus.io/path", "/metrics");
    }
    let ping = json!({"command": ["redis-cli", "ping"]});
    let mut containers = vec![json!({
        "name": "redis",
        "image": image("cache.image"),
        "imagePullPolicy": "IfNotPresent",
        "command": ["redis-server", "/etc/redis/redis.conf"],
        "ports": [{"name": "redis", "containerPort": plain(s.get("cache.port"), "cache.port")?, "protocol": "TCP"}],
        "volumeMounts": [{"name": "redis-config", "mountPath": "/etc/redis"}],
        "resources": s.get("cache.resources").map_or(Value::Null, to_yaml),
        "livenessProbe": {"exec": ping, "initialDelaySeconds": 5, "periodSeconds": 10, "timeoutSeconds": 5},
        "readinessProbe": {"exec": ping, "initialDelaySeconds": 5, "periodSeconds": 5, "timeoutSeconds": 1}
    })];
    if exporter_on(s) {
        let health = json!({"path": "/health", "port": "metrics"});
        containers.push(json!({
            "name": "exporter",
            "image": image("cache.exporter.image"),
            "imagePullPolicy": "IfNotPresent",
            "ports": [{"name": "metrics", "containerPort": plain(s.get("cache.exporter.port"), "cache.exporter.port")?, "protocol": "TCP"}],
            "env": [{"name": "REDIS_ADDR", "value": format!("redis://localhost:{}", text(s.get("cache.port")))}],
            "resources": s.get("cache.exporter.resources").map_or(Value::Null, to_yaml),
            "livenessProbe": {"httpGet": health, "initialDelaySeconds": 5, "periodSeconds": 10},
            "readinessProbe": {"httpGet": health, "initialDelaySeconds": 5, "periodSeconds": 5}
        }));
    }
    let pod_spec = Obj::new()
        .with_opt(
            "serviceAccountName",
            s.on("serviceAccountName")
                .then(|| plain(s.get("serviceAccountName"), "serviceAccountName"))
                .transpose()?,
        )
        .with("containers", containers)
        .with(
            "volumes",
            json!([{"name": "redis-config", "configMap": {"name": format!("{cache}-config")}}]),
        );
    Ok(Obj::new()
        .with("apiVersion", "apps/v1")
        .with("kind", "Deployment")
        .with(
            "metadata",
            Obj::new()
                .with("name", cache)
                .with("namespace", s.ctx.namespace.as_str())
                .with("labels", labels(s, cache, true)),
        )
        .with(
            "spec",
            Obj::new()
                .with("replicas", 1)
                .with(
                    "selector",
                    json!({"matchLabels": {"app": cache, "release": s.ctx.release}}),
                )
                .with("strategy", json!({"type": "Recreate"}))
                .with(
                    "template",
                    Obj::new()
                        .with(
                            "metadata",
                            Obj::new()
                                .with("annotations", annotations)
                                .with("labels", labels(s, cache, false)),
                        )
                        .with("spec", pod_spec),
                ),
        )
        .into())
}

fn service(s: &Scope<'_>, cache: &str) -> Result<Value, RenderError> {
    let mut ports = vec![
        json!({"name": "redis", "port": plain(s.get("cache.port"), "cache.port")?, "targetPort": "redis", "protocol": "TCP"}),
    ];
    if exporter_on(s) {
        ports.push(json!({"name": "metrics", "port": plain(s.get("cache.exporter.port"), "cache.exporter.port")?, "targetPort": "metrics", "protocol": "TCP"}));
    }
    Ok(Obj::new()
        .with("apiVersion", "v1")
        .with("kind", "Service")
        .with(
            "metadata",
            Obj::new()
                .with("name", format!("{cache}-sv"))
                .with("namespace", s.ctx.namespace.as_str())
                .with("labels", labels(s, cache, true)),
        )
        .with(
            "spec",
            json!({"type": "ClusterIP", "ports": ports, "selector": {"app": cache, "release": s.ctx.release}}),
        )
        .into())
}

fn service_monitor(s: &Scope<'_>, cache: &str) -> Result<Value, RenderError> {
    let interval = plain(
        Some(default(
            s.get("cache.exporter.serviceMonitor.interval"),
            &json!("30s"),
        )),
        "cache.exporter.serviceMonitor.interval",
    )?;
    Ok(Obj::new()
        .with("apiVersion", "monitoring.coreos.com/v1")
        .with("kind", "ServiceMonitor")
        .with(
            "metadata",
            Obj::new()
                .with("name", cache)
                .with("namespace", s.ctx.namespace.as_str())
                .with(
                    "labels",
                    monitor_labels(
                        s,
                        &[("app.kubernetes.io/component", "cache")],
                        s.get("cache.exporter.serviceMonitor.labels"),
                    ),
                ),
        )
        .with(
            "spec",
            json!({
                "selector": {"matchLabels": {"app": cache, "release": s.ctx.release}},
                "namespaceSelector": {"matchNames": [s.ctx.namespace]},
                "endpoints": [{"port": "metrics", "path": "/metrics", "interval": interval}]
            }),
        )
        .into())
}

/// Renders the cache objects when `cache.enabled` (3.7.0+).
pub(crate) fn render(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !(s.has(Feature::Cache) && s.on("cache.enabled")) {
        return Ok(());
    }
    let cache = format!("{}-cache", s.app);
    let (document, conf) = config_text(s, &cache);
    let configmap = Obj::new()
        .with("apiVersion", "v1")
        .with("kind", "ConfigMap")
        .with(
            "metadata",
            Obj::new()
                .with("name", format!("{cache}-config"))
                .with("namespace", s.ctx.namespace.as_str())
                .with("labels", labels(s, &cache, true)),
        )
        .with("data", json!({"redis.conf": conf}));
    let values = paths(&["cache.enabled", "cache.port"]);
    out.push(Draft::new(
        "app/templates/cache-configmap.yaml",
        values.clone(),
        configmap.into(),
    ));
    out.push(Draft::new(
        "app/templates/cache-deployment.yaml",
        values.clone(),
        deployment(s, &cache, s.digest(|| &document))?,
    ));
    out.push(Draft::new(
        "app/templates/cache-service.yaml",
        values.clone(),
        service(s, &cache)?,
    ));
    let monitored = s.on("cache.exporter.enabled") && s.on("cache.exporter.serviceMonitor.enabled");
    if s.has(Feature::ServiceMonitor) && s.ctx.monitoring_api && monitored {
        out.push(Draft::new(
            "app/templates/cache-servicemonitor.yaml",
            values,
            service_monitor(s, &cache)?,
        ));
    }
    Ok(())
}
