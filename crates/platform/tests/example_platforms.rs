//! Loads real platforms from disk: the seed's public configuration (when the
//! shared examples are present) and our own `fixtures/example`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;

use gg_platform::{FileRole, FsSource, LoadOptions, NameSource, Platform, load_platform};

const SEED: &str = "../../../shared/examples/gitops-poc";
const EXAMPLE: &str = "../../fixtures/example";

fn load(root: &str) -> Platform {
    load_platform(&FsSource, &[root.to_owned()], &LoadOptions::default())
}

#[test]
fn seed_platform_loads_with_its_known_problems_as_issues() {
    if !Path::new(SEED).exists() {
        eprintln!("notice: {SEED} not present; skipping the seed platform test");
        return;
    }
    let platform = load(SEED);
    let s = &platform.settings;
    assert_eq!(
        platform.files.as_ref().unwrap().root,
        format!("{SEED}/infra/poc/gitops-config")
    );
    assert_eq!(s.gitlab_group.value, "gitops-poc-dzha");
    assert_eq!(s.namespace_prefix.value, "poc");
    assert_eq!(s.environment_names(), vec!["dev", "staging"]);
    assert_eq!(
        s.environment("staging")
            .unwrap()
            .domain
            .as_ref()
            .unwrap()
            .value,
        "stage.demo-poc-01.work"
    );

    let registered: Vec<(&str, &str)> = platform
        .services
        .iter()
        .filter(|svc| svc.name_source == NameSource::Registry)
        .map(|svc| {
            (
                svc.name.value.as_str(),
                svc.cicd_dir.strip_prefix(SEED).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        registered,
        vec![
            ("api-gw", "/services/api-gw/.cicd"),
            ("sentry-frontend", "/services/sentry-demo/frontend/.cicd"),
            (
                "sentry-game-engine",
                "/services/sentry-demo/game-engine/.cicd"
            ),
            (
                "sentry-payment",
                "/services/sentry-demo/payment-service/.cicd"
            ),
            ("sentry-wager", "/services/sentry-demo/wager-service/.cicd"),
            ("user-service", "/services/user-service/.cicd"),
        ]
    );

    // F9: the template's `{{SERVICE_NAME}}` is a syntax issue, nothing else stops.
    let template = format!("{SEED}/shared/templates/service-repo/.cicd/default.yaml");
    let syntax: Vec<_> = platform
        .issues
        .iter()
        .filter(|i| i.rule.as_str() == "yaml-syntax")
        .collect();
    assert_eq!(syntax.len(), 1, "{syntax:?}");
    assert_eq!(syntax[0].location.file, template);
    assert_ne!((syntax[0].location.line, syntax[0].location.column), (1, 1));
    let template_dir = platform
        .services
        .iter()
        .find(|svc| svc.name.value == "service-repo")
        .unwrap();
    assert!(
        template_dir
            .files
            .iter()
            .filter(|f| f.file.path != template)
            .all(|f| f.file.node.is_some())
    );

    // Unregistered directories are reported as information.
    let unregistered: Vec<&str> = platform
        .issues
        .iter()
        .filter(|i| i.rule.as_str() == "unregistered-service")
        .map(|i| i.location.file.rsplit('/').nth(1).unwrap())
        .collect();
    assert_eq!(
        unregistered,
        vec![
            "analytics-service",
            "api-gateway",
            "health-demo",
            "web-grpc",
            "web-http",
            "service-repo"
        ]
    );
    assert!(
        platform
            .issues
            .iter()
            .all(|i| i.rule.as_str() != "missing-env-file"),
        "dev and staging exist"
    );
    // The seed's platform files use only keys the platform charts read.
    let platform_issues: Vec<_> = platform
        .issues
        .iter()
        .filter(|i| i.location.file.contains("/platform/"))
        .collect();
    assert!(platform_issues.is_empty(), "{platform_issues:?}");

    let apps = platform.applications();
    assert_eq!(apps.len(), 12);
    let app = apps
        .iter()
        .find(|a| a.name == "sentry-game-engine-staging")
        .unwrap();
    assert_eq!(app.namespace, "poc-staging");
    assert_eq!(app.value_files[1], "$values/game-engine/.cicd/default.yaml");
}

#[test]
fn our_example_platform_loads_without_issues() {
    let platform = load(EXAMPLE);
    assert!(platform.issues.is_empty(), "{:#?}", platform.issues);
    let s = &platform.settings;
    assert_eq!(s.gitlab_group.value, "acme-shop");
    assert_eq!(s.environment_names(), vec!["dev", "staging", "prod"]);
    assert_eq!(s.registry_secret.value, "registry-credentials");
    assert_eq!(platform.services.len(), 6);
    assert!(
        platform
            .services
            .iter()
            .all(|svc| svc.deployed && svc.name_source == NameSource::Registry)
    );
    for service in &platform.services {
        for env in s.environment_names() {
            assert!(
                matches!(&service.overlay(env).unwrap().role, FileRole::Overlay(e) if e == env)
            );
            assert_eq!(platform.value_layers(service, env).len(), 4);
        }
    }
    let cart = platform.service("storefront-cart").unwrap();
    assert_eq!(
        cart.cicd_dir,
        format!("{EXAMPLE}/services/storefront/cart/.cicd")
    );
    assert_eq!(platform.applications().len(), 18);
}

#[test]
fn our_example_env_file_mirrors_the_platform() {
    let with_platform = load(EXAMPLE).settings;
    let options = LoadOptions {
        env_file: Some(format!("{EXAMPLE}/.env")),
        ..LoadOptions::default()
    };
    let services = format!("{EXAMPLE}/services");
    let env_only = load_platform(&FsSource, &[services], &options);
    let s = &env_only.settings;
    assert_eq!(s.gitlab_group.value, with_platform.gitlab_group.value);
    assert_eq!(
        s.vault_path_prefix.value,
        with_platform.vault_path_prefix.value
    );
    assert_eq!(
        s.namespace_prefix.value,
        with_platform.namespace_prefix.value
    );
    assert_eq!(s.environment_names(), with_platform.environment_names());
    let names = |registry: &gg_platform::ServiceRegistry| {
        let mut names: Vec<String> = registry
            .entries
            .iter()
            .map(|e| e.name.value.clone())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&s.registry), names(&with_platform.registry));
    assert_eq!(s.docker_registry.value, "registry.gitlab.com/acme-shop");
}
