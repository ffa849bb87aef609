//! The Applications the object checks and the webhook look up are those
//! ArgoCD generates from the ApplicationSet platform-core renders: for the
//! example platform they are the registered services in every environment
//! (and the application namespaces those of its environments),
//! and a platform whose ApplicationSet ArgoCD cannot expand has none.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

use gg_platform::{FsSource, LoadOptions, MemoryFiles, load_platform};
use gg_render::platform_facts;

fn generated_applications(
    platform: &gg_platform::Platform,
) -> Option<Vec<gg_platform::ApplicationSpec>> {
    platform_facts(platform).map(|facts| facts.applications)
}

fn example() -> gg_platform::Platform {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/example/gitops-config");
    let options = LoadOptions {
        platform_dir: Some(dir.display().to_string()),
        ..LoadOptions::default()
    };
    load_platform(&FsSource, &[], &options)
}

#[test]
fn the_example_generates_every_service_in_every_environment() {
    let platform = example();
    let generated = generated_applications(&platform).expect("platform-core renders");
    let ours = platform.applications();
    assert_eq!(generated.len(), ours.len(), "{generated:#?}");
    for app in &ours {
        let found = generated
            .iter()
            .find(|g| g.name == app.name)
            .unwrap_or_else(|| panic!("ArgoCD generates no `{}`", app.name));
        assert_eq!(
            (
                &found.service,
                &found.env,
                &found.namespace,
                &found.value_files
            ),
            (&app.service, &app.env, &app.namespace, &app.value_files),
            "{}",
            app.name
        );
        assert_eq!(found.chart_version, app.chart_version, "{}", app.name);
        assert_eq!(found.values_repo_url, app.values_repo_url, "{}", app.name);
    }
}

#[test]
fn the_example_application_namespaces_are_those_of_its_environments() {
    let platform = example();
    let facts = platform_facts(&platform).expect("platform-core renders");
    let settings = &platform.settings;
    let mut ours: Vec<(String, String)> = settings
        .environments
        .iter()
        .map(|env| (settings.namespace(&env.name.value), env.name.value.clone()))
        .collect();
    let mut rendered = facts.namespaces;
    ours.sort();
    rendered.sort();
    assert_eq!(rendered, ours);
}

#[test]
fn an_applicationset_argocd_cannot_expand_generates_nothing() {
    let base = [
        "global:",
        "  gitlabGroup: g",
        "  vaultPathPrefix: g",
        "  namespacePrefix: g",
        "  k8app: {repoURL: https://charts.example, chart: app, version: \"3.8.0\"}",
        "environments:",
        "  dev: {enabled: true, autoSync: true}",
        "vault:",
        "  address: http://vault:8200",
        "  mount: secret",
        "  tokenSecret: {name: t, key: token}",
    ]
    .join("\n");
    let core = "services:\n  orders:\n    syncWave: \"0\"\n    repoURL: https://git.example/orders.git\n    path: .cicd\n";
    let files = MemoryFiles::new()
        .with("p/platform/base.yaml", base.as_str())
        .with("p/platform/core.yaml", core);
    let options = LoadOptions {
        platform_dir: Some("p".to_owned()),
        ..LoadOptions::default()
    };
    let platform = load_platform(&files, &[], &options);
    assert_eq!(generated_applications(&platform), Some(Vec::new()));
    let quoted = MemoryFiles::new()
        .with(
            "p/platform/base.yaml",
            base.replace("autoSync: true", "autoSync: \"true\""),
        )
        .with("p/platform/core.yaml", core);
    let platform = load_platform(&quoted, &[], &options);
    let names: Vec<String> = generated_applications(&platform)
        .unwrap()
        .into_iter()
        .map(|app| app.name)
        .collect();
    assert_eq!(names, ["orders-dev"]);
}
