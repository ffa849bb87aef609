//! The problems the renderer marks on the objects it renders — an API
//! version the clusters no longer serve, a chart release's bug the values run
//! into — each a finding under the problem's own rule
//! (`removed-api-version`, `workload-secrets-missing`, …). What does not read
//! back through an object's model has no rule of its own: the value rules
//! report it at the values.
//!
//! The renderer knows which chart release has which bug, so these rules are
//! gated on the pinned version for free. A finding points at the first value
//! causing the problem that a values file sets (not the chart's defaults) —
//! a scalar's value, a block's key — else at the start of the environment's
//! overlay.

use gg_diagnostic::{Diagnostic, Location};
use gg_platform::locate::{key_location, merged_location};
use gg_render::{Problem, RenderedObject};
use gg_yaml::{LayerKind, MergedNode};

use crate::context::EnvContext;

/// Reports every problem of every rendered object.
pub(crate) fn check(env: &EnvContext<'_>, objects: &[RenderedObject], out: &mut Vec<Diagnostic>) {
    for object in objects {
        for problem in &object.problems {
            let Some(rule) = problem.rule else {
                continue;
            };
            let location = cause(env, problem).map_or_else(
                || Location::file_start(env.overlay),
                |node| {
                    // A block (a worker's entry, an extension) is named by its key.
                    if node.as_scalar().is_some() {
                        merged_location(node)
                    } else {
                        key_location(&node.provenance.origin)
                    }
                },
            );
            let mut finding = rule
                .finding(location, problem.message.clone())
                .with_env(env.env_name());
            if let Some(fix) = &problem.fix {
                finding = finding.with_help(fix.clone());
            }
            out.push(finding);
        }
    }
}

/// The first value causing `problem` that a values file sets.
fn cause<'m>(env: &'m EnvContext<'_>, problem: &Problem) -> Option<&'m MergedNode> {
    problem.values.iter().find_map(|keys| {
        keys.iter()
            .try_fold(&env.merged.root, |node, key| node.child(key))
            .filter(|node| node.provenance.origin.kind != LayerKind::ChartDefaults)
    })
}
