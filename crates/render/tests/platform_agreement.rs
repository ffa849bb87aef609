//! Agreement with the real thing for the platform's own charts
//! (platform-core, service-groups, preview-environments, ingress-cloudflare):
//! every chart a platform enables, rendered by `helm template` as the
//! platform's ArgoCD Application calls it and by gitops-guard, compared as
//! data (key order ignored; document order and failures count), for our
//! example platform, the seed's own platform and generated platforms.
//!
//! Needs Helm (`GG_HELM_BIN`, `scripts/install-helm.sh`) and the charts
//! (`GG_PLATFORM_CHARTS`, default
//! `../shared/examples/gitops-poc/infra/poc/gitops-config/charts` beside the
//! repository); without them the tests skip with a notice, unless
//! `GG_REQUIRE_HELM=1`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

// The k8app agreement's comparison and outcome, shared.
#[allow(unreachable_pub)]
#[path = "agreement/compare.rs"]
mod compare;
#[allow(unreachable_pub)]
#[path = "agreement/outcome.rs"]
mod outcome;
mod platform;

use platform::oracle::{oracle, repo_root, seed_platform};
use platform::run::{Platform, run};

#[test]
fn the_example_platform_agrees() {
    let Some(oracle) = oracle() else { return };
    let platform = Platform {
        name: "fixtures/example".to_owned(),
        dir: repo_root().join("fixtures/example/gitops-config"),
        shown: String::new(),
    };
    run(&oracle, &[platform]).assert_agreement("fixtures/example");
}

#[test]
fn the_seed_platform_agrees() {
    let Some(oracle) = oracle() else { return };
    let Some(dir) = seed_platform(&oracle) else {
        eprintln!("notice: skipping: no platform repository above the charts");
        return;
    };
    let platform = Platform {
        name: "the seed's platform".to_owned(),
        dir,
        shown: String::new(),
    };
    run(&oracle, &[platform]).assert_agreement("the seed's platform");
}
