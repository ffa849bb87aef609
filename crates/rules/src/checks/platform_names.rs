//! `object-name-too-long` for the platform's own charts: the names,
//! namespaces and label values they build from the platform's prefix,
//! environments, services and groups (`{prefix}-{env}` namespaces, a
//! group's `gateway-{group}`, `mirror-domain` labels …), each checked
//! against the limit the API server holds it to, and reported once at the
//! platform value that makes up most of it.

use std::collections::BTreeSet;

use gg_diagnostic::{Diagnostic, Location, rules};
use gg_naming::NameRule;
use gg_platform::YamlFile;
use gg_render::{ChartRender, RenderedObject};
use serde_json::Value;

use super::platform_values::{base_start, longest_source};

/// Reports the rendered names, namespaces and label values the API server
/// rejects, in the chart's objects and in the Applications ArgoCD generates
/// from its ApplicationSets (`generated`), one finding per platform value
/// that makes them up; a text already reported (`seen`, shared by the
/// charts) is not reported again.
pub(crate) fn check(
    chart: &ChartRender,
    objects: &[RenderedObject],
    generated: &[Value],
    base: &YamlFile,
    seen: &mut BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    let rendered = objects.iter().map(|o| Checked {
        kind: &o.kind,
        shown: match &o.namespace {
            Some(namespace) => format!("{namespace}/{}", o.name),
            None => o.name.clone(),
        },
        name: &o.name,
        value: &o.object,
    });
    let generated = generated.iter().map(|application| {
        let name = text(application, "/metadata/name");
        Checked {
            kind: "Application",
            shown: format!(
                "{}/{name}, generated from the ApplicationSet,",
                text(application, "/metadata/namespace")
            ),
            name,
            value: application,
        }
    });
    let mut by_source: Vec<(Location, Vec<String>)> = Vec::new();
    for object in rendered.chain(generated) {
        for (what, text, rule) in object.texts() {
            let Err(error) = rule.check(&text) else {
                continue;
            };
            if !seen.insert(text.clone()) {
                continue;
            }
            let location = longest_source(chart, &text).unwrap_or_else(|| base_start(base));
            let problem = format!("{} `{}`: its {what}: {error}", object.kind, object.shown);
            match by_source.iter_mut().find(|(at, _)| *at == location) {
                Some((_, problems)) => problems.push(problem),
                None => by_source.push((location, vec![problem])),
            }
        }
    }
    for (location, problems) in by_source {
        let message = format!(
            "{} renders what the API server rejects: {}",
            chart.chart,
            problems.join("; ")
        );
        out.push(
            rules::OBJECT_NAME_TOO_LONG
                .finding(location, message)
                .with_help("shorten the platform value this points at (the namespace prefix, an environment, service or group name); `gitops-guard platform render --expand` shows every object the charts build from it"),
        );
    }
}

/// An object as the API server receives it, and how a finding names it.
struct Checked<'a> {
    /// `kind`.
    kind: &'a str,
    /// `namespace/name`, or the name of a cluster-scoped object.
    shown: String,
    /// `metadata.name`.
    name: &'a str,
    /// The object.
    value: &'a Value,
}

impl Checked<'_> {
    /// The object's name, the namespace it names and its label values, each
    /// with the rule it must meet.
    fn texts(&self) -> Vec<(String, String, NameRule)> {
        let mut texts = Vec::new();
        if !self.name.is_empty() {
            texts.push((
                "name".to_owned(),
                self.name.to_owned(),
                name_rule(self.kind),
            ));
        }
        let namespace = text(self.value, "/metadata/namespace");
        if !namespace.is_empty() {
            texts.push((
                "namespace".to_owned(),
                namespace.to_owned(),
                NameRule::Label,
            ));
        }
        let labels = self
            .value
            .pointer("/metadata/labels")
            .and_then(Value::as_object);
        for (key, value) in labels.into_iter().flatten() {
            if let Some(value) = value.as_str() {
                texts.push((
                    format!("label `{key}`"),
                    value.to_owned(),
                    NameRule::LabelValue,
                ));
            }
        }
        texts
    }
}

/// The string at `pointer`, empty when there is none.
fn text<'v>(value: &'v Value, pointer: &str) -> &'v str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The grammar a kind's name must meet: Namespaces and Jobs (whose name is
/// also a label value) RFC 1123 labels, Services RFC 1035 labels, CronJobs
/// 52 characters, everything else an RFC 1123 subdomain.
fn name_rule(kind: &str) -> NameRule {
    match kind {
        "Namespace" | "Job" => NameRule::Label,
        "Service" => NameRule::Rfc1035Label,
        "CronJob" => NameRule::CronJobName,
        _ => NameRule::Subdomain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_name_their_grammar() {
        assert_eq!(name_rule("Namespace"), NameRule::Label);
        assert_eq!(name_rule("ReferenceGrant"), NameRule::Subdomain);
        assert_eq!(name_rule("Service"), NameRule::Rfc1035Label);
    }
}
