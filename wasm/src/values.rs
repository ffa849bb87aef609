//! `values`: a service's merged values for one environment with the file and
//! line of every value (what `gitops-guard values` prints).

use std::collections::BTreeMap;

use gg_yaml::{LayerKind, Leaf, Merged, Origin, annotated_yaml};
use serde::Serialize;

use crate::project::{find_service, require_overlay};
use crate::{Project, WasmError};

/// Where a value was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueOrigin {
    /// The file (the chart's defaults file for chart defaults).
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The file's place in Helm's chain: `chart-defaults`, `platform-defaults`,
    /// `service-default` or `env-overlay`.
    pub layer: LayerKind,
}

impl From<&Origin> for ValueOrigin {
    fn from(origin: &Origin) -> Self {
        Self {
            file: origin.file.to_string(),
            line: origin.span.start.line,
            column: origin.span.start.column,
            layer: origin.kind,
        }
    }
}

/// The provenance of one leaf value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeafProvenance {
    /// The value that won the merge.
    #[serde(flatten)]
    pub origin: ValueOrigin,
    /// Earlier values it replaced, oldest first.
    pub overrides: Vec<ValueOrigin>,
}

/// A key an explicit `null` removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletedKey {
    /// The dotted path of the key.
    pub path: String,
    /// The `null` that removed it.
    pub by: ValueOrigin,
}

/// The merged values of a service in an environment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValuesReport {
    /// The service.
    pub service: String,
    /// The environment.
    pub env: String,
    /// The ArgoCD Application (= Helm release) `{service}-{env}`.
    pub application: String,
    /// The namespace it deploys to.
    pub namespace: String,
    /// The merged values.
    pub values: serde_json::Value,
    /// Every leaf's provenance, by dotted path (`image.tag`, `ports.0.name`).
    pub provenance: BTreeMap<String, LeafProvenance>,
    /// Keys deleted by an explicit `null`.
    pub deletions: Vec<DeletedKey>,
    /// The values as YAML with a `# file:line` comment beside every value.
    pub yaml: String,
}

/// Merges `service` (a name or directory) for `env` as Helm will.
pub fn values(project: &Project, service: &str, env: &str) -> Result<ValuesReport, WasmError> {
    let platform = project.platform();
    let found = find_service(&platform, service)?;
    require_overlay(&platform, found, env)?;
    let merged = platform.merged_values(found, env);
    let name = found.name.value.clone();
    Ok(ValuesReport {
        application: format!("{name}-{env}"),
        namespace: platform.settings.namespace(env),
        service: name,
        env: env.to_owned(),
        values: merged.to_json(),
        provenance: provenance(&merged),
        deletions: merged
            .deletions
            .iter()
            .map(|d| DeletedKey {
                path: d.path.to_string(),
                by: ValueOrigin::from(&d.by),
            })
            .collect(),
        yaml: annotated_yaml(&merged),
    })
}

fn provenance(merged: &Merged) -> BTreeMap<String, LeafProvenance> {
    gg_sort::btree_map(merged.leaves().iter().map(|Leaf { path, node }| {
        let provenance = &node.provenance;
        (
            path.to_string(),
            LeafProvenance {
                origin: ValueOrigin::from(&provenance.origin),
                overrides: provenance
                    .overridden
                    .iter()
                    .map(ValueOrigin::from)
                    .collect(),
            },
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProjectOptions;
    use crate::project::tests::shop;

    #[test]
    fn every_value_names_the_file_and_line_that_won() {
        let project = Project::new(shop(), ProjectOptions::default()).unwrap();
        let report = values(&project, "orders", "dev").unwrap();
        assert_eq!(report.application, "orders-dev");
        assert_eq!(report.values["image"]["tag"], "1");
        let tag = &report.provenance["image.tag"];
        assert_eq!(tag.origin.file, "svc/orders/.cicd/dev.yaml");
        assert_eq!((tag.origin.line, tag.origin.column), (4, 8));
        assert_eq!(tag.origin.layer, LayerKind::EnvOverlay);
        assert_eq!(tag.overrides.len(), 1, "the chart default tag");
        assert!(
            report.yaml.contains("svc/orders/.cicd/dev.yaml:4"),
            "{}",
            report.yaml
        );
    }

    #[test]
    fn a_missing_overlay_is_an_error() {
        let project = Project::new(shop(), ProjectOptions::default()).unwrap();
        assert!(values(&project, "orders", "prod").is_err());
    }

    #[test]
    fn null_deletions_are_listed() {
        let mut files = shop();
        files.insert(
            "svc/orders/.cicd/default.yaml".to_owned(),
            "appName: orders\npdb: null\n".to_owned(),
        );
        let project = Project::new(files, ProjectOptions::default()).unwrap();
        let report = values(&project, "orders", "dev").unwrap();
        assert!(
            report.deletions.iter().any(|d| d.path == "pdb"),
            "{:?}",
            report.deletions
        );
    }
}
