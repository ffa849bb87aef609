//! Agreement with the real thing: every k8app release from 3.4.0 to 3.13.0
//! rendered by `helm template` and by gitops-guard, compared as data (key
//! order ignored; document order, `checksum/*` annotations and failures
//! count), for the case corpus in `fixtures/helm/` (one case per chart
//! feature and per chart bug) and for generated values.
//!
//! Needs Helm (`GG_HELM_BIN`, `scripts/install-helm.sh`) and the published
//! charts (`GG_K8APP_CHARTS`, default `../shared/k8app-charts` beside the
//! repository); without them the tests skip with a notice, unless
//! `GG_REQUIRE_HELM=1`. `GG_AGREEMENT_SEED` changes the generated cases,
//! `GG_AGREEMENT_CASES` their number per release, `GG_AGREEMENT_RELEASES`
//! (comma-separated) limits the releases compared.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

mod agreement;

use gg_k8app::ChartVersion;

use agreement::case::{Case, ValuesText, corpus};
use agreement::harness::number_from_env;
use agreement::helm_run::repo_root;
use agreement::run::run;
use agreement::setup::{oracle, seed_platform};
use agreement::{generate, ours};

/// Generated cases per release unless `GG_AGREEMENT_CASES` says otherwise.
const GENERATED_PER_RELEASE: usize = 100;

/// The releases to compare: all, or those listed in `GG_AGREEMENT_RELEASES`
/// (comma-separated, for a quicker look at a few).
fn releases() -> Vec<ChartVersion> {
    match std::env::var("GG_AGREEMENT_RELEASES") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|v| ChartVersion::parse_supported(v.trim()).unwrap())
            .collect(),
        _ => ChartVersion::releases().collect(),
    }
}

fn jobs(cases: &[Case]) -> Vec<(ChartVersion, &Case)> {
    releases()
        .into_iter()
        .flat_map(|version| cases.iter().map(move |case| (version, case)))
        .collect()
}

#[test]
fn the_published_charts_are_the_modelled_releases() {
    let Some(oracle) = oracle() else { return };
    let mut published: Vec<ChartVersion> = std::fs::read_dir(&oracle.charts)
        .unwrap()
        .filter_map(|entry| {
            let entry = entry.ok()?;
            entry.path().join("Chart.yaml").is_file().then_some(())?;
            ChartVersion::parse(&entry.file_name().to_string_lossy()).ok()
        })
        .collect();
    published.sort();
    assert_eq!(published, ChartVersion::releases().collect::<Vec<_>>());
}

#[test]
fn chart_defaults_are_each_release_values_yaml() {
    let Some(oracle) = oracle() else { return };
    let limits = gg_yaml::Limits::default();
    for version in ChartVersion::releases() {
        let path = oracle.chart(version).join("values.yaml");
        let chart = std::fs::read_to_string(&path).unwrap();
        let chart = gg_yaml::load_values(&chart, "values.yaml", &limits).unwrap();
        let ours = gg_k8app::chart_defaults_yaml(version);
        let ours = gg_yaml::load_values(ours, "ours", &limits).unwrap();
        let difference = agreement::compare::first_difference(
            &chart.root.to_json(),
            &ours.root.to_json(),
            &mut String::new(),
        );
        assert_eq!(
            difference, None,
            "k8app {version}: values.yaml (left) vs our defaults (right)"
        );
    }
}

#[test]
fn helm_serves_the_api_versions_we_model() {
    let Some(oracle) = oracle() else { return };
    let chart = tempfile::tempdir().unwrap();
    std::fs::create_dir(chart.path().join("templates")).unwrap();
    std::fs::write(
        chart.path().join("Chart.yaml"),
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(
        chart.path().join("templates/c.yaml"),
        "{{- range .Capabilities.APIVersions }}\n# {{ . }}\n{{- end }}\n",
    )
    .unwrap();
    let output = std::process::Command::new(&oracle.helm)
        .args(["template", "r"])
        .arg(chart.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_prefix("# ").map(str::to_owned))
        .filter(|line| !line.starts_with("Source:"))
        .collect();
    assert_eq!(printed, gg_render::ApiVersions::helm_built_in());
}

#[test]
fn corpus_agrees_with_helm() {
    let Some(oracle) = oracle() else { return };
    let cases = corpus(&repo_root().join("fixtures/helm"));
    assert!(!cases.is_empty(), "no cases in fixtures/helm");
    let report = run(&oracle, &jobs(&cases));
    report.assert_agreement(&format!(
        "Helm agreement, corpus: {} cases x {} releases",
        cases.len(),
        releases().len()
    ));
}

#[test]
fn generated_values_agree_with_helm() {
    let Some(oracle) = oracle() else { return };
    let per_release = number_from_env("GG_AGREEMENT_CASES", GENERATED_PER_RELEASE);
    let seed = generate::seed();
    let releases = releases();
    let generated = generate::cases(seed, per_release * releases.len());
    // Each release gets its own slice of the generated cases.
    let jobs: Vec<(ChartVersion, &Case)> = generated
        .iter()
        .enumerate()
        .map(|(i, case)| (releases[i % releases.len()], case))
        .collect();
    let report = run(&oracle, &jobs);
    report.assert_agreement(&format!(
        "Helm agreement, generated values: {per_release} cases per release, seed {seed} (GG_AGREEMENT_SEED)"
    ));
}

/// The seed platform's services in every environment they have an overlay
/// for, as the platform's ApplicationSet renders them.
fn seed_cases(seed: &std::path::Path) -> Vec<Case> {
    let root = seed.display().to_string();
    let options = gg_platform::LoadOptions {
        platform_dir: Some(format!("{root}/infra/poc/gitops-config")),
        ..gg_platform::LoadOptions::default()
    };
    let platform = gg_platform::load_platform(
        &gg_platform::FsSource,
        &[format!("{root}/services")],
        &options,
    );
    let mut cases = Vec::new();
    for service in &platform.services {
        for env in platform.settings.environment_names() {
            if service.overlay(env).is_none() {
                continue;
            }
            let files = platform
                .value_layers(service, env)
                .into_iter()
                .filter(|layer| layer.kind != gg_yaml::LayerKind::ChartDefaults)
                .map(|layer| ValuesText {
                    name: layer
                        .file
                        .trim_start_matches(&root)
                        .trim_start_matches('/')
                        .to_owned(),
                    text: layer.text.unwrap_or_default().to_owned(),
                })
                .collect();
            let mut case = Case::new(format!("{} in {env}", service.name.value), files);
            case.release = gg_naming::release_name(&service.name.value, env);
            case.namespace = platform.settings.namespace(env);
            cases.push(case);
        }
    }
    cases
}

#[test]
fn seed_platform_agrees_with_helm() {
    let Some(oracle) = oracle() else { return };
    let Some(seed) = seed_platform() else { return };
    let cases = seed_cases(&seed);
    assert!(
        cases.len() >= 10,
        "only {} service x env pairs in the seed",
        cases.len()
    );
    let report = run(&oracle, &jobs(&cases));
    report.assert_agreement(&format!(
        "Helm agreement, seed platform: {} service x env pairs x {} releases",
        cases.len(),
        releases().len()
    ));
}

/// Every kind the corpus renders at any release is read back through a model
/// (this one needs no Helm): a kind without one would only say so as a problem.
#[test]
fn every_kind_the_corpus_renders_has_a_model() {
    let cases = corpus(&repo_root().join("fixtures/helm"));
    let mut kinds = std::collections::BTreeSet::new();
    for version in ChartVersion::releases() {
        for case in &cases {
            for object in ours::objects(version, case) {
                let unmodelled = object
                    .problems
                    .iter()
                    .find(|p| p.message.contains("no model for"));
                assert_eq!(unmodelled, None, "{} at {version}", case.name);
                kinds.insert(format!("{} {}", object.api_version, object.kind));
            }
        }
    }
    for kind in [
        "monitoring.coreos.com/v1 PrometheusRule",
        "koudingspawn.de/v1 Vault",
        "networking.k8s.io/v1 Ingress",
        "gateway.networking.k8s.io/v1 HTTPRoute",
        "batch/v1 Job",
    ] {
        assert!(kinds.contains(kind), "{kind} not rendered: {kinds:?}");
    }
}
