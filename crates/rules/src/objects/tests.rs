//! Object checks against the example platform (Acme Shop: namespaces
//! `shop-{dev,staging,prod}`, registry secret `registry-credentials`).

use std::collections::BTreeMap;

use gg_platform::{LoadOptions, MemoryFiles, Platform, load_platform};
use serde_json::{Value, json};

use super::*;

fn platform() -> Platform {
    let files = MemoryFiles::new()
        .with(
            "p/platform/base.yaml",
            include_str!("../../../../fixtures/example/gitops-config/platform/base.yaml"),
        )
        .with(
            "p/platform/core.yaml",
            include_str!("../../../../fixtures/example/gitops-config/platform/core.yaml"),
        )
        .with(
            "p/shared/k8app-defaults.yaml",
            include_str!("../../../../fixtures/example/gitops-config/shared/k8app-defaults.yaml"),
        );
    let options = LoadOptions {
        platform_dir: Some("p".to_owned()),
        ..LoadOptions::default()
    };
    load_platform(&files, &[], &options)
}

/// Findings of one object: (group, kind, namespace, name, labels, body).
fn check(
    group: &str,
    kind: &str,
    namespace: &str,
    name: &str,
    labels: &[(&str, &str)],
    body: &Value,
) -> Vec<Diagnostic> {
    let platform = platform();
    let ctx = ObjectContext::new(&platform);
    let labels: BTreeMap<String, String> = labels
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let names = (group, kind, namespace, name);
    let out = findings(&ctx, names, &labels, body);
    #[cfg(feature = "sonic")]
    {
        // The webhook's tree must read the same as serde_json's.
        let text = serde_json::to_string(body).unwrap();
        let sonic: sonic_rs::Value = sonic_rs::from_str(&text).unwrap();
        let from_sonic = findings(&ctx, names, &labels, &sonic);
        assert_eq!(from_sonic, out, "sonic-rs tree of {text}");
    }
    out
}

/// Findings of one object whose fields are the tree `body`.
fn findings<J: crate::json::JsonTree>(
    ctx: &ObjectContext<'_>,
    (group, kind, namespace, name): (&str, &str, &str, &str),
    labels: &BTreeMap<String, String>,
    body: &J,
) -> Vec<Diagnostic> {
    let object = LiveObject {
        group,
        kind,
        namespace,
        name,
        labels,
        controlled: false,
        body,
    };
    let mut out = Vec::new();
    check_object(ctx, &object, &mut out);
    out
}

fn rules(found: &[Diagnostic]) -> Vec<&str> {
    found.iter().map(|d| d.rule.as_str()).collect()
}

const ORDERS_PROD: &[(&str, &str)] = &[("app", "orders"), ("release", "orders-prod")];
const ORDERS_DEV: &[(&str, &str)] = &[("app", "orders"), ("release", "orders-dev")];

fn deployment(pull_secret: &str, env_value: &str) -> Value {
    json!({"spec": {"template": {"spec": {
        "imagePullSecrets": [{"name": pull_secret}],
        "containers": [{
            "name": "orders",
            "image": "registry.gitlab.com/acme-shop/services/orders:v1.11.4",
            "env": [{"name": "PAYMENTS_ADDR", "value": env_value}]
        }]
    }}}})
}

/// The fix of a finding as the webhook prints it.
fn fix_text(finding: &Diagnostic) -> String {
    finding
        .fix
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn a_good_deployment_passes() {
    let body = deployment("registry-credentials", "payments-sv:8080");
    assert_eq!(
        rules(&check(
            "apps",
            "Deployment",
            "shop-prod",
            "orders",
            ORDERS_PROD,
            &body
        )),
        Vec::<&str>::new()
    );
}

#[test]
fn namespaces_outside_the_platform_pass_untouched() {
    let body = deployment("other", "payments.shop-dev.svc:8080");
    assert!(
        check(
            "apps",
            "Deployment",
            "kube-system",
            "orders",
            ORDERS_PROD,
            &body
        )
        .is_empty()
    );
    assert!(
        check(
            "apps",
            "Deployment",
            "infra-prod",
            "orders",
            ORDERS_PROD,
            &body
        )
        .is_empty()
    );
}

#[test]
fn a_missing_pull_secret_names_the_cicd_files() {
    let body = deployment("other", "payments-sv:8080");
    let found = check(
        "apps",
        "Deployment",
        "shop-prod",
        "orders",
        ORDERS_PROD,
        &body,
    );
    assert_eq!(rules(&found), ["image-pull-secrets-missing"]);
    let finding = &found[0];
    assert!(
        finding
            .message
            .starts_with("`/spec/template/spec/imagePullSecrets`"),
        "{}",
        finding.message
    );
    assert!(
        finding
            .message
            .contains("/spec/template/spec/containers/0/image"),
        "{}",
        finding.message
    );
    assert!(
        fix_text(finding).starts_with("fix `imagePullSecrets` in orders/.cicd/prod.yaml or orders/.cicd/default.yaml (service `orders`, Application `orders-prod`)"),
        "{}",
        finding.help
    );
    assert_eq!(finding.envs, ["prod"]);
    assert_eq!(finding.related.len(), 2);
    assert_eq!(finding.location.file, "Deployment shop-prod/orders");
}

#[test]
fn public_images_need_no_pull_secret() {
    let body = json!({"spec": {"template": {"spec": {"containers": [{"name": "x", "image": "nginx:1.27"}]}}}});
    assert!(check("apps", "StatefulSet", "shop-dev", "cache", &[], &body).is_empty());
}

#[test]
fn another_envs_namespace_in_an_env_value_is_found() {
    let body = deployment("registry-credentials", "payments.shop-dev.svc:8080");
    let found = check(
        "apps",
        "Deployment",
        "shop-prod",
        "orders",
        ORDERS_PROD,
        &body,
    );
    assert_eq!(rules(&found), ["hardcoded-namespace"]);
    assert!(
        found[0]
            .message
            .contains("/spec/template/spec/containers/0/env/0/value"),
        "{}",
        found[0].message
    );
    assert!(
        found[0].message.contains("`shop-dev` (environment `dev`)"),
        "{}",
        found[0].message
    );
    // The environment's own namespaces (application and infra) are fine.
    for own in ["db.infra-prod.svc:5432", "payments.shop-prod.svc:8080"] {
        let body = deployment("registry-credentials", own);
        assert!(
            check(
                "apps",
                "Deployment",
                "shop-prod",
                "orders",
                ORDERS_PROD,
                &body
            )
            .is_empty(),
            "{own}"
        );
    }
}

#[test]
fn extension_env_values_name_their_values_key() {
    let body = json!({"spec": {"template": {"spec": {
        "imagePullSecrets": [{"name": "registry-credentials"}],
        "containers": [{"name": "orders-proxy", "image": "envoy", "env": [{"name": "UPSTREAM", "value": "x.shop-staging.svc"}]}]
    }}}});
    let found = check("apps", "DaemonSet", "shop-dev", "orders", ORDERS_DEV, &body);
    assert_eq!(rules(&found), ["hardcoded-namespace"]);
    assert!(
        fix_text(&found[0])
            .starts_with("fix `extensions.proxy.env.UPSTREAM` in orders/.cicd/dev.yaml"),
        "{}",
        found[0].help
    );
}

#[test]
fn cron_jobs_and_jobs_are_read_at_their_pod_specs() {
    let pod = json!({
        "containers": [{"name": "orders", "image": "registry.gitlab.com/acme-shop/services/orders:v1"}]
    });
    let cron = json!({"spec": {"jobTemplate": {"spec": {"template": {"spec": pod}}}}});
    let found = check(
        "batch",
        "CronJob",
        "shop-dev",
        "orders-cron-nightly",
        ORDERS_DEV,
        &cron,
    );
    assert_eq!(rules(&found), ["image-pull-secrets-missing"]);
    assert!(
        found[0]
            .message
            .contains("/spec/jobTemplate/spec/template/spec/imagePullSecrets")
    );
    let job = json!({"spec": {"template": {"spec": pod}}});
    assert_eq!(
        rules(&check(
            "batch",
            "Job",
            "shop-dev",
            "orders-job-x",
            ORDERS_DEV,
            &job
        )),
        ["image-pull-secrets-missing"]
    );
    let bare = json!({"spec": pod});
    assert_eq!(
        rules(&check("", "Pod", "shop-dev", "debug", &[], &bare)),
        ["image-pull-secrets-missing"]
    );
}

#[test]
fn controlled_objects_are_judged_at_their_owner() {
    let platform = platform();
    let ctx = ObjectContext::new(&platform);
    let labels = BTreeMap::new();
    let body = json!({"spec": {"containers": [{"name": "x", "image": "registry.gitlab.com/acme-shop/x:1"}]}});
    let object = LiveObject {
        group: "",
        kind: "Pod",
        namespace: "shop-dev",
        name: "x-1",
        labels: &labels,
        controlled: true,
        body: &body,
    };
    assert!(!is_judged(&ctx, &object));
}

#[test]
fn app_labels_must_be_dns_labels() {
    let body = deployment("registry-credentials", "");
    let found = check(
        "apps",
        "Deployment",
        "shop-dev",
        "orders",
        &[("app", "Orders_API")],
        &body,
    );
    assert_eq!(rules(&found), ["dns-label"]);
    assert!(found[0].message.starts_with("`/metadata/labels/app`"));
    let long = "a".repeat(62);
    let found = check(
        "apps",
        "Deployment",
        "shop-dev",
        "orders",
        &[("app", long.as_str())],
        &body,
    );
    assert_eq!(
        rules(&found),
        ["dns-label"],
        "the Service name `{long}-sv` is too long"
    );
}

#[test]
fn config_map_credentials_and_namespaces() {
    let body = json!({"data": {
        "DB_PASSWORD": "hunter2",
        "DB_URL": "postgres://app:s3cret@db:5432/app",
        "SEARCH_URL": "http://search-sv.shop-prod.svc:8080",
        "LOG_LEVEL": "info",
        "TOKEN_TTL": "1h"
    }});
    let found = check("", "ConfigMap", "shop-dev", "orders", ORDERS_DEV, &body);
    assert_eq!(
        rules(&found),
        [
            "configmap-credentials",
            "configmap-credentials",
            "hardcoded-namespace"
        ]
    );
    assert!(
        found[0].message.starts_with("`/data/DB_PASSWORD`"),
        "{}",
        found[0].message
    );
    assert!(
        fix_text(&found[0]).starts_with("fix `configmap.DB_PASSWORD` in orders/.cicd/dev.yaml"),
        "{}",
        found[0].help
    );
    assert!(found[1].message.contains("holds a URL with a password"));
    let files = json!({"data": {"app.yaml": "db: postgres://u:pw@db/x"}});
    let found = check(
        "",
        "ConfigMap",
        "shop-dev",
        "orders-config",
        ORDERS_DEV,
        &files,
    );
    assert_eq!(rules(&found), ["configmap-credentials"]);
    assert!(
        fix_text(&found[0]).starts_with("fix `configfiles.app.yaml`"),
        "{}",
        found[0].help
    );
    let clean = json!({"data": {"LOG_LEVEL": "info", "ca.crt": "-----BEGIN CERTIFICATE-----"}});
    assert!(check("", "ConfigMap", "shop-dev", "kube-root-ca.crt", &[], &clean).is_empty());
}

fn vss(path: &str, auth: &str, refresh: &str) -> Value {
    json!({"spec": {"type": "kv-v2", "mount": "secret", "path": path, "vaultAuthRef": auth, "refreshAfter": refresh,
        "destination": {"name": "orders", "create": true}}})
}

#[test]
fn vault_static_secrets_follow_the_namespace_policy() {
    let ok = vss("acme-shop/orders/prod/config", "vault-auth", "1h");
    assert!(
        check(
            "secrets.hashicorp.com",
            "VaultStaticSecret",
            "shop-prod",
            "orders",
            ORDERS_PROD,
            &ok
        )
        .is_empty()
    );
    let cases = [
        ("shop-prod/orders/prod/config", "secret-path-denied"),
        ("acme-shop/orders/dev/config", "secret-path-wrong-env"),
        (
            "secret/data/acme-shop/orders/prod/config",
            "secret-path-mount-prefix",
        ),
    ];
    for (path, rule) in cases {
        let found = check(
            "secrets.hashicorp.com",
            "VaultStaticSecret",
            "shop-prod",
            "orders",
            ORDERS_PROD,
            &vss(path, "vault-auth", "1h"),
        );
        assert_eq!(rules(&found), [rule], "{path}");
        assert!(
            found[0].message.starts_with("`/spec/path`"),
            "{}",
            found[0].message
        );
        assert!(
            fix_text(&found[0]).starts_with("fix `secrets` in orders/.cicd/prod.yaml"),
            "{}",
            found[0].help
        );
    }
    let denied = check(
        "secrets.hashicorp.com",
        "VaultStaticSecret",
        "shop-prod",
        "orders",
        ORDERS_PROD,
        &vss("shop-prod/orders/prod/config", "vault-auth", "1h"),
    );
    assert!(
        denied[0]
            .message
            .contains("`secret/data/shop-prod/orders/prod/config`"),
        "{}",
        denied[0].message
    );
    assert!(
        denied[0].message.contains("`shop-prod-read`"),
        "{}",
        denied[0].message
    );
    assert!(
        denied[0].help.contains("/acme-shop/orders/prod/config"),
        "{}",
        denied[0].help
    );
    let found = check(
        "secrets.hashicorp.com",
        "VaultStaticSecret",
        "shop-prod",
        "orders",
        ORDERS_PROD,
        &vss("acme-shop/orders/prod/config", "team-auth", "1d"),
    );
    assert_eq!(rules(&found), ["vault-auth-ref", "vault-refresh-after"]);
    assert!(
        fix_text(&found[0]).starts_with("fix `secretsProvider.vault.authRef`"),
        "{}",
        found[0].help
    );
}

#[test]
fn the_platform_vault_auth_uses_the_namespace_role() {
    let auth = |role: &str| json!({"spec": {"method": "kubernetes", "mount": "kubernetes", "kubernetes": {"role": role, "serviceAccount": "default"}}});
    assert!(
        check(
            "secrets.hashicorp.com",
            "VaultAuth",
            "shop-dev",
            "vault-auth",
            &[],
            &auth("shop-dev-default")
        )
        .is_empty()
    );
    assert_eq!(
        rules(&check(
            "secrets.hashicorp.com",
            "VaultAuth",
            "shop-dev",
            "vault-auth",
            &[],
            &auth("shop-prod-default")
        )),
        ["vault-auth-ref"]
    );
    assert!(
        check(
            "secrets.hashicorp.com",
            "VaultAuth",
            "shop-dev",
            "team-auth",
            &[],
            &auth("anything")
        )
        .is_empty()
    );
}

#[test]
fn http_routes_stay_in_their_domain_and_namespace() {
    let route = |host: &str, backend_ns: &str| {
        json!({"spec": {
            "parentRefs": [{"name": "gateway", "sectionName": "http-app"}],
            "hostnames": [host],
            "rules": [{"backendRefs": [{"name": "orders-sv", "port": 8080, "namespace": backend_ns}]}]
        }})
    };
    let labels = &[("app", "orders"), ("release", "orders-staging")];
    assert!(
        check(
            "gateway.networking.k8s.io",
            "HTTPRoute",
            "shop-staging",
            "orders",
            labels,
            &route("api.staging.acme-shop.example", "shop-staging")
        )
        .is_empty()
    );
    let found = check(
        "gateway.networking.k8s.io",
        "HTTPRoute",
        "shop-staging",
        "orders",
        labels,
        &route("api.www.acme-shop.example", "shop-prod"),
    );
    assert_eq!(rules(&found), ["httproute-hostname", "hardcoded-namespace"]);
    assert!(found[0].message.starts_with("`/spec/hostnames/0`"));
    assert!(
        found[1]
            .message
            .starts_with("`/spec/rules/0/backendRefs/0/namespace`")
    );
}

#[test]
fn ingress_hosts_stay_in_their_domain() {
    let ingress = |host: &str| {
        json!({"spec": {"rules": [
            {"host": "orders.staging.acme-shop.example", "http": {"paths": [{"path": "/"}]}},
            {"host": host, "http": {"paths": [{"path": "/"}]}}
        ]}})
    };
    let labels = &[("app", "orders"), ("release", "orders-staging")];
    let ok = ingress("staging.acme-shop.example");
    let names = (
        "networking.k8s.io",
        "Ingress",
        "shop-staging",
        "orders-ingress",
    );
    assert!(check(names.0, names.1, names.2, names.3, labels, &ok).is_empty());
    let found = check(
        names.0,
        names.1,
        names.2,
        names.3,
        labels,
        &ingress("orders.acme-shop.example"),
    );
    assert_eq!(rules(&found), ["ingress-hostname"]);
    assert!(found[0].message.starts_with("`/spec/rules/1/host`"));
    assert!(found[0].message.contains("`staging.acme-shop.example`"));
}

#[test]
fn services_do_not_point_into_other_environments() {
    let external = |name: &str| json!({"spec": {"type": "ExternalName", "externalName": name}});
    assert!(
        check(
            "",
            "Service",
            "shop-dev",
            "db",
            &[],
            &external("db.infra-dev.svc.cluster.local")
        )
        .is_empty()
    );
    assert_eq!(
        rules(&check(
            "",
            "Service",
            "shop-dev",
            "db",
            &[],
            &external("db.infra-prod.svc.cluster.local")
        )),
        ["hardcoded-namespace"]
    );
}

fn application(namespace: &str, overlay: &str) -> Value {
    json!({"spec": {
        "destination": {"server": "https://kubernetes.default.svc", "namespace": namespace},
        "sources": [{"chart": "app", "helm": {"valueFiles": ["$platform/shared/k8app-defaults.yaml", "$values/.cicd/default.yaml", overlay]}}]
    }})
}

#[test]
fn applications_deploy_their_environment() {
    let ok = application("shop-prod", "$values/.cicd/prod.yaml");
    assert!(
        check(
            "argoproj.io",
            "Application",
            "argocd",
            "orders-prod",
            &[],
            &ok
        )
        .is_empty()
    );
    let found = check(
        "argoproj.io",
        "Application",
        "argocd",
        "orders-prod",
        &[],
        &application("shop-dev", "$values/.cicd/dev.yaml"),
    );
    assert_eq!(
        rules(&found),
        ["hardcoded-namespace", "environment-mismatch"]
    );
    assert!(
        found[1]
            .message
            .starts_with("`/spec/sources/0/helm/valueFiles/2`"),
        "{}",
        found[1].message
    );
    let long = format!("{}-prod", "x".repeat(50));
    assert_eq!(
        rules(&check(
            "argoproj.io",
            "Application",
            "argocd",
            &long,
            &[],
            &ok
        )),
        ["dns-label"]
    );
    // Outside the platform: not judged.
    assert!(
        check(
            "argoproj.io",
            "Application",
            "argocd",
            &long,
            &[],
            &application("monitoring", "x")
        )
        .is_empty()
    );
}

#[test]
fn unknown_owners_still_get_a_fix() {
    let body = deployment("other", "");
    let found = check("apps", "Deployment", "shop-dev", "tool", &[], &body);
    assert_eq!(rules(&found), ["image-pull-secrets-missing"]);
    assert!(
        found[0].help.contains("fix the manifest that creates it"),
        "{}",
        found[0].help
    );
    assert!(found[0].related.is_empty());
}
