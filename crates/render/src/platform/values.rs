//! The values a platform chart renders with, as ArgoCD's Application hands
//! them to Helm: the chart's defaults, then the platform's values files in
//! the Application's order (Helm's merge). A file Helm cannot read, or a
//! listed file that is missing, fails the render as it fails the sync.

use gg_platform::{PlatformFiles, YamlFile};
use gg_yaml::{Layer, LayerKind, Limits, Merged, Node, load_values, merge_layers};

use super::charts::PlatformChart;
use super::defaults::{chart_defaults, defaults_name};
use crate::error::RenderError;

/// The platform file at `relative` (to the platform root), when it exists.
pub(crate) fn platform_file<'f>(files: &'f PlatformFiles, relative: &str) -> Option<&'f YamlFile> {
    let path = if files.root.is_empty() || files.root == "." {
        relative.to_owned()
    } else {
        format!("{}/{relative}", files.root.trim_end_matches('/'))
    };
    [
        files.base.as_ref(),
        files.core.as_ref(),
        files.preview.as_ref(),
    ]
    .into_iter()
    .flatten()
    .chain(&files.others)
    .find(|file| file.path == path)
}

/// Whether the platform renders `chart`: platform-core always, the others
/// when their own values file exists.
pub(crate) fn chart_enabled(files: &PlatformFiles, chart: PlatformChart) -> bool {
    chart
        .enabled_by()
        .is_none_or(|file| platform_file(files, file).is_some())
}

/// The merged values of `chart`.
///
/// # Errors
/// [`RenderError::Values`] for a file Helm cannot read,
/// [`RenderError::MissingValues`] for a listed file that does not exist.
pub(crate) fn chart_values(
    files: &PlatformFiles,
    chart: PlatformChart,
) -> Result<Merged, RenderError> {
    let limits = Limits::helm();
    let mut read = Vec::new();
    for relative in chart.values_files() {
        let file = platform_file(files, relative)
            .ok_or_else(|| RenderError::MissingValues((*relative).to_owned()))?;
        let node = match (&file.node, &file.text) {
            (Some(node), _) => node.clone(),
            (None, Some(text)) => load_values(text, &file.path, &limits)?.root,
            (None, None) => return Err(RenderError::UnreadableValues(file.path.clone())),
        };
        read.push((file.path.as_str(), node));
    }
    let defaults = gg_k8app::node_from_json(&chart_defaults(chart));
    let name = defaults_name(chart);
    let mut layers = vec![Layer::new(&name, LayerKind::ChartDefaults, &defaults)];
    layers.extend(
        read.iter()
            .map(|(path, node): &(&str, Node)| Layer::new(path, LayerKind::PlatformFile, node)),
    );
    Ok(merge_layers(&layers))
}
