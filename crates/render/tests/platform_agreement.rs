//! Agreement with the real thing for the platform's own charts
//! (platform-core, service-groups, preview-environments, ingress-cloudflare):
//! every chart a platform enables, rendered by `helm template` as the
//! platform's ArgoCD Application calls it and by gitops-guard, compared as
//! data (key order ignored; document order and failures count), for our
//! example platform, the seed's own platform, the platforms of the rule
//! cases (`fixtures/rules`) and generated platforms.
//!
//! `GG_AGREEMENT_SEED` changes the generated platforms,
//! `GG_AGREEMENT_PLATFORMS` their number.
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
#[path = "agreement/harness.rs"]
mod harness;
#[allow(unreachable_pub)]
#[path = "agreement/helm_run.rs"]
mod helm_run;
#[allow(unreachable_pub)]
#[path = "agreement/outcome.rs"]
mod outcome;
mod platform;

use gg_render::PlatformChart;
use harness::number_from_env;
use helm_run::repo_root;
use platform::cases::{CasePlatform, case_platforms};
use platform::generate::{Gen, platform, seed, show, write};
use platform::oracle::{oracle, seed_platform};
use platform::run::{Platform, run};

/// Generated platforms unless `GG_AGREEMENT_PLATFORMS` says otherwise.
const GENERATED: usize = 80;

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

/// Every platform a rule case lints renders alike; those of
/// `platform-render-failed`'s firing cases fail in Helm (each in one
/// chart), and those of its quiet cases render.
#[test]
fn the_rule_case_platforms_agree_and_fail_where_lint_says() {
    let Some(oracle) = oracle() else { return };
    let root = tempfile::tempdir().unwrap();
    let platforms = |cases: &[&CasePlatform]| -> Vec<Platform> {
        cases
            .iter()
            .map(|case| {
                let dir = root.path().join(case.name.replace(['/', '.'], "_"));
                case.write(&dir);
                Platform {
                    name: format!("fixtures/rules/{}", case.name),
                    dir,
                    shown: case.show(),
                }
            })
            .collect()
    };
    let cases = case_platforms();
    let all: Vec<&CasePlatform> = cases.iter().collect();
    run(&oracle, &platforms(&all)).assert_agreement(&format!("{} rule case platforms", all.len()));
    let of = |prefix: &str| -> Vec<&CasePlatform> {
        cases
            .iter()
            .filter(|c| {
                c.name
                    .starts_with(&format!("platform-render-failed/{prefix}"))
            })
            .collect()
    };
    let (fires, quiet) = (of("fires"), of("quiet"));
    assert!(!fires.is_empty() && !quiet.is_empty(), "{cases:?}");
    let failed = run(&oracle, &platforms(&fires));
    assert_eq!(
        failed.failures,
        fires.len(),
        "every firing case of platform-render-failed fails in Helm, in one chart"
    );
    let rendered = run(&oracle, &platforms(&quiet));
    assert_eq!(rendered.failures, 0, "the quiet cases render in Helm");
}

#[test]
fn generated_platforms_agree() {
    let Some(oracle) = oracle() else { return };
    let count = number_from_env("GG_AGREEMENT_PLATFORMS", GENERATED);
    let seed = seed();
    let root = tempfile::tempdir().unwrap();
    let mut g = Gen::new(seed);
    let platforms: Vec<Platform> = (0..count)
        .map(|index| {
            let files = platform(&mut g);
            let dir = root.path().join(format!("p{index}"));
            write(&dir, &files);
            Platform {
                name: format!("generated platform #{index} (seed {seed})"),
                dir,
                shown: show(&files),
            }
        })
        .collect();
    run(&oracle, &platforms).assert_agreement(&format!("{count} generated platforms"));
}

#[test]
fn chart_defaults_are_each_charts_values_yaml() {
    let Some(oracle) = oracle() else { return };
    for chart in PlatformChart::ALL {
        let path = oracle.chart(chart).join("values.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let theirs =
            gg_yaml::load_values(&text, "values.yaml", &gg_yaml::Limits::default()).unwrap();
        let difference = compare::first_difference(
            &theirs.root.to_json(),
            &chart.default_values(),
            &mut String::new(),
        );
        assert_eq!(
            difference,
            None,
            "{chart}: our defaults differ from {}",
            path.display()
        );
    }
}
