//! `servicemonitor.yaml` (3.8.0+): ServiceMonitor `{app}`, rendered only
//! when the cluster serves `monitoring.coreos.com/v1`.

use gg_k8app::Feature;
use serde_json::{Value, json};

use super::{Draft, Obj, Tpl, paths};
use crate::MONITORING_API;
use crate::error::RenderError;
use crate::gotmpl::{self, default, truthy};

/// `include "app.labels"` (`app`, `release`, `chart`, written plain), then
/// `extra` labels, then `with <user> | toYaml | nindent 4` (a map merges;
/// anything else is not YAML inside the labels mapping).
pub(crate) fn monitor_labels(
    t: &Tpl<'_>,
    extra: &[(&str, &str)],
    user: Option<&Value>,
    expr: &str,
) -> Result<Value, RenderError> {
    let mut labels = Obj::new()
        .with("app", t.value(t.app()?))
        .with("release", t.value(t.release()))
        .with("chart", t.value(&t.chart_label()));
    for (k, v) in extra {
        labels = labels.with(k, *v);
    }
    if truthy(user) {
        match user {
            Some(Value::Object(_)) => labels = labels.extend(user),
            _ => t.breaks(format!(
                "`{expr}` is not a map: its YAML lands inside the labels mapping"
            )),
        }
    }
    Ok(labels.into())
}

/// Whether the cluster serves the Prometheus Operator's API.
pub(crate) fn served(t: &Tpl<'_>) -> bool {
    t.ctx.api_versions.has(MONITORING_API)
}

fn setting(t: &Tpl<'_>, key: &str, fallback: &str) -> Result<Value, RenderError> {
    let fallback = json!(fallback);
    Ok(t.plain(default(
        t.val(&format!("serviceMonitor.{key}"))?,
        Some(&fallback),
    )))
}

/// `servicemonitor.yaml`.
pub(crate) fn render(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("serviceMonitor.enabled")? || !served(t) {
        return Ok(());
    }
    let app = t.app()?;
    let user = t.val("serviceMonitor.labels")?;
    let mut metadata = Obj::new()
        .with("name", t.value(app))
        .with("namespace", t.value(t.namespace()))
        .with(
            "labels",
            monitor_labels(t, &[], user, ".Values.serviceMonitor.labels")?,
        );
    if t.has(Feature::SyncWaves) {
        metadata = metadata.with("annotations", json!({"argocd.argoproj.io/sync-wave": "1"}));
    }
    let mut endpoint = Obj::new()
        .with("port", setting(t, "port", "http")?)
        .with("path", setting(t, "path", "/metrics")?)
        .with("interval", setting(t, "interval", "30s")?)
        .with("scrapeTimeout", setting(t, "scrapeTimeout", "10s")?);
    for key in ["relabelings", "metricRelabelings"] {
        let value = t.val(&format!("serviceMonitor.{key}"))?;
        if truthy(value) {
            endpoint = endpoint.with(key, gotmpl::to_yaml(value));
        }
    }
    let object = Obj::new()
        .with("apiVersion", "monitoring.coreos.com/v1")
        .with("kind", "ServiceMonitor")
        .with("metadata", metadata)
        .with(
            "spec",
            json!({
                "selector": {"matchLabels": {"app": t.value(app), "release": t.value(t.release())}},
                "namespaceSelector": {"matchNames": [t.item(t.namespace())]},
                "endpoints": [Value::from(endpoint)],
            }),
        );
    out.push(Draft::new(
        t.path,
        paths(&["serviceMonitor.enabled", "serviceMonitor.port"]),
        object.into(),
    ));
    Ok(())
}
