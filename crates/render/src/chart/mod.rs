//! k8app's templates, every release from 3.4.0 to 3.13.0, one module per
//! template family. Each template reads the merged values with Go-template
//! semantics ([`crate::gotmpl`]) through its [`Tpl`], writes objects with
//! their keys in the template's order, and reads what it prints back as
//! Helm's YAML parser would ([`crate::readback`]). Release differences are
//! [`gg_k8app::Feature`] gates.
//!
//! Templates run in Helm's order ([`execution_order`]): the first template
//! that fails stops the render, naming that template, as `helm template`
//! does. A template whose output is not YAML fails only after every
//! template ran, the first such file by path (Helm parses the output after
//! rendering everything).

mod alerts;
mod batch;
mod cache;
mod config;
mod deployment;
mod extras;
mod head;
mod ingress;
mod monitoring;
mod notes;
mod pod;
mod probes;
mod routing;
mod scaling;
mod secrets;
mod services;
mod storage;
mod tpl;
mod workloads;

pub(crate) use secrets::go_quote;

use std::cell::{Cell, RefCell};

use gg_k8app::{ChartVersion, Feature};
use gg_yaml::{MergedNode, MergedValue};
use serde_json::{Map, Value};
use typed_arena::Arena;

use crate::RenderContext;
use crate::error::RenderError;
use crate::gotmpl::{self, Exec, Key, Val};
use crate::problem::Problem;
use crate::readback;
use crate::removed::removed_in;

/// An object as a template produced it, before provenance is attached.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    /// The template file, e.g. `app/templates/deployment.yaml`.
    pub(crate) source: &'static str,
    /// The value paths that decided the object (as key segments).
    pub(crate) values: Vec<Vec<String>>,
    /// The object.
    pub(crate) object: Value,
    /// What is wrong with it (a chart bug it shows, an API version the
    /// cluster no longer serves).
    pub(crate) problems: Vec<Problem>,
}

impl Draft {
    /// A draft without problems.
    pub(crate) fn new(source: &'static str, values: Vec<Vec<String>>, object: Value) -> Self {
        Self {
            source,
            values,
            object,
            problems: Vec::new(),
        }
    }
}

/// What every template sees: the values, the release and the chart.
pub(crate) struct Scope<'a> {
    /// The merged values.
    root: &'a MergedNode,
    /// The values templates read, converted to JSON on first read: a render
    /// reads a few dozen of the hundreds of merged values.
    converted: &'a Arena<Value>,
    /// The maps and lists converted so far, by the merged node they came from.
    read: Cell<Vec<(&'a MergedNode, &'a Value)>>,
    /// Release, namespace, chart version, API versions.
    pub(crate) ctx: &'a RenderContext,
    /// `include "name"`: `appName` printed, or `None` when `required` fails
    /// (nil or the empty string).
    app: Option<String>,
}

impl<'a> Scope<'a> {
    /// The merged node at a chain of fields below `.Values`, with Go's errors
    /// for a field of nil or of a non-map.
    fn lookup(&self, chain: &str, expr: &str) -> Result<Option<&'a MergedNode>, Exec> {
        let mut node = Some(self.root);
        for key in chain.split('.') {
            node = match node.map(|n| (n, &n.value)) {
                Some((n, MergedValue::Map(_))) => n.child(key),
                Some((_, MergedValue::Scalar(scalar))) if !scalar.is_null() => {
                    return Err(gotmpl::not_a_map(key, expr));
                }
                Some((_, MergedValue::Seq(_))) => return Err(gotmpl::not_a_map(key, expr)),
                _ => return Err(gotmpl::nil_pointer(key, expr)),
            };
        }
        Ok(node.filter(|n| !matches!(&n.value, MergedValue::Scalar(s) if s.is_null())))
    }

    /// A merged node as JSON. Scalars are converted on every read; maps and
    /// lists once per render.
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

    /// A value made by the render (a default, a computed text) that lives as
    /// long as the values.
    pub(crate) fn keep(&self, value: Value) -> &'a Value {
        self.converted.alloc(value)
    }

    /// `sha256sum` of the printed text for a `checksum/*` annotation. Renders
    /// for checks (`RenderContext::annotate` off) leave it empty and never
    /// print the text: no check reads a digest.
    pub(crate) fn digest<T: AsRef<str>>(&self, printed: impl FnOnce() -> T) -> String {
        if self.ctx.annotate {
            gotmpl::sha256sum(printed().as_ref())
        } else {
            String::new()
        }
    }

    /// The chart label `app-<version>`.
    pub(crate) fn chart_label(&self) -> String {
        format!("app-{}", self.ctx.chart)
    }

    /// Whether the chart version has a feature.
    pub(crate) fn has(&self, feature: Feature) -> bool {
        self.ctx.chart.has(feature)
    }

    /// The chart version.
    pub(crate) fn chart(&self) -> ChartVersion {
        self.ctx.chart
    }

    /// The release name.
    pub(crate) fn release(&self) -> &'a str {
        &self.ctx.release
    }

    /// The release namespace.
    pub(crate) fn namespace(&self) -> &'a str {
        &self.ctx.namespace
    }

    /// A `removed-api-version` problem when the cluster no longer serves
    /// `kind` in `api_version`.
    pub(crate) fn unserved(&self, api_version: &str, kind: &str) -> Option<Problem> {
        let removed = removed_in(api_version, kind)?;
        let cluster = self.ctx.kube_version;
        (cluster >= removed).then(|| {
            Problem::new(
                &gg_diagnostic::rules::REMOVED_API_VERSION,
                format!(
                    "{kind} `{api_version}` is not served from Kubernetes {removed} on, and the clusters run {cluster}: the API server refuses the object and ArgoCD cannot sync the release"
                ),
            )
        })
    }
}

/// One template being executed: the values through Go semantics, errors
/// naming the template, and the first place its output stops being YAML.
pub(crate) struct Tpl<'a> {
    s: &'a Scope<'a>,
    /// The template's path, e.g. `app/templates/deployment.yaml`.
    pub(crate) path: &'static str,
    /// Why the output would not parse (the first reason), if it would not.
    broken: RefCell<Option<String>>,
}

impl<'a> std::ops::Deref for Tpl<'a> {
    type Target = Scope<'a>;

    fn deref(&self) -> &Scope<'a> {
        self.s
    }
}

impl<'a> Tpl<'a> {
    fn new(s: &'a Scope<'a>, path: &'static str) -> Self {
        Self {
            s,
            path,
            broken: RefCell::new(None),
        }
    }

    /// The execution error of this template for a Go error.
    pub(crate) fn exec(&self, error: Exec) -> RenderError {
        RenderError::Template {
            template: self.path.to_owned(),
            detail: format!(
                "executing \"{}\" at <{}>: {}",
                self.path, error.at, error.reason
            ),
        }
    }

    /// `.Values.<chain>`.
    pub(crate) fn val(&self, chain: &str) -> Result<Val<'a>, RenderError> {
        let node = self
            .s
            .lookup(chain, &format!(".Values.{chain}"))
            .map_err(|e| self.exec(e))?;
        Ok(node.map(|n| self.s.json(n)))
    }

    /// `if .Values.<chain>` (judged on the merged value, without converting it).
    pub(crate) fn on(&self, chain: &str) -> Result<bool, RenderError> {
        let node = self
            .s
            .lookup(chain, &format!(".Values.{chain}"))
            .map_err(|e| self.exec(e))?;
        Ok(node.is_some_and(MergedNode::is_truthy))
    }

    /// `$base.<chain>`; `expr` names the expression for an error.
    pub(crate) fn at<'v>(
        &self,
        base: Val<'v>,
        chain: &str,
        expr: &str,
    ) -> Result<Val<'v>, RenderError> {
        gotmpl::fields(base, chain, expr).map_err(|e| self.exec(e))
    }

    /// `$var.<chain>` of a variable set with `:=`: Go stores a nil result as
    /// no value at all, and fields of no value are nil without an error (a
    /// field of a nil met further down the chain still fails).
    pub(crate) fn at_var<'v>(
        &self,
        var: Val<'v>,
        chain: &str,
        expr: &str,
    ) -> Result<Val<'v>, RenderError> {
        if var.is_none_or(Value::is_null) {
            return Ok(None);
        }
        self.at(var, chain, expr)
    }

    /// `range <value>`: entries of a map by key, items of a list by index.
    pub(crate) fn range<'v>(
        &self,
        value: Val<'v>,
        expr: &str,
    ) -> Result<Vec<(Key, &'v Value)>, RenderError> {
        gotmpl::range(value, expr).map_err(|e| self.exec(e))
    }

    /// `eq <value> "text"`.
    pub(crate) fn eq(&self, value: Val<'_>, text: &str, expr: &str) -> Result<bool, RenderError> {
        gotmpl::eq_str(value, text, expr).map_err(|e| self.exec(e))
    }

    /// A Sprig function's string parameter.
    pub(crate) fn string<'v>(&self, value: Val<'v>, expr: &str) -> Result<&'v str, RenderError> {
        gotmpl::string_arg(value, expr).map_err(|e| self.exec(e))
    }

    /// `include "name"`: `appName` printed; the chart's `required` fails
    /// for nil and the empty string.
    pub(crate) fn app(&self) -> Result<&'a str, RenderError> {
        self.required_app(self.path)
    }

    /// `{{ template "name" . }}`: as [`Tpl::app`], but Helm places the
    /// failure of `required` in `_helpers.tpl` (a `template` call is not
    /// wrapped the way `include` is).
    pub(crate) fn app_by_template(&self) -> Result<&'a str, RenderError> {
        self.required_app("app/templates/_helpers.tpl")
    }

    /// `appName`, or `required`'s failure placed where Helm places it.
    fn required_app(&self, template: &str) -> Result<&'a str, RenderError> {
        self.s
            .app
            .as_deref()
            .ok_or_else(|| RenderError::MissingAppName {
                template: template.to_owned(),
            })
    }

    fn note_broken(&self, reason: String) {
        let mut broken = self.broken.borrow_mut();
        if broken.is_none() {
            *broken = Some(reason);
        }
    }

    /// `key: TEXT` read back (nil when the output would not parse there).
    pub(crate) fn value(&self, text: &str) -> Value {
        readback::value(&without_no_value(text)).unwrap_or_else(|reason| {
            self.note_broken(reason);
            Value::Null
        })
    }

    /// `key: {{ x }}`.
    pub(crate) fn plain(&self, value: Val<'_>) -> Value {
        self.value(&gotmpl::print(value))
    }

    /// `- TEXT` read back.
    pub(crate) fn item(&self, text: &str) -> Value {
        readback::item(&without_no_value(text)).unwrap_or_else(|reason| {
            self.note_broken(reason);
            Value::Null
        })
    }

    /// `key: "TEXT"` read back.
    pub(crate) fn quoted(&self, text: &str) -> Value {
        readback::in_quotes(&without_no_value(text)).unwrap_or_else(|reason| {
            self.note_broken(reason);
            Value::Null
        })
    }

    /// `key: {{ x | quote }}`: a string, or nil for nil.
    pub(crate) fn quote(&self, value: Val<'_>) -> Value {
        gotmpl::quote(value).map_or(Value::Null, Value::String)
    }

    /// `TEXT: …` read back as a key.
    pub(crate) fn key(&self, text: &str) -> String {
        readback::key(&without_no_value(text)).unwrap_or_else(|reason| {
            self.note_broken(reason);
            String::new()
        })
    }

    /// Marks the output as not YAML for a reason the template itself causes
    /// (a misplaced line, an indentation the chart gets wrong).
    pub(crate) fn breaks(&self, reason: impl Into<String>) {
        self.note_broken(reason.into());
    }

    /// Labels `app`, `chart`, `release` (the common trio).
    pub(crate) fn labels(&self) -> Result<Value, RenderError> {
        Ok(Obj::new()
            .with("app", self.value(self.app()?))
            .with("chart", self.chart_label())
            .with("release", self.quoted(self.release()))
            .into())
    }

    /// Labels `app`, `appver`, `chart`, `release` (objects that carry the
    /// image version).
    pub(crate) fn versioned_labels(&self, app: &str) -> Result<Obj, RenderError> {
        self.versioned_labels_with(app, &[])
    }

    /// [`Tpl::versioned_labels`] with more labels after `appver`.
    pub(crate) fn versioned_labels_with(
        &self,
        app: &str,
        extra: &[(&str, &str)],
    ) -> Result<Obj, RenderError> {
        let mut labels = Obj::new()
            .with("app", self.value(app))
            .with("appver", secrets::appver(self)?);
        for (key, value) in extra {
            labels = labels.with(key, *value);
        }
        Ok(labels
            .with("chart", self.chart_label())
            .with("release", self.quoted(self.release())))
    }

    /// Selector `app`, `release`.
    pub(crate) fn selector(&self) -> Result<Value, RenderError> {
        Ok(Obj::new()
            .with("app", self.value(self.app()?))
            .with("release", self.quoted(self.release()))
            .into())
    }
}

/// The text as Helm's output has it: every `<no value>` removed.
fn without_no_value(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(gotmpl::NO_VALUE) {
        std::borrow::Cow::Owned(text.replace(gotmpl::NO_VALUE, ""))
    } else {
        std::borrow::Cow::Borrowed(text)
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

    /// Adds a key (a key written twice keeps the last value, as go-yaml does).
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

    /// A copy of the object built so far.
    pub(crate) fn clone_obj(&self) -> Obj {
        Obj(self.0.clone())
    }

    /// Adds every entry of a map value (a `toYaml` block written in place,
    /// keys sorted; a key already there takes the later value).
    pub(crate) fn extend(mut self, value: Val<'_>) -> Self {
        if let Value::Object(map) = gotmpl::to_yaml(value) {
            for (k, v) in map {
                self.0.insert(k, v);
            }
        }
        self
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

/// A template's render function.
type Render = fn(&Tpl<'_>, &mut Vec<Draft>) -> Result<(), RenderError>;

/// One template file of the chart and the releases that have it.
struct Template {
    /// Its path as Helm names it.
    path: &'static str,
    /// Whether a release has the file.
    exists: fn(ChartVersion) -> bool,
    /// What it renders.
    render: Render,
}

fn always(_: ChartVersion) -> bool {
    true
}

/// Every template file of every release.
const TEMPLATES: [Template; 33] = [
    Template {
        path: "app/templates/NOTES.txt",
        exists: |v| v.has(Feature::Notes),
        render: notes::render,
    },
    Template {
        path: "app/templates/_helpers.tpl",
        exists: always,
        render: |_, _| Ok(()),
    },
    Template {
        path: "app/templates/alert-rules.yaml",
        exists: always,
        render: alerts::render,
    },
    Template {
        path: "app/templates/cache-configmap.yaml",
        exists: |v| v.has(Feature::Cache),
        render: cache::configmap,
    },
    Template {
        path: "app/templates/cache-deployment.yaml",
        exists: |v| v.has(Feature::Cache),
        render: cache::deployment,
    },
    Template {
        path: "app/templates/cache-service.yaml",
        exists: |v| v.has(Feature::Cache),
        render: cache::service,
    },
    Template {
        path: "app/templates/cache-servicemonitor.yaml",
        exists: |v| v.has(Feature::ServiceMonitor),
        render: cache::service_monitor,
    },
    Template {
        path: "app/templates/cloudflare-hook.yaml",
        exists: always,
        render: extras::cloudflare,
    },
    Template {
        path: "app/templates/configfiles.yaml",
        exists: always,
        render: config::files,
    },
    Template {
        path: "app/templates/configmap.yaml",
        exists: always,
        render: config::env,
    },
    Template {
        path: "app/templates/cronjob.yaml",
        exists: always,
        render: workloads::cronjobs,
    },
    Template {
        path: "app/templates/deployment.yaml",
        exists: always,
        render: deployment::render,
    },
    Template {
        path: "app/templates/httproute.yaml",
        exists: |v| v >= Feature::HttpRoute.since(),
        render: routing::render,
    },
    Template {
        path: "app/templates/ingress.yaml",
        exists: always,
        render: ingress::render,
    },
    Template {
        path: "app/templates/job.yaml",
        exists: always,
        render: workloads::jobs,
    },
    Template {
        path: "app/templates/kube-hpa.yaml",
        exists: always,
        render: scaling::hpa,
    },
    Template {
        path: "app/templates/pdb.yaml",
        exists: always,
        render: scaling::pdb,
    },
    Template {
        path: "app/templates/persistant-volime.yaml",
        exists: |v| !v.has(Feature::PersistentVolumeFileName),
        render: storage::claim,
    },
    Template {
        path: "app/templates/persistent-volume.yaml",
        exists: |v| v.has(Feature::PersistentVolumeFileName),
        render: storage::claim,
    },
    Template {
        path: "app/templates/rbac.yaml",
        exists: always,
        render: extras::rbac,
    },
    Template {
        path: "app/templates/secrets/_helpers.tpl",
        exists: always,
        render: |_, _| Ok(()),
    },
    Template {
        path: "app/templates/secrets/aws-secret-provider.yaml",
        exists: always,
        render: secrets::aws,
    },
    Template {
        path: "app/templates/secrets/vault-static-secret.yaml",
        exists: always,
        render: secrets::vault,
    },
    Template {
        path: "app/templates/service-external-name.yaml",
        exists: always,
        render: services::external_name,
    },
    Template {
        path: "app/templates/service-external.yaml",
        exists: always,
        render: services::external,
    },
    Template {
        path: "app/templates/service-headless.yaml",
        exists: always,
        render: services::headless,
    },
    Template {
        path: "app/templates/service-internal.yaml",
        exists: always,
        render: services::internal,
    },
    Template {
        path: "app/templates/service.yaml",
        exists: always,
        render: services::cluster_ip,
    },
    Template {
        path: "app/templates/servicemonitor.yaml",
        exists: |v| v.has(Feature::ServiceMonitor),
        render: monitoring::render,
    },
    Template {
        path: "app/templates/storage-class.yaml",
        exists: always,
        render: storage::class,
    },
    Template {
        path: "app/templates/vault-certs-crd.yaml",
        exists: always,
        render: extras::vault_cert,
    },
    Template {
        path: "app/templates/vault-crd.yaml",
        exists: always,
        render: secrets::legacy,
    },
    Template {
        path: "app/templates/worker.yaml",
        exists: always,
        render: workloads::workers,
    },
];

/// Helm's execution order of a release's templates: deeper paths first,
/// then by path, descending (`sort.Reverse(byPathLen)`).
fn execution_order(version: ChartVersion) -> Vec<&'static Template> {
    let mut templates: Vec<&Template> = TEMPLATES.iter().filter(|t| (t.exists)(version)).collect();
    gg_sort::sort_by(&mut templates, |a, b| {
        let depth = |p: &str| p.matches('/').count();
        depth(b.path)
            .cmp(&depth(a.path))
            .then_with(|| b.path.cmp(a.path))
    });
    templates
}

/// Renders every k8app template for the merged values. Drafts come in the
/// templates' order; [`crate::order`] sorts them as `helm template` prints.
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
        app: None,
    };
    scope.app = scope
        .lookup("appName", ".Values.appName")
        .ok()
        .flatten()
        .map(|node| gotmpl::print(Some(scope.json(node))))
        .filter(|name| !name.is_empty());
    let mut out = Vec::new();
    let mut broken: Option<(&'static str, String)> = None;
    for template in execution_order(ctx.chart) {
        let tpl = Tpl::new(&scope, template.path);
        let mut drafts = Vec::new();
        (template.render)(&tpl, &mut drafts)?;
        for draft in &mut drafts {
            head::remove_no_value(&mut draft.object);
            if let Err(reason) = head::check(&draft.object) {
                tpl.breaks(reason);
            }
        }
        if let Some(reason) = tpl.broken.into_inner() {
            // Helm parses the files in path order after rendering all of them.
            if broken
                .as_ref()
                .is_none_or(|(path, _)| template.path < *path)
            {
                broken = Some((template.path, reason));
            }
            continue;
        }
        out.extend(drafts);
    }
    if let Some((template, detail)) = broken {
        return Err(RenderError::Yaml {
            template: template.to_owned(),
            detail,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_run_in_helms_order() {
        let order: Vec<&str> = execution_order(ChartVersion::new(3, 8, 0))
            .into_iter()
            .map(|t| t.path.trim_start_matches("app/templates/"))
            .collect();
        assert_eq!(order.first(), Some(&"secrets/vault-static-secret.yaml"));
        assert_eq!(order.get(3), Some(&"worker.yaml"));
        assert_eq!(order.last(), Some(&"_helpers.tpl"));
        let newest = execution_order(ChartVersion::NEWEST);
        assert_eq!(
            newest.last().map(|t| t.path),
            Some("app/templates/NOTES.txt")
        );
    }
}
