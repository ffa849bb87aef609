//! `kube-hpa.yaml` (HorizontalPodAutoscaler) and `pdb.yaml`
//! (PodDisruptionBudget, reproducing the chart's min+max behaviour).

use serde_json::{Value, json};

use super::{Draft, Obj, Scope, list_or_null, paths};
use crate::error::RenderError;
use crate::tmpl::{default, plain, plain_in, to_yaml, truthy};

fn utilization(resource: &str, value: &Value) -> Result<Value, RenderError> {
    Ok(json!({
        "type": "Resource",
        "resource": {
            "name": resource,
            "target": {"type": "Utilization", "averageUtilization": plain_in(Some(value), "hpa", resource)?}
        }
    }))
}

fn hpa(s: &Scope<'_>) -> Result<Value, RenderError> {
    const TEMPLATE: &str = "app/templates/kube-hpa.yaml";
    let broken = |detail: &str| RenderError::Template {
        template: TEMPLATE.to_owned(),
        detail: detail.to_owned(),
    };
    let annotations = s.get("hpa.annotations");
    if annotations
        .and_then(Value::as_object)
        .is_some_and(|m| m.len() > 1)
    {
        return Err(broken(
            "`hpa.annotations` with two or more keys renders an HPA that is not valid YAML (`indent 4` after spaces)",
        ));
    }
    if s.on("hpa.behavior") {
        return Err(broken(
            "`hpa.behavior` renders `behavior:` glued to its first key (`{{- toYaml … | indent 4 }}`): not valid YAML",
        ));
    }
    let mut metrics = Vec::new();
    if let Some(cpu) = s.get("hpa.cpu").filter(|v| truthy(Some(v))) {
        metrics.push(utilization("cpu", cpu)?);
    }
    if let Some(memory) = s.get("hpa.memory").filter(|v| truthy(Some(v))) {
        metrics.push(utilization("memory", memory)?);
    }
    if s.on("hpa.customMetric") {
        metrics.push(json!({
            "type": "Object",
            "object": {
                "metric": {"name": plain(s.get("hpa.customMetric"), "hpa.customMetric")?},
                "describedObject": {"apiVersion": "v1", "kind": "Service", "name": plain(s.get("hpa.customResource"), "hpa.customResource")?},
                "target": {"type": "Value", "value": plain(Some(default(s.get("hpa.customTarget"), &json!("100"))), "hpa.customTarget")?}
            }
        }));
    }
    let name = plain(s.get("appName"), "appName")?;
    Ok(Obj::new()
        .with("apiVersion", "autoscaling/v2")
        .with("kind", "HorizontalPodAutoscaler")
        .with(
            "metadata",
            Obj::new()
                .with("name", name.clone())
                .with_if(truthy(annotations), "annotations", || {
                    annotations.map_or(Value::Null, to_yaml)
                })
                .with("labels", s.labels()),
        )
        .with(
            "spec",
            Obj::new()
                .with(
                    "scaleTargetRef",
                    json!({"apiVersion": "apps/v1", "kind": "Deployment", "name": name}),
                )
                .with(
                    "minReplicas",
                    plain(Some(default(s.get("replicas"), &json!("1"))), "replicas")?,
                )
                .with(
                    "maxReplicas",
                    plain(
                        Some(default(s.get("hpa.maxReplicas"), &json!("6"))),
                        "hpa.maxReplicas",
                    )?,
                )
                .with("metrics", list_or_null(metrics)),
        )
        .into())
}

fn pdb(s: &Scope<'_>) -> Result<Value, RenderError> {
    let labels = Obj::new()
        .with("app", s.app.as_str())
        .with("appver", s.appver())
        .with("chart", s.chart_label())
        .with("release", s.ctx.release.as_str());
    let mut spec = Obj::new();
    for key in ["minAvailable", "maxUnavailable"] {
        let path = format!("pdb.{key}");
        if s.on(&path) {
            spec = spec.with(key, plain(s.get(&path), &path)?);
        }
    }
    let spec: Value = spec.into();
    let spec = if spec.as_object().is_some_and(serde_json::Map::is_empty) {
        Value::Null
    } else {
        spec
    };
    Ok(Obj::new()
        .with(
            "apiVersion",
            plain(
                Some(default(s.get("pdb.apiVersion"), &json!("policy/v1beta1"))),
                "pdb.apiVersion",
            )?,
        )
        .with("kind", "PodDisruptionBudget")
        .with(
            "metadata",
            Obj::new()
                .with("namespace", s.ctx.namespace.as_str())
                .with_if(s.on("pdb.annotations"), "annotations", || {
                    s.get("pdb.annotations").map_or(Value::Null, to_yaml)
                })
                .with("labels", labels)
                .with("name", plain(s.get("appName"), "appName")?),
        )
        .with("spec", spec)
        .into())
}

/// Renders the HPA and the PDB.
pub(crate) fn render(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if s.on("hpa.enabled") {
        out.push(Draft::new(
            "app/templates/kube-hpa.yaml",
            paths(&["hpa.enabled", "hpa.maxReplicas", "replicas"]),
            hpa(s)?,
        ));
    }
    if s.on("pdb.enabled") {
        out.push(Draft::new(
            "app/templates/pdb.yaml",
            paths(&[
                "pdb.enabled",
                "pdb.minAvailable",
                "pdb.maxUnavailable",
                "pdb.apiVersion",
            ]),
            pdb(s)?,
        ));
    }
    Ok(())
}
