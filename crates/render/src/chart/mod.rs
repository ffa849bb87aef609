//! k8app 3.4.0-3.8.x templates, one module per template family. Each builder
//! reads the merged values as JSON with Go-template semantics ([`crate::tmpl`])
//! and writes objects with their keys in the template's order.

mod cache;
mod config;
mod deployment;
mod extras;
mod monitoring;
mod probes;
mod routing;
mod scaling;
mod secrets;
mod services;
mod workloads;

use std::cell::Cell;

use gg_k8app::ChartVersion;
use gg_yaml::MergedNode;
use serde_json::{Map, Value};
use typed_arena::Arena;

use crate::RenderContext;
use crate::error::RenderError;
use crate::tmpl::{go_value, in_quotes, sha256_text, text};

/// An object as a template produced it, before provenance is attached.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    /// The template file, e.g. `app/templates/deployment.yaml`.
    pub(crate) source: &'static str,
    /// The value paths that decided the object (as key segments).
    pub(crate) values: Vec<Vec<String>>,
    /// The object.
    pub(crate) object: Value,
    /// What the render could not reproduce exactly (e.g. `tpl` in config files).
    pub(crate) notes: Vec<String>,
}

impl Draft {
    /// A draft without notes.
    pub(crate) fn new(source: &'static str, values: Vec<Vec<String>>, object: Value) -> Self {
        Self {
            source,
            values,
            object,
            notes: Vec::new(),
        }
    }
}

/// What every template sees: the values, the release and the chart.
pub(crate) struct Scope<'a> {
    /// The merged values.
    root: &'a MergedNode,
    /// The values templates read, converted to JSON on first read: a render
    /// reads a few dozen of the hundreds of merged values, and converting all
    /// of them up front was a fifth of a lint.
    converted: &'a Arena<Value>,
    /// The maps and lists converted so far, by the merged node they came from.
    read: Cell<Vec<(&'a MergedNode, &'a Value)>>,
    /// Release, namespace, chart version.
    pub(crate) ctx: &'a RenderContext,
    /// `appName` (required).
    pub(crate) app: String,
}

impl<'a> Scope<'a> {
    /// The value at a dotted path of map keys.
    pub(crate) fn get(&self, path: &str) -> Option<&'a Value> {
        self.node(path).map(|node| self.json(node))
    }

    /// The merged node at a dotted path of map keys.
    fn node(&self, path: &str) -> Option<&'a MergedNode> {
        let mut node = self.root;
        let mut rest = path;
        // Paths are short literals: a byte scan beats the general substring
        // searcher that `split('.')` sets up for every segment.
        while let Some(dot) = rest.bytes().position(|b| b == b'.') {
            node = node.child(rest.get(..dot)?)?;
            rest = rest.get(dot + 1..)?;
        }
        node.child(rest)
    }

    /// A merged node as JSON. Scalars are converted on every read (that costs
    /// less than looking for an earlier conversion); maps and lists once per
    /// render.
    fn json(&self, node: &'a MergedNode) -> &'a Value {
        if node.as_scalar().is_some() {
            return self.converted.alloc(node.to_json());
        }
        let mut read = self.read.take();
        let value = match read.iter().find(|(seen, _)| std::ptr::eq(*seen, node)) {
            Some((_, value)) => *value,
            None => {
                let value: &'a Value = self.converted.alloc(node.to_json());
                read.push((node, value));
                value
            }
        };
        self.read.set(read);
        value
    }

    /// `if .Values.<path>`, judged on the merged value (a map or a list needs
    /// no conversion to JSON).
    pub(crate) fn on(&self, path: &str) -> bool {
        self.node(path).is_some_and(MergedNode::is_truthy)
    }

    /// `{{ .Values.<path> | toString | sha256sum }}` for a `checksum/*`
    /// annotation (a missing value prints `<nil>`).
    pub(crate) fn checksum(&self, path: &str) -> String {
        self.digest(|| self.get(path).map_or_else(|| "<nil>".to_owned(), go_value))
    }

    /// `sha256sum` of the printed text for a `checksum/*` annotation. Renders
    /// for checks (`RenderContext::annotate` off) leave it empty and never
    /// print the text: no check reads a digest, and computing them was a
    /// tenth of a lint's render.
    pub(crate) fn digest<T: AsRef<str>>(&self, printed: impl FnOnce() -> T) -> String {
        if self.ctx.annotate {
            sha256_text(printed().as_ref())
        } else {
            String::new()
        }
    }

    /// The chart label `app-<version>`.
    pub(crate) fn chart_label(&self) -> String {
        format!("app-{}", self.ctx.chart)
    }

    /// Whether the chart version has a feature.
    pub(crate) fn has(&self, feature: gg_k8app::Feature) -> bool {
        self.ctx.chart.has(feature)
    }

    /// The chart version.
    pub(crate) fn chart(&self) -> ChartVersion {
        self.ctx.chart
    }

    /// `appver: "{{ .Values.image.tag }}"`.
    pub(crate) fn appver(&self) -> Value {
        in_quotes(self.get("image.tag"))
    }

    /// `"{{ .Values.image.repository }}:{{ .Values.image.tag }}"`.
    pub(crate) fn image(&self) -> Value {
        Value::String(format!(
            "{}:{}",
            text(self.get("image.repository")),
            text(self.get("image.tag"))
        ))
    }

    /// Labels `app`, `chart`, `release` (the common trio).
    pub(crate) fn labels(&self) -> Value {
        Obj::new()
            .with("app", self.app.as_str())
            .with("chart", self.chart_label())
            .with("release", self.ctx.release.as_str())
            .into()
    }

    /// Selector `app`, `release`.
    pub(crate) fn selector(&self) -> Value {
        Obj::new()
            .with("app", self.app.as_str())
            .with("release", self.ctx.release.as_str())
            .into()
    }
}

/// A JSON object built in template order.
#[derive(Debug, Default)]
pub(crate) struct Obj(Map<String, Value>);

impl Obj {
    /// An empty object.
    pub(crate) fn new() -> Self {
        Self(Map::new())
    }

    /// Adds a key.
    pub(crate) fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.to_owned(), value.into());
        self
    }

    /// Adds a key when `value` is `Some`.
    pub(crate) fn with_opt(self, key: &str, value: Option<impl Into<Value>>) -> Self {
        match value {
            Some(v) => self.with(key, v),
            None => self,
        }
    }

    /// Adds a key when `cond` holds.
    pub(crate) fn with_if(self, cond: bool, key: &str, value: impl FnOnce() -> Value) -> Self {
        if cond { self.with(key, value()) } else { self }
    }
}

impl From<Obj> for Value {
    fn from(obj: Obj) -> Self {
        Value::Object(obj.0)
    }
}

/// A list, or YAML `null` when a template writes the key with no items.
pub(crate) fn list_or_null(items: Vec<Value>) -> Value {
    if items.is_empty() {
        Value::Null
    } else {
        Value::Array(items)
    }
}

/// Paths as key segments.
pub(crate) fn paths(list: &[&str]) -> Vec<Vec<String>> {
    list.iter()
        .map(|p| p.split('.').map(str::to_owned).collect())
        .collect()
}

/// Renders every k8app template for the merged values, in `helm template`'s
/// order (Helm sorts by kind, then by name; see [`crate::order`]).
pub(crate) fn render(values: &MergedNode, ctx: &RenderContext) -> Result<Vec<Draft>, RenderError> {
    ctx.chart
        .ensure_supported()
        .map_err(|_| RenderError::UnsupportedChart(ctx.chart.to_string()))?;
    let converted = Arena::new();
    let mut scope = Scope {
        root: values,
        converted: &converted,
        read: Cell::default(),
        ctx,
        app: String::new(),
    };
    if scope.on("valult") {
        return Err(RenderError::DeprecatedValult);
    }
    scope.app = text(scope.get("appName"));
    if scope.app.is_empty() {
        return Err(RenderError::MissingAppName);
    }
    let mut out = Vec::new();
    secrets::render(&scope, &mut out)?;
    config::render(&scope, &mut out)?;
    services::render(&scope, &mut out)?;
    deployment::render(&scope, &mut out)?;
    workloads::render(&scope, &mut out)?;
    scaling::render(&scope, &mut out)?;
    routing::render(&scope, &mut out)?;
    monitoring::render(&scope, &mut out)?;
    cache::render(&scope, &mut out)?;
    extras::render(&scope, &mut out)?;
    Ok(out)
}
