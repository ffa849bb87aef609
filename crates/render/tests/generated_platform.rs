//! The renderer as a library: a generated 1,000-service platform renders in
//! every environment with objects that read back whole, and renders for
//! checks differ from shown renders only by their digests and annotations.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use gg_platform::{LoadOptions, MemoryFiles, Platform, Service, load_platform};
use gg_render::{
    RenderContext, RenderTime, render_platform_charts, render_service, to_yaml_stream,
};

const ENVS: [&str; 3] = ["dev", "staging", "prod"];

/// The example platform of the repository.
fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/example")
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
    RenderContext::new(
        &service.name.value,
        env,
        &platform.settings.namespace(env),
        platform.chart_version(),
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
    let platform_objects: usize =
        render_platform_charts(&platform, RenderTime::from_unix_seconds(0))
            .iter()
            .filter_map(|chart| chart.objects.as_ref().ok())
            .map(Vec::len)
            .sum();
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
