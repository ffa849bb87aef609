//! The Helm value layers of one service in one environment, lowest priority
//! first, as ArgoCD passes them: chart defaults ← `shared/k8app-defaults.yaml`
//! ← `{path}/default.yaml` ← `{path}/{env}.yaml`.

use gg_yaml::{Layer, LayerKind, Node};
use serde::Serialize;

/// One value file of a service × environment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ValueLayer<'a> {
    /// Which file of the chain it is.
    pub kind: LayerKind,
    /// Its path (a virtual name for the chart defaults).
    pub file: &'a str,
    /// The document; `None` when the file is broken (an issue says why).
    pub node: Option<&'a Node>,
    /// The file's text, when it was read (a broken file's too).
    #[serde(skip)]
    pub text: Option<&'a str>,
}

impl<'a> ValueLayer<'a> {
    /// The layers whose document loaded, as inputs of [`gg_yaml::merge_layers`].
    pub fn merge_inputs(layers: &[ValueLayer<'a>]) -> Vec<Layer<'a>> {
        layers
            .iter()
            .filter_map(|layer| {
                layer
                    .node
                    .map(|node| Layer::new(layer.file, layer.kind, node))
            })
            .collect()
    }
}
