//! `environment-mismatch`: a release runs with an `environment` other than the
//! environment it deploys to, and the chart renders something differently
//! for it (a secret path, `SENTRY_ENVIRONMENT`, a `{env}` placeholder).
//!
//! Where the wrong value comes from decides where the finding points: the
//! overlay's own `environment:` (at its value), one inherited from
//! `default.yaml` or the platform's k8app defaults (at that value, naming
//! the overlays that inherit it), or none at all (the chart's empty
//! default; at the overlay's first line, as a warning).

mod edits;
mod effects;

use gg_diagnostic::{Diagnostic, Edit, Fix, Location, Rule, Severity, rules};
use gg_platform::locate::merged_location;
use gg_platform::{FileRole, ServiceFile};
use gg_render::{RenderContext, RenderedObject};
use gg_yaml::{LayerKind, MergedNode, Node};

use crate::context::{EnvContext, PlatformContext};

const RULE: &Rule = &rules::ENVIRONMENT_MISMATCH;

/// Compares the release as rendered (`rendered`) with the release rendered
/// with `environment` set to the environment it deploys to.
pub(crate) fn check_env(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    render_ctx: &RenderContext,
    rendered: &[RenderedObject],
    out: &mut Vec<Diagnostic>,
) {
    let name = env.env_name();
    let node = env.merged.get_dotted("environment");
    let written = node
        .and_then(MergedNode::as_scalar)
        .and_then(Node::helm_text)
        .unwrap_or_default();
    if written == name {
        return;
    }
    let changes = effects::changes(&env.merged, rendered, render_ctx, name);
    if changes.is_empty() {
        return;
    }
    let changed = effects::summary(&changes);
    let finding = match node.map(|n| n.provenance.origin.kind) {
        Some(LayerKind::EnvOverlay) => node.map(|n| overlay_value(env, n, &written, &changed)),
        Some(LayerKind::ServiceDefault | LayerKind::PlatformDefaults) => {
            node.map(|n| inherited(ctx, env, n, &written, &changed))
        }
        _ => Some(missing(env, &changed)),
    };
    if let Some(finding) = finding {
        out.push(finding.with_env(name));
    }
}

/// The overlay writes another environment's name.
fn overlay_value(
    env: &EnvContext<'_>,
    node: &MergedNode,
    written: &str,
    changed: &str,
) -> Diagnostic {
    let name = env.env_name();
    let finding = RULE
        .finding(
            merged_location(node),
            format!("`environment: {written}` in the overlay of environment `{name}`; it changes {changed}"),
        )
        .with_help(format!(
            "write `environment: {name}`: k8app puts it into secret paths, `{{env}}` placeholders and SENTRY_ENVIRONMENT"
        ));
    let edit = env
        .service
        .overlay(name)
        .zip(node.as_scalar())
        .and_then(|(file, scalar)| edits::replace_value(file, scalar, name));
    with_fix(finding, vec![env.overlay.to_owned()], edit.map(|e| vec![e]))
}

/// The overlay sets none and inherits another environment's name from a
/// file every environment reads.
fn inherited(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    node: &MergedNode,
    written: &str,
    changed: &str,
) -> Diagnostic {
    let heirs = heirs(ctx, env, written);
    let names: Vec<&str> = heirs
        .iter()
        .map(|(_, file)| file_name(&file.file.path))
        .collect();
    let from = file_name(&node.provenance.origin.file);
    let finding = RULE
        .finding(
            merged_location(node),
            format!(
                "`environment: {written}` in {from} applies to {}, which {}; it changes {changed}",
                names.join(", "),
                if names.len() == 1 {
                    "sets no `environment:` of its own"
                } else {
                    "set no `environment:` of their own"
                }
            ),
        )
        .with_help(format!(
            "add `environment: <env>` to {}: a value in {from} is inherited by every environment that does not set its own",
            names.join(", ")
        ));
    let files = heirs
        .iter()
        .map(|(_, file)| file.file.path.clone())
        .collect();
    let edits = heirs
        .iter()
        .map(|(heir, file)| edits::add_environment(file, heir))
        .collect();
    with_fix(finding, files, edits)
}

/// Neither the overlay nor a file below it sets `environment:`, so the chart
/// renders its empty default.
fn missing(env: &EnvContext<'_>, changed: &str) -> Diagnostic {
    let name = env.env_name();
    let finding = RULE
        .finding(
            Location::file_start(env.overlay),
            format!("the overlay of environment `{name}` does not set `environment:`, so the chart renders it empty; it changes {changed}"),
        )
        .with_severity(Severity::Warning)
        .with_help(format!("add `environment: {name}` to the overlay"));
    let edit = env
        .service
        .overlay(name)
        .and_then(|file| edits::add_environment(file, name));
    with_fix(finding, vec![env.overlay.to_owned()], edit.map(|e| vec![e]))
}

/// The enabled environments whose overlay sets no `environment:` and so
/// inherits `written`, with their overlays, in platform order.
fn heirs<'s>(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'s>,
    written: &str,
) -> Vec<(&'s str, &'s ServiceFile)> {
    let mut heirs = env
        .service
        .files
        .iter()
        .filter_map(|file| match &file.role {
            FileRole::Overlay(name)
                if name != written && (name == env.env_name() || ctx.envs.contains(name)) =>
            {
                let root = file.file.node.as_ref()?;
                root.get_path(&["environment"])
                    .is_none()
                    .then_some((name.as_str(), file))
            }
            _ => None,
        })
        .collect::<Vec<_>>();
    gg_sort::sort_by_key(&mut heirs, |(name, _)| {
        ctx.envs.iter().position(|e| e == name)
    });
    heirs
}

/// The last component of a path (`staging.yaml`).
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The finding with its fix: `environment` to set in `files`, with the edits
/// when every one of them can take its edit.
fn with_fix(finding: Diagnostic, files: Vec<String>, edits: Option<Vec<Edit>>) -> Diagnostic {
    finding.with_fix(Fix {
        key: Some("environment".to_owned()),
        files,
        owner: None,
        edits: edits.unwrap_or_default(),
    })
}
