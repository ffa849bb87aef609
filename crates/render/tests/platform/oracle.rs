//! Where the oracle is: the Helm binary (`GG_HELM_BIN`, else the workspace's
//! `.tools/helm/helm` from `scripts/install-helm.sh`) and the platform's
//! charts (`GG_PLATFORM_CHARTS`, else
//! `../shared/examples/gitops-poc/infra/poc/gitops-config/charts` beside the
//! repository). Without either a test skips with a notice, unless
//! `GG_REQUIRE_HELM=1`, which makes the absence a failure.

use std::path::PathBuf;

use gg_render::PlatformChart;

use crate::helm_run::{env_path, helm_binary, repo_root, skip};

/// The Helm binary and the directory holding the platform's charts.
#[derive(Debug, Clone)]
pub(crate) struct Oracle {
    /// The `helm` binary.
    pub(crate) helm: PathBuf,
    /// `<charts>/<chart name>/Chart.yaml`.
    pub(crate) charts: PathBuf,
}

impl Oracle {
    /// The directory of a chart.
    pub(crate) fn chart(&self, chart: PlatformChart) -> PathBuf {
        self.charts.join(chart.name())
    }
}

/// The seed's platform repository: the charts' parent directory.
pub(crate) fn seed_platform(oracle: &Oracle) -> Option<PathBuf> {
    let dir = oracle.charts.join("..");
    dir.join("platform/base.yaml").is_file().then_some(dir)
}

fn find() -> Result<Oracle, String> {
    let charts = env_path("GG_PLATFORM_CHARTS").unwrap_or_else(|| {
        repo_root().join("../shared/examples/gitops-poc/infra/poc/gitops-config/charts")
    });
    if let Some(missing) = PlatformChart::ALL
        .into_iter()
        .find(|chart| !charts.join(chart.name()).join("Chart.yaml").is_file())
    {
        return Err(format!(
            "no chart {missing} at {} (set GG_PLATFORM_CHARTS to the directory holding <chart>/Chart.yaml)",
            charts.display()
        ));
    }
    Ok(Oracle {
        helm: helm_binary()?,
        charts,
    })
}

/// The oracle, or `None` after a notice; a failure under `GG_REQUIRE_HELM=1`.
pub(crate) fn oracle() -> Option<Oracle> {
    match find() {
        Ok(oracle) => Some(oracle),
        Err(why) => {
            skip("the platform charts' Helm agreement", &why);
            None
        }
    }
}
