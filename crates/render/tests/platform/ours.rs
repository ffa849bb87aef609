//! gitops-guard's render of a platform repository's charts, through the
//! platform loader and the library's entry point.

use std::path::Path;
use std::time::{Duration, Instant};

use gg_platform::{FsSource, LoadOptions, load_platform};
use gg_render::{ChartRender, PlatformChart, RenderError, RenderTime, render_platform_charts};

use crate::outcome::Outcome;

/// Every chart the platform at `platform` enables, rendered.
pub(crate) fn render(platform: &Path) -> (Vec<(PlatformChart, Outcome)>, Duration) {
    let dir = platform.display().to_string();
    let options = LoadOptions {
        platform_dir: Some(dir.clone()),
        ..LoadOptions::default()
    };
    let loaded = load_platform(&FsSource, &[], &options);
    let started = Instant::now();
    let charts = render_platform_charts(&loaded, RenderTime::from_unix_seconds(0));
    let took = started.elapsed();
    let outcomes = charts
        .into_iter()
        .map(|render| (render.chart, outcome(render, &dir)))
        .collect();
    (outcomes, took)
}

fn outcome(render: ChartRender, root: &str) -> Outcome {
    Outcome::of_render(render.objects, |error| location(error, root))
}

/// Where the render failed, a values file named relative to the platform root.
fn location(error: &RenderError, root: &str) -> Option<String> {
    let at = error.location()?;
    let prefix = format!("values file {}/", root.trim_end_matches('/'));
    Some(match at.strip_prefix(&prefix) {
        Some(relative) => format!("values file {relative}"),
        None => at,
    })
}
