//! What the platform's own charts render, as ArgoCD acts on it: a chart
//! Helm cannot render, documents a chart glues together and so loses, and
//! every ApplicationSet they render expanded as the ApplicationSet
//! controller expands it, one it cannot generate Applications from reported;
//! then the rendered objects' names and namespaces.

use std::collections::BTreeSet;

use gg_diagnostic::{Diagnostic, Location, rules};
use gg_platform::locate::{key_location, node_location, span_location};
use gg_platform::{Platform, YamlFile};
use gg_render::{
    AppSetError, ChartRender, JoinedDocuments, RenderTime, RenderedObject, expand_application_set,
    render_platform_charts,
};
use gg_yaml::{LayerKind, Node, NodeKind};

use super::platform_namespaces::{self, Rendered};
use super::{platform_failure, platform_names};

/// Reports each chart that fails, the documents each rendered chart loses,
/// each rendered ApplicationSet from which ArgoCD generates nothing, and
/// the names and namespaces of the rendered objects.
pub(crate) fn check(platform: &Platform, out: &mut Vec<Diagnostic>) {
    let Some(base) = platform.files.as_ref().and_then(|f| f.base.as_ref()) else {
        return;
    };
    // The time names the bootstrap Job only; no ApplicationSet reads it, and
    // its length is the same at any time.
    let charts = render_platform_charts(platform, RenderTime::from_unix_seconds(0));
    let mut rendered = Vec::new();
    let mut seen_names = BTreeSet::new();
    for chart in &charts {
        out.extend(platform_failure::check(chart, base));
        let Ok(objects) = &chart.objects else {
            continue;
        };
        let mut generated = Vec::new();
        for appset in objects.iter().filter(|o| o.kind == "ApplicationSet") {
            let expansion = expand_application_set(&appset.object);
            if let Some(error) = expansion.errors.iter().find(|e| e.stops_generation()) {
                out.push(not_generated(chart, appset, error, base));
            }
            generated.extend(expansion.applications.into_iter().map(|a| a.application));
        }
        platform_names::check(chart, objects, &generated, base, &mut seen_names, out);
        rendered.push(Rendered {
            chart,
            objects,
            generated,
        });
    }
    let created = platform_namespaces::created(&rendered);
    for chart in &charts {
        for joined in &chart.joined {
            out.push(lost_documents(chart, joined, base, &created));
        }
    }
    platform_namespaces::check(&rendered, &created, base, out);
}

/// The finding for an ApplicationSet from which ArgoCD generates nothing.
fn not_generated(
    chart: &ChartRender,
    appset: &RenderedObject,
    error: &AppSetError,
    base: &YamlFile,
) -> Diagnostic {
    let message = format!(
        "ArgoCD generates no Application from ApplicationSet `{}` ({}): {error}",
        appset.name, chart.chart
    );
    if matches!(error, AppSetError::ListValueNotString { key, .. } if key == "autoSync") {
        rules::APPLICATIONSET_NOT_GENERATED
            .finding(auto_sync_location(base), message)
            .with_help(AUTO_SYNC_HELP)
    } else {
        rules::APPLICATIONSET_NOT_GENERATED
            .finding(Location::file_start(base.path.clone()), message)
            .with_help("change the platform value the message names; `gitops-guard platform render --expand` shows the ApplicationSet and what ArgoCD makes of it")
    }
}

/// The finding for documents a template glued into one; it names the
/// namespaces of lost documents that nothing creates, where they would fail
/// once the template is fixed.
fn lost_documents(
    chart: &ChartRender,
    joined: &JoinedDocuments,
    base: &YamlFile,
    created: &BTreeSet<&str>,
) -> Diagnostic {
    let message = joined.to_string();
    let lost = if joined.lost_documents.is_empty() {
        format!("{} document(s)", joined.lost)
    } else {
        joined.lost_documents.join(", ")
    };
    let mut nowhere: Vec<&str> = joined
        .lost_documents
        .iter()
        .filter_map(|head| head.split_once(' ')?.1.split_once('/').map(|(ns, _)| ns))
        .filter(|ns| !ns.is_empty() && !created.contains(ns))
        .collect();
    gg_sort::sort(&mut nowhere);
    nowhere.dedup();
    let nowhere = if nowhere.is_empty() {
        String::new()
    } else {
        format!(
            " Once it is, the lost objects in {} fail too: nothing creates {} (`namespace-not-created`)",
            nowhere.join(", "),
            if nowhere.len() == 1 {
                "that namespace"
            } else {
                "those namespaces"
            }
        )
    };
    let help = format!(
        "lost: {lost}; only {} (with the keys the lost ones did not overwrite) is applied. Fix the chart's template so each `---` starts its line, or create the lost objects another way; `gitops-guard platform render` shows what reaches the cluster.{nowhere}",
        joined.kept
    );
    rules::PLATFORM_DOCUMENTS_LOST
        .finding(driver_location(chart, joined.template, base), message)
        .with_help(help)
}

/// Where a platform values file sets the value that makes `template` write
/// its documents, else the start of `platform/base.yaml`.
fn driver_location(chart: &ChartRender, template: &str, base: &YamlFile) -> Location {
    let drivers: &[&str] = match template {
        "platform-core/templates/reference-grant.yaml" => &["gateway.enabled", "environments"],
        _ => &[],
    };
    drivers
        .iter()
        .filter_map(|path| chart.values.as_ref()?.get_dotted(path))
        .map(|node| &node.provenance.origin)
        .find(|origin| origin.kind == LayerKind::PlatformFile)
        .map_or_else(|| Location::file_start(base.path.clone()), key_location)
}

const AUTO_SYNC_HELP: &str = "platform-core writes each environment's `autoSync` into the list generator's elements, which take strings only without goTemplate: write `autoSync: \"true\"` (or `\"false\"`) in every environment";

/// The first enabled environment's `autoSync` that is not a string (its key
/// when it has none), else the `environments` mapping, else the file.
fn auto_sync_location(base: &YamlFile) -> Location {
    let file_start = || Location::file_start(base.path.clone());
    let Some(environments) = base
        .node
        .as_ref()
        .and_then(|n| n.get_path(&["environments"]))
    else {
        return file_start();
    };
    let Some(entries) = environments.as_map().map(|m| &m.entries) else {
        return node_location(&base.path, environments);
    };
    entries
        .iter()
        .filter(|(_, env)| enabled(env))
        .find_map(|(key, env)| match env.get_path(&["autoSync"]) {
            Some(Node {
                kind: NodeKind::String(_),
                ..
            }) => None,
            Some(value) => Some(node_location(&base.path, value)),
            None => Some(span_location(&base.path, key.span)),
        })
        .unwrap_or_else(|| node_location(&base.path, environments))
}

/// `{{ if $env.enabled }}`: Go templates' truth of the value.
fn enabled(env: &Node) -> bool {
    match env.get_path(&["enabled"]).map(|n| &n.kind) {
        None | Some(NodeKind::Null | NodeKind::Bool(false)) => false,
        Some(NodeKind::String(text)) => !text.is_empty(),
        Some(NodeKind::Int(n)) => *n != 0,
        Some(_) => true,
    }
}
