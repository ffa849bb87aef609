//! What ArgoCD's ApplicationSet controller makes of an ApplicationSet: the
//! parameter sets of its generators ([`generators`]), each filled into the
//! template — every string and map key, in the default syntax
//! ([`fasttemplate`]) or, with `goTemplate: true`, as Go templates with the
//! `goTemplateOptions` ([`gotemplate`]) — the resources finalizer added when
//! the template has none, the namespace forced to the ApplicationSet's.
//! When generating or filling in fails, ArgoCD creates none of them; of
//! Applications with the same name it keeps the first.

mod fasttemplate;
mod functions;
mod generators;
mod gotemplate;

use serde::Serialize;
use serde_json::{Map, Value};

use generators::{Generated, Params, generate};
use gotemplate::GoError;

/// Why ArgoCD creates fewer Applications than the template suggests, or why
/// gitops-guard cannot tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", content = "message", rename_all = "kebab-case")]
pub enum AppSetError {
    /// A generator cannot make its parameters: ArgoCD creates no Application.
    #[error("ArgoCD cannot generate the parameters: {0}")]
    Generator(String),
    /// A list element's value is not a string while `goTemplate` is off (ArgoCD:
    /// "error parsing value as string"): ArgoCD creates no Application.
    #[error(
        "ArgoCD cannot generate the parameters: {}the list generator takes only strings without goTemplate: `{key}: {value}` is not one (ArgoCD: \"error parsing value as string\")",
        matrix_prefix(.matrix_children)
    )]
    ListValueNotString {
        /// The element's key (`values.KEY` for a key below `values`).
        key: String,
        /// The value, as JSON.
        value: String,
        /// The matrix children it sits in, innermost first.
        matrix_children: Vec<usize>,
    },
    /// Filling a parameter set into the template fails: ArgoCD creates no
    /// Application.
    #[error("ArgoCD cannot fill in the template: {0}")]
    Template(String),
    /// Several Applications get one name: ArgoCD keeps the first.
    #[error("{0}")]
    DuplicateName(String),
    /// Something gitops-guard does not evaluate: the expansion is incomplete.
    #[error("not expanded: gitops-guard does not evaluate {0}")]
    NotModelled(String),
}

impl AppSetError {
    /// The error as the matrix generator reports a failing child.
    fn in_matrix_child(self, index: usize) -> Self {
        match self {
            AppSetError::Generator(message) => AppSetError::Generator(format!(
                "failed to get params for generator {index} in the matrix generator: {message}"
            )),
            AppSetError::ListValueNotString {
                key,
                value,
                mut matrix_children,
            } => {
                matrix_children.push(index);
                AppSetError::ListValueNotString {
                    key,
                    value,
                    matrix_children,
                }
            }
            other => other,
        }
    }

    /// Whether ArgoCD creates no Application at all because of it.
    pub fn stops_generation(&self) -> bool {
        matches!(
            self,
            AppSetError::Generator(_)
                | AppSetError::ListValueNotString { .. }
                | AppSetError::Template(_)
        )
    }
}

/// How the matrix generator prefixes a failing child's error, outermost first.
fn matrix_prefix(children: &[usize]) -> String {
    children
        .iter()
        .rev()
        .map(|index| {
            format!("failed to get params for generator {index} in the matrix generator: ")
        })
        .collect()
}

/// One Application the ApplicationSet generates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeneratedApplication {
    /// The parameter set it was made from.
    pub params: Map<String, Value>,
    /// The Application object.
    pub application: Value,
}

/// The ApplicationSet expanded.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Expansion {
    /// The Applications ArgoCD creates, in the generators' order.
    pub applications: Vec<GeneratedApplication>,
    /// What went wrong or was not evaluated.
    pub errors: Vec<AppSetError>,
    /// Generators that need the outside world (a Git repository, the
    /// clusters, a pull-request API): their Applications are not listed.
    pub offline: Vec<String>,
}

/// The template syntax of an ApplicationSet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Syntax {
    /// `goTemplate: true`.
    pub(crate) go: bool,
    /// `goTemplateOptions` holds `missingkey=error`.
    pub(crate) missing_key_error: bool,
}

impl Syntax {
    fn of(spec: &Value) -> Self {
        let options = spec.get("goTemplateOptions").and_then(Value::as_array);
        Self {
            go: spec.get("goTemplate").and_then(Value::as_bool) == Some(true),
            missing_key_error: options
                .into_iter()
                .flatten()
                .any(|o| o.as_str() == Some("missingkey=error")),
        }
    }

    /// One string filled in with `params`.
    fn fill(&self, text: &str, params: &Params) -> Result<String, AppSetError> {
        if !self.go {
            return fasttemplate::render(text, params).map_err(AppSetError::Template);
        }
        gotemplate::render(text, &Value::Object(params.clone()), self.missing_key_error).map_err(
            |error| match error {
                GoError::Fails(reason) => {
                    AppSetError::Template(format!("failed to execute go template {text}: {reason}"))
                }
                GoError::Unsupported(what) => AppSetError::NotModelled(what),
            },
        )
    }
}

/// Every string and map key of `value` filled in with `params` (ArgoCD's
/// `deeplyReplace`).
pub(crate) fn replace_strings(
    value: &Value,
    params: &Params,
    syntax: &Syntax,
) -> Result<Value, AppSetError> {
    Ok(match value {
        Value::String(text) => Value::String(syntax.fill(text, params)?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| replace_strings(item, params, syntax))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, item) in map {
                if item.is_null() {
                    continue;
                }
                out.insert(
                    syntax.fill(key, params)?,
                    replace_strings(item, params, syntax)?,
                );
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

/// Expands a rendered ApplicationSet as ArgoCD's controller would.
pub fn expand_application_set(appset: &Value) -> Expansion {
    let mut expansion = Expansion::default();
    let spec = appset.get("spec").cloned().unwrap_or(Value::Null);
    let syntax = Syntax::of(&spec);
    let namespace = appset
        .pointer("/metadata/namespace")
        .cloned()
        .unwrap_or(Value::Null);
    let name = appset
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let template = spec.get("template").cloned().unwrap_or(Value::Null);
    let preserve = spec
        .pointer("/syncPolicy/preserveResourcesOnDeletion")
        .and_then(Value::as_bool)
        == Some(true);
    if spec.get("templatePatch").is_some() {
        expansion
            .errors
            .push(AppSetError::NotModelled("`templatePatch`".to_owned()));
    }
    let generators = spec.get("generators").and_then(Value::as_array);
    for generator in generators.into_iter().flatten() {
        let sets = match generate(generator, &syntax, None) {
            Ok(Generated::Sets(sets)) => sets,
            Ok(Generated::Offline(kind)) => {
                expansion.offline.push(kind);
                continue;
            }
            Err(error) => {
                expansion.errors.push(error);
                continue;
            }
        };
        let template = own_template(generator, &template);
        for params in sets {
            match application(&template, &params, &syntax, preserve, &namespace) {
                Ok(application) => expansion.applications.push(GeneratedApplication {
                    params,
                    application,
                }),
                Err(error) => expansion.errors.push(error),
            }
        }
    }
    if expansion.errors.iter().any(AppSetError::stops_generation) {
        expansion.applications.clear();
        return expansion;
    }
    drop_duplicates(&mut expansion, name);
    expansion
}

/// The generator's own `template` over the ApplicationSet's (its fields win,
/// the rest come from the ApplicationSet's).
fn own_template(generator: &Value, template: &Value) -> Value {
    let own = generator
        .as_object()
        .and_then(|g| g.values().find_map(|kind| kind.get("template")));
    match own {
        Some(own) => overlay(own, template),
        None => template.clone(),
    }
}

fn overlay(own: &Value, base: &Value) -> Value {
    match (own, base) {
        (Value::Object(own), Value::Object(base)) => {
            let mut out = base.clone();
            for (key, value) in own {
                let merged = base
                    .get(key)
                    .map_or_else(|| value.clone(), |under| overlay(value, under));
                out.insert(key.clone(), merged);
            }
            Value::Object(out)
        }
        (own, _) if crate::gotmpl::truthy(Some(own)) => own.clone(),
        (_, base) => base.clone(),
    }
}

/// The template filled in with one parameter set, as an Application.
fn application(
    template: &Value,
    params: &Params,
    syntax: &Syntax,
    preserve: bool,
    namespace: &Value,
) -> Result<Value, AppSetError> {
    let metadata = template.get("metadata").cloned().unwrap_or(Value::Null);
    let mut meta = Map::new();
    for key in ["name", "namespace", "labels", "annotations", "finalizers"] {
        if let Some(value) = metadata.get(key).filter(|v| !v.is_null()) {
            meta.insert(key.to_owned(), value.clone());
        }
    }
    let mut app = Map::new();
    app.insert("metadata".to_owned(), Value::Object(meta));
    app.insert(
        "spec".to_owned(),
        template.get("spec").cloned().unwrap_or(Value::Null),
    );
    let mut app = Value::Object(app);
    if !params.is_empty() {
        app = replace_strings(&app, params, syntax)?;
        let finalizers = app
            .pointer("/metadata/finalizers")
            .and_then(Value::as_array);
        if !preserve
            && finalizers.is_none_or(Vec::is_empty)
            && let Some(meta) = app.get_mut("metadata").and_then(Value::as_object_mut)
        {
            meta.insert(
                "finalizers".to_owned(),
                Value::Array(vec![Value::String(
                    "resources-finalizer.argocd.argoproj.io".to_owned(),
                )]),
            );
        }
    }
    let mut out = Map::new();
    out.insert(
        "apiVersion".to_owned(),
        Value::String("argoproj.io/v1alpha1".to_owned()),
    );
    out.insert("kind".to_owned(), Value::String("Application".to_owned()));
    if let Value::Object(mut app) = app {
        if let Some(meta) = app.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.insert("namespace".to_owned(), namespace.clone());
        }
        out.extend(app);
    }
    Ok(Value::Object(out))
}

/// Of Applications with one name, the first stays; the others are errors.
fn drop_duplicates(expansion: &mut Expansion, appset: &str) {
    let mut seen = std::collections::BTreeSet::new();
    let mut errors = Vec::new();
    expansion.applications.retain(|generated| {
        let name = generated
            .application
            .pointer("/metadata/name")
            .map(|n| crate::gotmpl::print(Some(n)))
            .unwrap_or_default();
        if seen.insert(name.clone()) {
            return true;
        }
        errors.push(AppSetError::DuplicateName(format!(
            "ApplicationSet {appset} contains applications with duplicate name: {name}"
        )));
        false
    });
    expansion.errors.extend(errors);
}
