//! Rendering from values files, as `helm template RELEASE <k8app> -n NS -f
//! a.yaml -f b.yaml` does: the chart's defaults of the version, then each file
//! in order (Helm's merge), then the templates. A file Helm cannot read fails
//! the render, as it fails `helm template`.

use gg_platform::{Platform, Service};
use gg_yaml::{Layer, LayerKind, Limits, Node, load_values, merge_layers};

use crate::error::RenderError;
use crate::{RenderContext, RenderedObject, render_service};

/// One values file given to Helm with `-f`.
#[derive(Debug, Clone, Copy)]
pub struct ValuesFile<'a> {
    /// The name findings and errors use (a path).
    pub name: &'a str,
    /// The file's text.
    pub text: &'a str,
}

/// Renders k8app for the values files, lowest priority first, on top of the
/// chart defaults of `ctx.chart`.
///
/// # Errors
/// [`RenderError::Values`] for a file Helm cannot read, else what
/// [`render_service`] fails with.
pub fn render_values_files(
    files: &[ValuesFile<'_>],
    ctx: &RenderContext,
) -> Result<Vec<RenderedObject>, RenderError> {
    let limits = Limits::helm();
    let defaults_name = gg_k8app::chart_defaults_name(ctx.chart);
    let defaults = load_values(
        gg_k8app::chart_defaults_yaml(ctx.chart),
        &defaults_name,
        &limits,
    )
    .map_err(RenderError::from)?;
    let documents = files
        .iter()
        .map(|file| load_values(file.text, file.name, &limits).map_err(RenderError::from))
        .collect::<Result<Vec<_>, _>>()?;
    let mut layers = vec![Layer::new(
        &defaults_name,
        LayerKind::ChartDefaults,
        &defaults.root,
    )];
    layers.extend(
        files
            .iter()
            .zip(&documents)
            .map(|(file, doc)| Layer::new(file.name, LayerKind::ServiceDefault, &doc.root)),
    );
    render_service(&merge_layers(&layers), ctx)
}

/// Renders a platform's service in `env` as the Application's `helm
/// template` does: the service's value layers as the platform loaded them,
/// except that a file the platform could not load is read again as Helm
/// reads it (a key written twice: the last one wins) and fails the render
/// when Helm cannot read it either.
///
/// # Errors
/// [`RenderError::Values`] for a file Helm cannot read, else what
/// [`render_service`] fails with.
pub fn render_platform_service(
    platform: &Platform,
    service: &Service,
    env: &str,
    ctx: &RenderContext,
) -> Result<Vec<RenderedObject>, RenderError> {
    let layers = platform.value_layers(service, env);
    let limits = Limits::helm();
    let reread: Vec<Option<Node>> = layers
        .iter()
        .map(|layer| match (layer.node, layer.text) {
            (Some(_), _) => Ok(None),
            (None, Some(text)) => load_values(text, layer.file, &limits)
                .map(|doc| Some(doc.root))
                .map_err(RenderError::from),
            (None, None) => Err(RenderError::UnreadableValues(layer.file.to_owned())),
        })
        .collect::<Result<_, _>>()?;
    let inputs: Vec<Layer<'_>> = layers
        .iter()
        .zip(&reread)
        .filter_map(|(layer, again)| {
            let node = layer.node.or(again.as_ref())?;
            Some(Layer::new(layer.file, layer.kind, node))
        })
        .collect();
    render_service(&merge_layers(&inputs), ctx)
}
