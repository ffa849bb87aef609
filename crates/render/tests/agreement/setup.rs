//! Where the oracle is: the Helm binary (`GG_HELM_BIN`, else the workspace's
//! `.tools/helm/helm` from `scripts/install-helm.sh`) and the published k8app
//! charts (`GG_K8APP_CHARTS`, else `../shared/k8app-charts` beside the
//! repository). Without either a test skips with a notice, unless
//! `GG_REQUIRE_HELM=1`, which makes the absence a failure.

use std::path::PathBuf;

use gg_k8app::ChartVersion;

use super::helm_run::{env_path, helm_binary, repo_root, skip};

/// The Helm binary and the directory of published charts.
#[derive(Debug, Clone)]
pub(crate) struct Oracle {
    /// The `helm` binary.
    pub helm: PathBuf,
    /// `<charts>/<version>/` holds each release as published.
    pub charts: PathBuf,
}

impl Oracle {
    /// The chart directory of a release.
    pub(crate) fn chart(&self, version: ChartVersion) -> PathBuf {
        self.charts.join(version.to_string())
    }
}

fn find() -> Result<Oracle, String> {
    let charts =
        env_path("GG_K8APP_CHARTS").unwrap_or_else(|| repo_root().join("../shared/k8app-charts"));
    if !charts
        .join(ChartVersion::NEWEST.to_string())
        .join("Chart.yaml")
        .is_file()
    {
        return Err(format!(
            "no k8app charts at {} (set GG_K8APP_CHARTS to the directory holding <version>/Chart.yaml)",
            charts.display()
        ));
    }
    Ok(Oracle {
        helm: helm_binary()?,
        charts,
    })
}

/// The seed platform (`GG_SEED_PLATFORM`, else `../shared/examples/gitops-poc`
/// beside the repository): its services and its platform repository.
pub(crate) fn seed_platform() -> Option<PathBuf> {
    let dir = env_path("GG_SEED_PLATFORM")
        .unwrap_or_else(|| repo_root().join("../shared/examples/gitops-poc"));
    if dir.join("services").is_dir() {
        return Some(dir);
    }
    skip(
        "the seed platform's services",
        &format!(
            "no seed platform at {} (set GG_SEED_PLATFORM)",
            dir.display()
        ),
    );
    None
}

/// The oracle, or `None` after a notice; a failure under `GG_REQUIRE_HELM=1`.
pub(crate) fn oracle() -> Option<Oracle> {
    match find() {
        Ok(oracle) => Some(oracle),
        Err(why) => {
            skip("the Helm agreement", &why);
            None
        }
    }
}
