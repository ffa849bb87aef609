//! `gitops-guard render` / `platform render`: golden files for every fixture
//! service × environment and the platform (rewrite them with `UPDATE_GOLDEN=1`),
//! and the render time of a generated 1,000-service platform.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use gg_k8app::ChartVersion;
use gg_platform::{LoadOptions, MemoryFiles, Platform, Service, load_platform};
use gg_render::{RenderContext, render_platform, render_service, to_yaml_stream};

const SERVICES: [(&str, &str); 6] = [
    ("services/catalog", "catalog"),
    ("services/orders", "orders"),
    ("services/payments", "payments"),
    ("services/search", "search"),
    ("services/storefront/cart", "storefront-cart"),
    ("services/storefront/web", "storefront-web"),
];
const ENVS: [&str; 3] = ["dev", "staging", "prod"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example() -> PathBuf {
    repo().join("fixtures/example")
}

fn gitops_guard(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gitops-guard"))
        .args(args)
        .current_dir(example())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Compares `actual` with the golden file, or rewrites it under `UPDATE_GOLDEN=1`.
fn golden(relative: &str, actual: &str) -> Option<String> {
    let path = repo().join("fixtures/render").join(relative);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1", path.display()));
    (expected != actual).then(|| {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        let at = |text: &str| text.lines().nth(line).unwrap_or("<end>").to_owned();
        format!(
            "{relative} differs at line {} (UPDATE_GOLDEN=1 rewrites it):\n  expected: {}\n  actual:   {}",
            line + 1,
            at(&expected),
            at(actual)
        )
    })
}

#[test]
fn every_fixture_service_and_env_matches_its_golden_render() {
    let started = Instant::now();
    let mut failures = Vec::new();
    for (dir, name) in SERVICES {
        for env in ENVS {
            let (code, stdout, stderr) = gitops_guard(&["render", dir, "--env", env]);
            assert!(matches!(code, Some(0 | 1)), "{dir} {env}: {stderr}");
            failures.extend(golden(&format!("example/{name}/{env}.yaml"), &stdout));
        }
    }
    eprintln!(
        "rendered 18 fixture renders through the binary in {:?}",
        started.elapsed()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn platform_render_matches_its_golden_file() {
    let (code, stdout, stderr) = gitops_guard(&[
        "platform",
        "render",
        "--platform",
        "gitops-config",
        "--expand",
    ]);
    assert_eq!(code, Some(0), "{stderr}\n{stdout}");
    if let Some(diff) = golden("example/platform.yaml", &stdout) {
        panic!("{diff}");
    }
}

#[test]
fn json_output_is_a_list_of_objects_with_sources() {
    let (code, stdout, stderr) = gitops_guard(&[
        "render",
        "services/orders",
        "--env",
        "prod",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let objects: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let kinds: Vec<&str> = objects
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"Deployment") && kinds.contains(&"VaultStaticSecret"),
        "{kinds:?}"
    );
    let deployment = objects
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "Deployment")
        .unwrap();
    assert_eq!(deployment["source"], "app/templates/deployment.yaml");
    assert!(deployment["values"].as_array().unwrap().iter().any(|v| {
        v["path"] == "image.tag"
            && v["file"]
                .as_str()
                .unwrap()
                .ends_with("orders/.cicd/prod.yaml")
    }));
}

#[test]
fn a_missing_overlay_is_a_usage_error() {
    let (code, _, stderr) = gitops_guard(&["render", "services/orders", "--env", "qa"]);
    assert_eq!(code, Some(2), "{stderr}");
}

/// A platform of `count` services, each with default.yaml and three overlays.
fn generated_platform(count: usize) -> MemoryFiles {
    let example = example();
    let read = |p: &str| std::fs::read_to_string(example.join(p)).unwrap();
    let mut files = MemoryFiles::new()
        .with(
            "gitops-config/platform/base.yaml",
            read("gitops-config/platform/base.yaml"),
        )
        .with(
            "gitops-config/shared/k8app-defaults.yaml",
            read("gitops-config/shared/k8app-defaults.yaml"),
        );
    let mut core = String::from("services:\n");
    for i in 0..count {
        let name = format!("svc-{i:04}");
        core.push_str(&format!(
            "  {name}:\n    repoURL: https://gitlab.com/acme-shop/{name}.git\n    path: .cicd\n"
        ));
        let default = read("services/orders/.cicd/default.yaml")
            .replace("appName: orders", &format!("appName: {name}"));
        files.insert(format!("{name}/.cicd/default.yaml"), default);
        for env in ENVS {
            let overlay = read(&format!("services/orders/.cicd/{env}.yaml"))
                .replace("/orders/", &format!("/{name}/"));
            files.insert(format!("{name}/.cicd/{env}.yaml"), overlay);
        }
    }
    files.insert("gitops-config/platform/core.yaml", core);
    files
}

/// Loads a platform made by [`generated_platform`].
fn load_generated(files: &MemoryFiles) -> Platform {
    load_platform(
        files,
        &[String::new()],
        &LoadOptions {
            platform_dir: Some("gitops-config".to_owned()),
            ..LoadOptions::default()
        },
    )
}

/// The context `gitops-guard render` uses for `service` in `env`.
fn render_context(platform: &Platform, service: &Service, env: &str) -> RenderContext {
    let chart = ChartVersion::parse_supported(&platform.settings.chart.version.value).unwrap();
    RenderContext::new(
        &service.name.value,
        env,
        &platform.settings.namespace(env),
        chart,
    )
}

#[test]
fn a_thousand_services_in_three_envs_render() {
    let files = generated_platform(1000);
    let loading = Instant::now();
    let platform = load_generated(&files);
    let loaded = loading.elapsed();
    assert_eq!(platform.services.len(), 1000);
    let rendering = Instant::now();
    let (mut objects, mut bytes) = (0, 0);
    for service in &platform.services {
        for env in ENVS {
            let ctx = render_context(&platform, service, env);
            let rendered = render_service(&platform.merged_values(service, env), &ctx).unwrap();
            assert!(
                rendered.iter().all(|o| o.problems.is_empty()),
                "{}",
                service.name.value
            );
            objects += rendered.len();
            bytes += to_yaml_stream(&rendered).len();
        }
    }
    let rendered = rendering.elapsed();
    let platform_objects = render_platform(&platform, true).len();
    eprintln!(
        "1,000 services x 3 envs: load {loaded:?}, merge+render+verify+YAML {rendered:?} ({objects} objects, {bytes} bytes; platform render: {platform_objects} objects)"
    );
    assert!(objects >= 3000 * 5);
}

/// Empties every non-empty `checksum/*` annotation below `value`; returns how many.
fn blank_digests(value: &mut serde_json::Value) -> usize {
    match value {
        serde_json::Value::Object(map) => map
            .iter_mut()
            .map(|(key, item)| match item {
                serde_json::Value::String(digest)
                    if key.starts_with("checksum/") && !digest.is_empty() =>
                {
                    digest.clear();
                    1
                }
                _ => blank_digests(item),
            })
            .sum(),
        serde_json::Value::Array(items) => items.iter_mut().map(blank_digests).sum(),
        _ => 0,
    }
}

#[test]
fn renders_for_checks_differ_only_by_their_digests_and_annotations() {
    let files = generated_platform(2);
    let platform = load_generated(&files);
    let mut digests = 0;
    for service in &platform.services {
        for env in ENVS {
            let shown = render_context(&platform, service, env);
            let checked = RenderContext {
                annotate: false,
                ..shown.clone()
            };
            let merged = platform.merged_values(service, env);
            let shown = render_service(&merged, &shown).unwrap();
            let checked = render_service(&merged, &checked).unwrap();
            assert_eq!(shown.len(), checked.len());
            for (mut full, lean) in shown.into_iter().zip(checked) {
                assert!(!full.values.is_empty(), "{} {}", full.kind, full.name);
                assert!(lean.values.is_empty() && lean.problems.is_empty());
                digests += blank_digests(&mut full.object);
                assert_eq!(
                    (&full.kind, &full.name, &full.namespace, &full.object),
                    (&lean.kind, &lean.name, &lean.namespace, &lean.object),
                    "{} {} in {env}",
                    full.kind,
                    full.name
                );
            }
        }
    }
    assert!(digests > 0, "the renders carried no digest to compare");
}
