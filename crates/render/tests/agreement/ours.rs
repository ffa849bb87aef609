//! gitops-guard's render of a case, through the library entry point that
//! reads values files as `helm template -f` does.

use std::time::{Duration, Instant};

use gg_k8app::ChartVersion;
use gg_render::{ApiVersions, RenderContext, ValuesFile, render_values_files};

use super::case::Case;
use super::outcome::{Doc, Failure, Outcome};

/// Renders the case with gitops-guard.
pub(crate) fn render(version: ChartVersion, case: &Case) -> (Outcome, Duration) {
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
        annotate: true,
    };
    let started = Instant::now();
    let result = render_values_files(&files, &ctx);
    let took = started.elapsed();
    let outcome = match result {
        Ok(objects) => Outcome::Rendered(
            objects
                .into_iter()
                .map(|o| Doc {
                    source: o.source,
                    object: o.object,
                })
                .collect(),
        ),
        Err(error) => Outcome::Failed(Failure {
            at: error.location(),
            message: error.to_string(),
        }),
    };
    (outcome, took)
}
