//! `alert-rules.yaml`: PrometheusRule `{release}.rules` from `alerting.rules`.

use serde_json::{Map, Value, json};

use super::{Draft, Obj, Tpl, list_or_null, paths};
use crate::error::RenderError;

/// `range $key, $value := <map>` written as `{{ $key }}: <value>` lines.
fn entries(
    t: &Tpl<'_>,
    map: Option<&Value>,
    expr: &str,
    quoted: bool,
) -> Result<Value, RenderError> {
    let mut out = Map::new();
    for (key, value) in t.range(map, expr)? {
        let value = if quoted {
            t.quote(Some(value))
        } else {
            t.plain(Some(value))
        };
        out.insert(t.key(&key.text), value);
    }
    Ok(if out.is_empty() {
        Value::Null
    } else {
        Value::Object(out)
    })
}

/// `alert-rules.yaml`, when `alerting` is set.
pub(crate) fn render(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("alerting")? {
        return Ok(());
    }
    let name = format!("{}.rules", t.release());
    let mut rules = Vec::new();
    for (alert, rule) in t.range(t.val("alerting.rules")?, ".Values.alerting.rules")? {
        let rule = Some(rule);
        let annotations = entries(
            t,
            t.at(rule, "annotations", "$value.annotations")?,
            "$value.annotations",
            true,
        )?;
        let expr = t.plain(t.at(rule, "expr", "$value.expr")?);
        let duration = t.plain(t.at(rule, "for", "$value.for")?);
        let labels = entries(
            t,
            t.at(rule, "labels", "$value.labels")?,
            "$value.labels",
            false,
        )?;
        rules.push(json!({
            "alert": t.value(&alert.text),
            "annotations": annotations,
            "expr": expr,
            "for": duration,
            "labels": labels,
        }));
    }
    let object = Obj::new()
        .with("apiVersion", "monitoring.coreos.com/v1")
        .with("kind", "PrometheusRule")
        .with(
            "metadata",
            Obj::new()
                .with(
                    "labels",
                    json!({"app": "prometheus-operator", "release": "prometheus"}),
                )
                .with("name", t.value(&name))
                .with("namespace", t.value(t.namespace())),
        )
        .with(
            "spec",
            json!({"groups": [{"name": t.value(&name), "rules": list_or_null(rules)}]}),
        );
    out.push(Draft::new(
        t.path,
        paths(&["alerting.rules"]),
        object.into(),
    ));
    Ok(())
}
