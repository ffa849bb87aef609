//! The parameter sets of an ApplicationSet's generators, as ArgoCD makes
//! them: `list` (each element one set — with the default template syntax
//! every value must be a string, `values.*` flattened; `elementsYaml`
//! appended) and `matrix` (every combination of its two children's sets, the
//! second child's strings first filled in from each set of the first;
//! combined as strings that must agree, or with Go templates merged, the
//! first set's keys winning). Generators that ask the outside world (Git,
//! clusters, pull requests, SCM providers, plugins) cannot run here.

use serde_json::{Map, Value};

use super::{AppSetError, Syntax, replace_strings};
use crate::gotmpl;

/// One parameter set.
pub(crate) type Params = Map<String, Value>;

/// What a generator gives: its sets, or the name of a generator that needs
/// the outside world.
pub(crate) enum Generated {
    Sets(Vec<Params>),
    Offline(String),
}

/// The generators ArgoCD has that read something outside the ApplicationSet.
const OFFLINE: &[&str] = &[
    "clusters",
    "git",
    "scmProvider",
    "clusterDecisionResource",
    "pullRequest",
    "plugin",
];

/// The sets of one generator (`outer`: the first matrix child's set, which
/// the generator's strings are filled in from first).
pub(crate) fn generate(
    generator: &Value,
    syntax: &Syntax,
    outer: Option<&Params>,
) -> Result<Generated, AppSetError> {
    let generator = match outer {
        Some(params) if !params.is_empty() => {
            replace_strings(generator, params, syntax).map_err(|e| {
                AppSetError::Generator(format!("failed to replace parameters in generator: {e}"))
            })?
        }
        _ => generator.clone(),
    };
    if generator.get("selector").is_some() {
        return Err(AppSetError::NotModelled(
            "a generator `selector` (gitops-guard does not filter parameter sets)".to_owned(),
        ));
    }
    if let Some(list) = generator.get("list") {
        return list_sets(list, syntax).map(Generated::Sets);
    }
    if let Some(matrix) = generator.get("matrix") {
        return matrix_sets(matrix, syntax);
    }
    if generator.get("merge").is_some() {
        return Err(AppSetError::NotModelled("the `merge` generator".to_owned()));
    }
    match OFFLINE.iter().find(|name| generator.get(**name).is_some()) {
        Some(name) => Ok(Generated::Offline((*name).to_owned())),
        None => Err(AppSetError::Generator(
            "the ApplicationSet contains unrecognized generators".to_owned(),
        )),
    }
}

fn list_sets(list: &Value, syntax: &Syntax) -> Result<Vec<Params>, AppSetError> {
    let mut sets = Vec::new();
    let elements = list.get("elements").and_then(Value::as_array);
    for element in elements.into_iter().flatten() {
        let Some(element) = element.as_object() else {
            return Err(AppSetError::Generator(format!(
                "error unmarshling list element: {element} is not an object"
            )));
        };
        sets.push(if syntax.go {
            element.clone()
        } else {
            flat(element)?
        });
    }
    if let Some(text) = list
        .get("elementsYaml")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
    {
        let docs = crate::platform::read_manifest_yaml(text, "elementsYaml").map_err(|e| {
            AppSetError::Generator(format!("error unmarshling decoded ElementsYaml {e}"))
        })?;
        let items = docs
            .first()
            .map(|d| d.root.to_json())
            .unwrap_or(Value::Null);
        for item in items.as_array().into_iter().flatten() {
            let Some(item) = item.as_object() else {
                return Err(AppSetError::Generator(
                    "error unmarshling decoded ElementsYaml: an item is not a map".to_owned(),
                ));
            };
            sets.push(item.clone());
        }
    }
    Ok(sets)
}

/// A list element with the default syntax: strings only, `values` flattened.
fn flat(element: &Params) -> Result<Params, AppSetError> {
    let not_string = |key: &str, value: &Value| AppSetError::ListValueNotString {
        key: key.to_owned(),
        value: value.to_string(),
        matrix_children: Vec::new(),
    };
    let mut params = Params::new();
    for (key, value) in element {
        if key == "values" {
            let Some(values) = value.as_object() else {
                return Err(AppSetError::Generator(
                    "error parsing values map".to_owned(),
                ));
            };
            for (k, v) in values {
                let text = v
                    .as_str()
                    .ok_or_else(|| not_string(&format!("values.{k}"), v))?;
                params.insert(format!("values.{k}"), Value::String(text.to_owned()));
            }
        } else {
            let text = value.as_str().ok_or_else(|| not_string(key, value))?;
            params.insert(key.clone(), Value::String(text.to_owned()));
        }
    }
    Ok(params)
}

fn matrix_sets(matrix: &Value, syntax: &Syntax) -> Result<Generated, AppSetError> {
    let children = matrix.get("generators").and_then(Value::as_array);
    let children: &[Value] = children.map_or(&[], Vec::as_slice);
    match children.len() {
        0 | 1 => {
            return Err(AppSetError::Generator(
                "found less than two generators, Matrix support only two".to_owned(),
            ));
        }
        2 => {}
        _ => {
            return Err(AppSetError::Generator(
                "found more than the max allowed of child generators".to_owned(),
            ));
        }
    }
    let (Some(first), Some(second)) = (children.first(), children.get(1)) else {
        return Ok(Generated::Sets(Vec::new()));
    };
    let firsts = match generate(first, syntax, None)? {
        Generated::Sets(sets) => sets,
        offline @ Generated::Offline(_) => return Ok(offline),
    };
    let mut combined = Vec::new();
    for before in &firsts {
        let seconds =
            match generate(second, syntax, Some(before)).map_err(|e| e.in_matrix_child(1))? {
                Generated::Sets(sets) => sets,
                offline @ Generated::Offline(_) => return Ok(offline),
            };
        for after in &seconds {
            combined.push(if syntax.go {
                merged(before, after)
            } else {
                as_strings(before, after)?
            });
        }
    }
    Ok(Generated::Sets(combined))
}

/// mergo's merge into an empty map of `a`, then of `b`: keys `a` has keep
/// its values; maps merge deeply.
fn merged(a: &Params, b: &Params) -> Params {
    let mut out = a.clone();
    fill(&mut out, b);
    out
}

fn fill(into: &mut Params, from: &Params) {
    for (key, value) in from {
        match (into.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(more)) => fill(existing, more),
            (Some(existing), _) if !is_empty(existing) => {}
            _ => {
                into.insert(key.clone(), value.clone());
            }
        }
    }
}

/// mergo's notion of an empty value, which a merge overwrites.
fn is_empty(value: &Value) -> bool {
    !gotmpl::truthy(Some(value)) && !matches!(value, Value::Object(_))
}

/// `CombineStringMaps`: both sets as strings (`%v`), a key in both with
/// different values fails.
fn as_strings(a: &Params, b: &Params) -> Result<Params, AppSetError> {
    let text = |v: &Value| gotmpl::printf("%v", &[Some(v)]);
    let mut out: Params = a
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(text(v))))
        .collect();
    for (key, value) in b {
        let value = text(value);
        if let Some(Value::String(current)) = out.get(key)
            && *current != value
        {
            return Err(AppSetError::Generator(format!(
                "failed to combine string maps with merging params for the matrix generator: found duplicate key {key} with different value, a: {current} ,b: {value}"
            )));
        }
        out.insert(key.clone(), Value::String(value));
    }
    Ok(out)
}
