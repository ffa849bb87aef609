//! `servicemonitor.yaml` (3.8.0+, rendered when the cluster serves
//! `monitoring.coreos.com/v1`).

use gg_k8app::Feature;
use serde_json::{Map, Value, json};

use super::{Draft, Obj, Scope, paths};
use crate::error::RenderError;
use crate::tmpl::{default, plain, to_yaml};

/// `app.labels` (`app`, `release`, `chart`) followed by extra labels.
pub(crate) fn monitor_labels(s: &Scope<'_>, extra: &[(&str, &str)], user: Option<&Value>) -> Value {
    let mut labels = Map::new();
    labels.insert("app".to_owned(), json!(s.app));
    labels.insert("release".to_owned(), json!(s.ctx.release));
    labels.insert("chart".to_owned(), json!(s.chart_label()));
    for (k, v) in extra {
        labels.insert((*k).to_owned(), json!(v));
    }
    if let Some(Value::Object(user)) = user.map(to_yaml) {
        labels.extend(user);
    }
    Value::Object(labels)
}

fn setting(s: &Scope<'_>, key: &str, fallback: &str) -> Result<Value, RenderError> {
    let path = format!("serviceMonitor.{key}");
    plain(Some(default(s.get(&path), &json!(fallback))), &path)
}

/// Renders the app's ServiceMonitor.
pub(crate) fn render(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !(s.has(Feature::ServiceMonitor) && s.ctx.monitoring_api && s.on("serviceMonitor.enabled")) {
        return Ok(());
    }
    let endpoint = Obj::new()
        .with("port", setting(s, "port", "http")?)
        .with("path", setting(s, "path", "/metrics")?)
        .with("interval", setting(s, "interval", "30s")?)
        .with("scrapeTimeout", setting(s, "scrapeTimeout", "10s")?)
        .with_if(s.on("serviceMonitor.relabelings"), "relabelings", || {
            s.get("serviceMonitor.relabelings")
                .map_or(Value::Null, to_yaml)
        })
        .with_if(
            s.on("serviceMonitor.metricRelabelings"),
            "metricRelabelings",
            || {
                s.get("serviceMonitor.metricRelabelings")
                    .map_or(Value::Null, to_yaml)
            },
        );
    let object = Obj::new()
        .with("apiVersion", "monitoring.coreos.com/v1")
        .with("kind", "ServiceMonitor")
        .with(
            "metadata",
            Obj::new()
                .with("name", s.app.as_str())
                .with("namespace", s.ctx.namespace.as_str())
                .with(
                    "labels",
                    monitor_labels(s, &[], s.get("serviceMonitor.labels")),
                ),
        )
        .with(
            "spec",
            Obj::new()
                .with("selector", json!({"matchLabels": s.selector()}))
                .with(
                    "namespaceSelector",
                    json!({"matchNames": [s.ctx.namespace]}),
                )
                .with("endpoints", json!([Value::from(endpoint)])),
        );
    out.push(Draft::new(
        "app/templates/servicemonitor.yaml",
        paths(&["serviceMonitor.enabled", "serviceMonitor.port"]),
        object.into(),
    ));
    Ok(())
}
