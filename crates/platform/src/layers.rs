//! The Helm value layers of one service in one environment, lowest priority
//! first, as ArgoCD passes them: chart defaults ← `shared/k8app-defaults.yaml`
//! ← `{path}/default.yaml` ← `{path}/{env}.yaml`.

use gg_yaml::Node;
use serde::Serialize;

/// Which value file a layer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayerKind {
    /// The chart's own `values.yaml` for the platform's chart version.
    ChartDefaults,
    /// `shared/k8app-defaults.yaml` of the platform.
    PlatformDefaults,
    /// The service's `default.yaml`.
    ServiceDefaults,
    /// The service's `{env}.yaml`.
    EnvOverlay,
}

/// One value file of a service × environment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ValueLayer<'a> {
    /// Which file it is.
    pub kind: LayerKind,
    /// Its path (a virtual name for the chart defaults).
    pub file: &'a str,
    /// The document; `None` when the file is missing or broken (an issue says why).
    pub node: Option<&'a Node>,
}

impl<'a> ValueLayer<'a> {
    /// The layers whose document loaded, as `(file, node)` pairs for a merge.
    pub fn documents(layers: &[ValueLayer<'a>]) -> Vec<(&'a str, &'a Node)> {
        layers
            .iter()
            .filter_map(|layer| layer.node.map(|node| (layer.file, node)))
            .collect()
    }
}
