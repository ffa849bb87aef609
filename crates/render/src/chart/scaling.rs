//! `kube-hpa.yaml` (HorizontalPodAutoscaler) and `pdb.yaml`
//! (PodDisruptionBudget).

use gg_k8app::Feature;
use serde_json::{Value, json};

use super::{Draft, Obj, Tpl, list_or_null, paths};
use crate::error::RenderError;

use crate::gotmpl::{self, default, truthy};

/// Whether `toYaml <value>` is one `key: scalar` line (or a scalar).
fn one_line(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Object(map)) => map.len() == 1 && map.values().all(is_inline),
        Some(Value::Array(_)) => false,
        _ => true,
    }
}

fn is_inline(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::String(s) => !s.contains('\n'),
        _ => true,
    }
}

/// The HPA's annotations: up to 3.10.0 `{{ toYaml … | indent 4 }}` after
/// four spaces (only a one-line map reads back); from 3.10.1 the sync wave,
/// then the map's entries.
fn hpa_annotations(t: &Tpl<'_>) -> Result<Option<Value>, RenderError> {
    let user = if t.on("hpa.annotations")? {
        Some(t.val("hpa.annotations")?)
    } else {
        None
    };
    if !t.has(Feature::SyncWaves) {
        let Some(user) = user else { return Ok(None) };
        if !one_line(user) {
            t.breaks("`hpa.annotations` of more than one line: k8app indents its first line deeper than the others (fixed in 3.10.1)");
        }
        return Ok(Some(gotmpl::to_yaml(user)));
    }
    let annotations = Obj::new().with("argocd.argoproj.io/sync-wave", "2");
    let annotations = match user {
        None => annotations,
        Some(extra @ Some(Value::Object(_))) => annotations.extend(extra),
        Some(_) => {
            t.breaks(
                "`hpa.annotations` is not a map: its YAML lands inside the annotations mapping",
            );
            annotations
        }
    };
    Ok(Some(annotations.into()))
}

fn metric(t: &Tpl<'_>, name: &str, value: Option<&Value>) -> Value {
    let seventy = json!("70");
    json!({
        "type": "Resource",
        "resource": {
            "name": name,
            "target": {"type": "Utilization", "averageUtilization": t.plain(default(value, Some(&seventy)))}
        }
    })
}

/// `kube-hpa.yaml`.
pub(crate) fn hpa(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("hpa.enabled")? {
        return Ok(());
    }
    let app_name = t.plain(t.val("appName")?);
    let annotations = hpa_annotations(t)?;
    t.app_by_template()?;
    let labels = t.labels()?;
    let (one, six, hundred) = (json!("1"), json!("6"), json!("100"));
    let mut spec = Obj::new()
        .with(
            "scaleTargetRef",
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "name": app_name}),
        )
        .with(
            "minReplicas",
            t.plain(default(t.val("replicas")?, Some(&one))),
        )
        .with(
            "maxReplicas",
            t.plain(default(t.val("hpa.maxReplicas")?, Some(&six))),
        );
    if t.on("hpa.behavior")? {
        // `behavior:` then `{{- toYaml … | indent 4 }}` on the same line: a
        // scalar reads back, a map or list is not YAML there.
        let behavior = t.val("hpa.behavior")?;
        match behavior {
            Some(Value::Object(_) | Value::Array(_)) => {
                t.breaks("`hpa.behavior` lands on the `behavior:` line: only a scalar reads back");
            }
            _ => spec = spec.with("behavior", gotmpl::to_yaml(behavior)),
        }
    }
    let mut metrics = Vec::new();
    if t.on("hpa.cpu")? {
        metrics.push(metric(t, "cpu", t.val("hpa.cpu")?));
    }
    if t.on("hpa.memory")? {
        metrics.push(metric(t, "memory", t.val("hpa.memory")?));
    }
    if t.on("hpa.customMetric")? {
        metrics.push(json!({
            "type": "Object",
            "object": {
                "metric": {"name": t.plain(t.val("hpa.customMetric")?)},
                "describedObject": {"apiVersion": "v1", "kind": "Service", "name": t.plain(t.val("hpa.customResource")?)},
                "target": {"type": "Value", "value": t.plain(default(t.val("hpa.customTarget")?, Some(&hundred)))}
            }
        }));
    }
    let spec = spec.with("metrics", list_or_null(metrics));
    let object = Obj::new()
        .with("apiVersion", "autoscaling/v2")
        .with("kind", "HorizontalPodAutoscaler")
        .with(
            "metadata",
            Obj::new()
                .with("name", app_name)
                .with_opt("annotations", annotations)
                .with("labels", labels),
        )
        .with("spec", spec);
    out.push(Draft::new(
        t.path,
        paths(&["hpa.enabled", "hpa.maxReplicas", "replicas"]),
        object.into(),
    ));
    Ok(())
}

/// `pdb.yaml`. Both `minAvailable` and `maxUnavailable` render when set
/// (the chart default `maxUnavailable: 1` survives a user's `minAvailable`).
pub(crate) fn pdb(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("pdb.enabled")? {
        return Ok(());
    }
    t.app_by_template()?;
    let fallback = json!(if t.has(Feature::PdbPolicyV1Default) {
        "policy/v1"
    } else {
        "policy/v1beta1"
    });
    let api_version = t.plain(default(t.val("pdb.apiVersion")?, Some(&fallback)));
    let mut metadata = Obj::new().with("namespace", t.value(t.namespace()));
    if t.on("pdb.annotations")? {
        metadata = metadata.with(
            "annotations",
            t.value(&gotmpl::to_json(t.val("pdb.annotations")?)),
        );
    }
    let labels = t.versioned_labels(t.app()?)?;
    let metadata = metadata
        .with("labels", labels)
        .with("name", t.plain(t.val("appName")?));
    let mut spec = Obj::new();
    for key in ["minAvailable", "maxUnavailable"] {
        let value = t.val(&format!("pdb.{key}"))?;
        if truthy(value) {
            spec = spec.with(key, t.plain(value));
        }
    }
    let spec: Value = spec.into();
    let spec = if spec.as_object().is_some_and(serde_json::Map::is_empty) {
        Value::Null
    } else {
        spec
    };
    let removed = api_version.as_str().and_then(|version| {
        t.unserved(version, "PodDisruptionBudget").map(|problem| {
            let fix = if t.has(Feature::PdbPolicyV1Default) {
                "remove `pdb.apiVersion` (k8app's default is `policy/v1`)".to_owned()
            } else {
                format!(
                    "set `pdb.apiVersion: policy/v1` (k8app {} defaults to `policy/v1beta1`)",
                    t.chart()
                )
            };
            problem
                .with_fix(&fix)
                .caused_by("pdb.apiVersion")
                .caused_by("pdb.enabled")
        })
    });
    let object = Obj::new()
        .with("apiVersion", api_version)
        .with("kind", "PodDisruptionBudget")
        .with("metadata", metadata)
        .with("spec", spec);
    let mut draft = Draft::new(
        t.path,
        paths(&[
            "pdb.enabled",
            "pdb.minAvailable",
            "pdb.maxUnavailable",
            "pdb.apiVersion",
        ]),
        object.into(),
    );
    draft.problems.extend(removed);
    out.push(draft);
    Ok(())
}
