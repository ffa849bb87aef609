//! What is compared by meaning rather than by text: the bootstrap Job's name
//! carries the time of the render (compared by its prefix), its shell script
//! by the commands it runs (its comments and messages are the chart's prose,
//! which gitops-guard writes in its own words), cloudflared's `config.yaml`
//! as the YAML data cloudflared reads (comments are no data), and the
//! inline Helm values of the preview ApplicationSets by their lines that are
//! not comments (they hold Go templates ArgoCD evaluates first, so they are
//! not YAML yet).

use serde_json::Value;

use crate::outcome::{Doc, Outcome};

/// The outcome with time, script and embedded configuration normalized.
pub(crate) fn normalize(outcome: Outcome) -> Outcome {
    match outcome {
        Outcome::Rendered(docs) => Outcome::Rendered(docs.into_iter().map(document).collect()),
        failed => failed,
    }
}

fn document(mut doc: Doc) -> Doc {
    let kind = doc
        .object
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    match kind.as_str() {
        "Job" => job(&mut doc.object),
        "ConfigMap" => config_map(&mut doc.object),
        "ApplicationSet" => inline_values(&mut doc.object),
        _ => {}
    }
    doc
}

fn job(object: &mut Value) {
    if let Some(name) = object.pointer_mut("/metadata/name")
        && let Some(text) = name.as_str()
        && let Some(time) = text.strip_prefix("platform-bootstrap-")
        && time.len() == 15
        && time
            .chars()
            .enumerate()
            .all(|(i, c)| if i == 8 { c == '-' } else { c.is_ascii_digit() })
    {
        *name = Value::String("platform-bootstrap-<time>".to_owned());
    }
    if let Some(script) = object.pointer_mut("/spec/template/spec/containers/0/command/2")
        && let Some(text) = script.as_str()
    {
        *script = Value::String(commands(text));
    }
}

/// The script's commands: every line trimmed, without blank lines,
/// comments and `echo` messages.
pub(crate) fn commands(script: &str) -> String {
    script
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#') && !line.starts_with("echo "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn config_map(object: &mut Value) {
    if let Some(config) = object.pointer_mut("/data/config.yaml")
        && let Some(text) = config.as_str()
        && let Ok(docs) = gg_render::read_manifest_yaml(text, "config.yaml")
        && let Some(first) = docs.first()
    {
        *config = first.root.to_json();
    }
}

fn inline_values(object: &mut Value) {
    let Some(sources) = object
        .pointer_mut("/spec/template/spec/sources")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for source in sources {
        if let Some(values) = source.pointer_mut("/helm/values")
            && let Some(text) = values.as_str()
        {
            let lines: Vec<&str> = text
                .lines()
                .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
                .collect();
            *values = Value::String(lines.join("\n"));
        }
    }
}
