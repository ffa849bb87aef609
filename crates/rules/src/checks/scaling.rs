//! Scaling objects: `hpa-pdb-in-dev`, `pdb-min-and-max`.

use gg_naming::{EnvKind, EnvName};
use gg_yaml::{LayerKind, NodeKind};

use crate::context::{EnvContext, FileContext};
use crate::values::merged_text;
use gg_diagnostic::Diagnostic;
use gg_diagnostic::rules;
use gg_platform::locate::{merged_location, node_location};

/// `hpa.enabled` / `pdb.enabled` in `default.yaml` or a dev overlay.
pub(crate) fn check_file(file: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let dev_like = file.env.is_none_or(|env| {
        EnvName::new(env).is_ok_and(|e| matches!(e.kind(), EnvKind::Dev | EnvKind::Local))
    });
    if !dev_like {
        return;
    }
    for object in ["hpa", "pdb"] {
        let Some(node) = file.get(&[object, "enabled"]) else {
            continue;
        };
        if node.kind != NodeKind::Bool(true) {
            continue;
        }
        let (message, help) = match file.env {
            None => (
                format!(
                    "`{object}.enabled` in default.yaml turns it on in every environment, dev included"
                ),
                format!("enable `{object}` only in the staging and prod overlays"),
            ),
            Some(_) => (
                format!("`{object}.enabled` in a development environment"),
                format!(
                    "drop `{object}` from the dev overlay: a single dev replica cannot satisfy it and blocks node drains"
                ),
            ),
        };
        out.push(
            rules::HPA_PDB_IN_DEV
                .finding(node_location(file.path, node), message)
                .with_help(help),
        );
    }
}

/// The chart renders both `minAvailable` and its default `maxUnavailable: 1`.
pub(crate) fn check_env(env: &EnvContext<'_>, out: &mut Vec<Diagnostic>) {
    if !env.truthy("pdb.enabled")
        || !env.truthy("pdb.minAvailable")
        || !env.truthy("pdb.maxUnavailable")
    {
        return;
    }
    let (Some(min), Some(max)) = (
        env.merged.get_dotted("pdb.minAvailable"),
        env.merged.get_dotted("pdb.maxUnavailable"),
    ) else {
        return;
    };
    let origin = &max.provenance.origin;
    let (max_said, help) = if origin.kind == LayerKind::ChartDefaults {
        (
            "`pdb.maxUnavailable` (chart default 1) survives the merge".to_owned(),
            "add `maxUnavailable: null` next to `minAvailable`, or use only `maxUnavailable`",
        )
    } else {
        (
            format!(
                "`pdb.maxUnavailable: {}` is set in {}",
                merged_text(max),
                origin.file
            ),
            "keep one of `minAvailable` and `maxUnavailable` (set the other to `null`)",
        )
    };
    out.push(
        rules::PDB_MIN_AND_MAX
            .finding(
                merged_location(min),
                format!("`pdb.minAvailable` is set while {max_said}: the PodDisruptionBudget gets both fields and the API server rejects it"),
            )
            .with_help(help)
            .with_env(env.env_name()),
    );
}
