//! `configmap.yaml` (env ConfigMap `{app}`) and `configfiles.yaml` (file
//! ConfigMaps `{app}-config` and `{app}-{extension}-config`).

use serde_json::{Map, Value, json};

use super::{Draft, Obj, Scope, paths};
use crate::error::RenderError;
use crate::tmpl::{at, quote, sorted_entries, text, truthy};

/// The hook annotations the env and file ConfigMaps carry in 3.4-3.8.
fn hook_annotations() -> Value {
    json!({
        "helm.sh/hook": "pre-install,pre-upgrade",
        "helm.sh/hook-delete-policy": "before-hook-creation",
        "helm.sh/hook-weight": "-5"
    })
}

fn configmap(s: &Scope<'_>, name: String, data: Map<String, Value>) -> Value {
    let labels = Obj::new()
        .with("app", s.app.as_str())
        .with("appver", s.appver())
        .with("chart", s.chart_label())
        .with("release", s.ctx.release.as_str())
        .with("helm.sh/chart", s.chart_label());
    Obj::new()
        .with("apiVersion", "v1")
        .with("kind", "ConfigMap")
        .with(
            "metadata",
            Obj::new()
                .with("name", name)
                .with("namespace", s.ctx.namespace.as_str())
                .with("labels", labels)
                .with("annotations", hook_annotations()),
        )
        .with("data", Value::Object(data))
        .into()
}

/// `data:` of a files ConfigMap: every value through `tpl`, then quoted. Text
/// holding `{{` would be evaluated by Helm; it is kept verbatim here (noted).
fn files_data(data: Option<&Value>, field: &str, notes: &mut Vec<String>) -> Map<String, Value> {
    sorted_entries(data)
        .into_iter()
        .map(|(key, value)| {
            let content = text(Some(value));
            if content.contains("{{") {
                notes.push(format!(
                    "`{field}.{key}` holds `{{{{`: Helm evaluates it with `tpl`; shown unevaluated"
                ));
            }
            (key.clone(), Value::String(content))
        })
        .collect()
}

/// Renders the env ConfigMap and the file ConfigMaps.
pub(crate) fn render(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if s.on("configmap") {
        let data: Map<String, Value> = sorted_entries(s.get("configmap"))
            .into_iter()
            .map(|(key, value)| (key.clone(), quote(Some(value))))
            .collect();
        out.push(Draft::new(
            "app/templates/configmap.yaml",
            paths(&["configmap"]),
            configmap(s, s.app.clone(), data),
        ));
    }
    if s.on("configfiles") {
        let mut notes = Vec::new();
        let data = files_data(s.get("configfiles.data"), "configfiles.data", &mut notes);
        let mut draft = Draft::new(
            "app/templates/configfiles.yaml",
            paths(&["configfiles"]),
            configmap(s, format!("{}-config", s.app), data),
        );
        draft.notes = notes;
        out.push(draft);
    }
    let with_files: Vec<_> = sorted_entries(s.get("extensions"))
        .into_iter()
        .filter(|(_, spec)| truthy(spec.get("configfiles")))
        .collect();
    if with_files.len() > 1 {
        // The template writes no `---` between the extensions' ConfigMaps.
        return Err(RenderError::Template {
            template: "app/templates/configfiles.yaml".to_owned(),
            detail: "two or more `extensions` have `configfiles`: k8app writes their ConfigMaps into one YAML document (duplicate keys)".to_owned(),
        });
    }
    for (ext, spec) in with_files {
        let mut notes = Vec::new();
        let field = format!("extensions.{ext}.configfiles.data");
        let data = files_data(at(spec, &["configfiles", "data"]), &field, &mut notes);
        let mut draft = Draft::new(
            "app/templates/configfiles.yaml",
            vec![vec![
                "extensions".to_owned(),
                ext.clone(),
                "configfiles".to_owned(),
            ]],
            configmap(s, format!("{}-{ext}-config", s.app), data),
        );
        draft.notes = notes;
        out.push(draft);
    }
    Ok(())
}
