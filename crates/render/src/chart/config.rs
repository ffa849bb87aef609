//! `configmap.yaml` (the env ConfigMap `{app}`) and `configfiles.yaml` (the
//! file ConfigMaps `{app}-config` and `{app}-{extension}-config`).

use gg_k8app::Feature;
use serde_json::{Map, Value, json};

use super::tpl::{TplError, evaluate};
use super::{Draft, Obj, Tpl, paths};
use crate::error::RenderError;
use crate::gotmpl;
use crate::problem::Problem;

/// The labels and annotations both templates give their ConfigMaps.
fn configmap(t: &Tpl<'_>, app: &str, name: &str, data: Value) -> Result<Value, RenderError> {
    let labels = t
        .versioned_labels(app)?
        .with("helm.sh/chart", t.chart_label());
    let mut annotations = Obj::new();
    if t.has(Feature::SyncWaves) {
        annotations = annotations.with("argocd.argoproj.io/sync-wave", "-1");
    }
    let annotations = annotations
        .with("helm.sh/hook", "pre-install,pre-upgrade")
        .with("helm.sh/hook-delete-policy", "before-hook-creation")
        .with("helm.sh/hook-weight", "-5");
    Ok(Obj::new()
        .with("apiVersion", "v1")
        .with("kind", "ConfigMap")
        .with(
            "metadata",
            Obj::new()
                .with("name", t.value(name))
                .with("namespace", t.value(t.namespace()))
                .with("labels", labels)
                .with("annotations", annotations),
        )
        .with("data", data)
        .into())
}

/// `{{ include "configmap.resolveValue" … | quote }}` (3.12.0+): `{env}`
/// replaced by `.Values.environment` (3.12.1 prints non-strings first).
fn resolve_value(t: &Tpl<'_>, value: &Value) -> Result<String, RenderError> {
    let text = if t.has(Feature::ConfigMapToString) {
        gotmpl::to_string(Some(value))
    } else {
        t.string(Some(value), ".value")?.to_owned()
    };
    let environment = t.string(t.val("environment")?, ".root.Values.environment")?;
    Ok(text.replace("{env}", environment))
}

/// `configmap.yaml`.
pub(crate) fn env(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("configmap")? {
        return Ok(());
    }
    let app = t.app()?;
    let mut data = Map::new();
    for (key, value) in t.range(t.val("configmap")?, ".Values.configmap")? {
        let value = if t.has(Feature::ConfigMapEnvPlaceholder) {
            Value::String(resolve_value(t, value)?)
        } else {
            t.quote(Some(value))
        };
        data.insert(t.key(&key.text), value);
    }
    out.push(Draft::new(
        t.path,
        paths(&["configmap"]),
        configmap(t, app, app, Value::Object(data))?,
    ));
    Ok(())
}

/// `data:` of a files ConfigMap: each value through `tpl`, then quoted.
/// `data_path` is where the map is in the values, for the problems.
fn files_data(
    t: &Tpl<'_>,
    data: Option<&Value>,
    expr: &str,
    data_path: &[&str],
    problems: &mut Vec<Problem>,
) -> Result<Value, RenderError> {
    let mut out = Map::new();
    for (key, value) in t.range(data, expr)? {
        let text = t.string(Some(value), "tpl")?;
        let evaluated = match evaluate(t, text) {
            Ok(evaluated) => evaluated,
            Err(TplError::Fails(error)) => return Err(error),
            Err(TplError::Unsupported(what)) => {
                let mut keys: Vec<String> = data_path.iter().map(|k| (*k).to_owned()).collect();
                keys.push(key.text.clone());
                problems.push(
                    Problem::new(
                        &gg_diagnostic::rules::CONFIGFILE_UNEVALUATED,
                        format!("`{key}` holds {what}, which Helm evaluates with `tpl` and gitops-guard does not: shown unevaluated"),
                    )
                    .caused_by_keys(keys),
                );
                text.to_owned()
            }
        };
        out.insert(t.key(&key.text), Value::String(evaluated));
    }
    Ok(if out.is_empty() {
        Value::Null
    } else {
        Value::Object(out)
    })
}

/// `configfiles.yaml`: `{app}-config`, then the extensions' ConfigMaps.
/// The extensions' ConfigMaps share one YAML document (no `---` between
/// them): their keys repeat and the last one wins, so only the last
/// extension's ConfigMap reaches the cluster.
pub(crate) fn files(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    let app = t.app()?;
    if t.on("configfiles")? {
        let mut problems = Vec::new();
        let data = files_data(
            t,
            t.val("configfiles.data")?,
            ".Values.configfiles.data",
            &["configfiles", "data"],
            &mut problems,
        )?;
        let mut draft = Draft::new(
            t.path,
            paths(&["configfiles"]),
            configmap(t, app, &format!("{app}-config"), data)?,
        );
        draft.problems = problems;
        out.push(draft);
    }
    if !t.on("extensions")? {
        return Ok(());
    }
    let mut last: Option<Draft> = None;
    let mut shadowed = Vec::new();
    for (name, spec) in t.range(t.val("extensions")?, ".Values.extensions")? {
        let spec = Some(spec);
        if !gotmpl::truthy(t.at(spec, "configfiles", "$spec.configfiles")?) {
            continue;
        }
        let mut problems = Vec::new();
        let data = t.at(spec, "configfiles.data", "$spec.configfiles.data")?;
        let data = files_data(
            t,
            data,
            "$spec.configfiles.data",
            &["extensions", &name.text, "configfiles", "data"],
            &mut problems,
        )?;
        let object = configmap(t, app, &format!("{app}-{}-config", name.verb_s()), data)?;
        if let Some(previous) = last.take() {
            shadowed.extend(previous.values.into_iter().next());
        }
        let mut draft = Draft::new(
            t.path,
            vec![vec![
                "extensions".to_owned(),
                name.text,
                "configfiles".to_owned(),
            ]],
            object,
        );
        draft.problems = problems;
        last = Some(draft);
    }
    if let Some(mut draft) = last {
        if !shadowed.is_empty() {
            let names: Vec<String> = shadowed
                .iter()
                .map(|keys| format!("`{app}-{}-config`", keys.get(1).map_or("", String::as_str)))
                .collect();
            let problem = Problem::new(
                &gg_diagnostic::rules::EXTENSION_CONFIGMAP_SHADOWED,
                format!(
                    "k8app writes the extensions' ConfigMaps into one YAML document: this last one replaces {}, which never reach the cluster",
                    names.join(", ")
                ),
            );
            draft
                .problems
                .push(shadowed.into_iter().fold(problem, Problem::caused_by_keys));
        }
        out.push(draft);
    }
    let _ = json!(null);
    Ok(())
}
