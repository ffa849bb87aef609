//! gitops-guard's render of a case, through the library entry point that
//! reads values files as `helm template -f` does.

use std::time::{Duration, Instant};

use gg_k8app::ChartVersion;
use gg_render::{
    ApiVersions, RenderContext, RenderError, RenderedObject, ValuesFile, render_values_files,
};

use super::case::Case;
use super::outcome::Outcome;

/// gitops-guard's render of the case, as the library returns it.
fn result(version: ChartVersion, case: &Case) -> Result<Vec<RenderedObject>, RenderError> {
    let files: Vec<ValuesFile<'_>> = case
        .files
        .iter()
        .map(|f| ValuesFile {
            name: &f.name,
            text: &f.text,
        })
        .collect();
    let ctx = RenderContext {
        release: case.release.clone(),
        namespace: case.namespace.clone(),
        chart: version,
        api_versions: ApiVersions::with_extra(case.api_versions.iter().cloned()),
        kube_version: gg_platform::KubeVersion::PLATFORM,
        annotate: true,
    };
    render_values_files(&files, &ctx)
}

/// The objects gitops-guard renders for the case with their problems; none
/// when the render fails.
pub(crate) fn objects(version: ChartVersion, case: &Case) -> Vec<RenderedObject> {
    result(version, case).unwrap_or_default()
}

/// Renders the case with gitops-guard.
pub(crate) fn render(version: ChartVersion, case: &Case) -> (Outcome, Duration) {
    let started = Instant::now();
    let result = result(version, case);
    let took = started.elapsed();
    (Outcome::of_render(result, RenderError::location), took)
}
