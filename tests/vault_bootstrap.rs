//! End-to-end tests of `gitops-guard vault plan|apply|check` against a real OpenBao
//! dev server on loopback, started per test (see `gg_vault_client::testing`).
//!
//! Not covered here: a real Kubernetes login (`auth/kubernetes/login`) needs an API
//! server to review the service account token. The env-isolation test instead gives a
//! token the policies of the env's role and reads secrets with it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

use gg_vault_client::testing::DevServer;
use serde_json::{Value, json};

const CA_PEM: &str = "-----BEGIN CERTIFICATE-----
MIIBijCCATGgAwIBAgIUCj+2MumLqRqBE5Z52R3DeicXTv4wCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPdGVzdC1jbHVzdGVyLWNhMCAXDTI2MTEyNjAyMDUwM1oYDzIx
MjYxMTAyMDIwNTAzWjAaMRgwFgYDVQQDDA90ZXN0LWNsdXN0ZXItY2EwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAAQ3NrEuliA+BQKdzztRXd1XkP8FP4cz2ot9jGDF
Yo8/BCxQVFvlRpYVkTZkymJ3jyBRDFYH5P+qkimxy3djedg6o1MwUTAdBgNVHQ4E
FgQUeGsSIcfR4L1cCUNa3hhkYMuyavwwHwYDVR0jBBgwFoAUeGsSIcfR4L1cCUNa
3hhkYMuyavwwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBYr8IZ
LKabdP82Bo6IQlmPGYS1Y5THr1QCj/C/wu0s+wIgFRlKk3Z0SCeiCyOtHiFgzenB
oywJJG/S0VMSiYkjKbc=
-----END CERTIFICATE-----
";

const ENVS: [&str; 3] = ["dev", "staging", "prod"];

/// A platform repository `gitops-config/` and one service repository per name,
/// each reading `DB_PASSWORD` from its canonical path in every env.
fn write_platform(root: &Path, services: &[String]) {
    let platform = root.join("gitops-config/platform");
    std::fs::create_dir_all(&platform).unwrap();
    let mut base = String::from(
        "global:\n  gitlabGroup: acme\n  vaultPathPrefix: acme\n  namespacePrefix: shop\n  k8app:\n    version: \"3.8.0\"\nenvironments:\n",
    );
    for env in ENVS {
        writeln!(base, "  {env}:\n    enabled: true").unwrap();
    }
    base.push_str("vault:\n  mount: secret\nregistry:\n  enabled: true\n  secretName: regsecret\n  vaultPath: acme/platform/registry\n");
    std::fs::write(platform.join("base.yaml"), base).unwrap();
    let mut core = String::from("services:\n");
    for service in services {
        writeln!(core, "  {service}:\n    syncWave: \"0\"").unwrap();
        let cicd = root.join("services").join(service).join(".cicd");
        std::fs::create_dir_all(&cicd).unwrap();
        std::fs::write(
            cicd.join("default.yaml"),
            format!("appName: {service}\nsecretsProvider:\n  provider: vault\n"),
        )
        .unwrap();
        for env in ENVS {
            std::fs::write(
                cicd.join(format!("{env}.yaml")),
                format!(
                    "environment: {env}\nsecrets:\n  DB_PASSWORD: \"/acme/{service}/{env}/config\"\n"
                ),
            )
            .unwrap();
        }
    }
    std::fs::write(platform.join("core.yaml"), core).unwrap();
    std::fs::write(root.join("ca.pem"), CA_PEM).unwrap();
}

struct Setup {
    server: DevServer,
    dir: tempfile::TempDir,
}

fn setup(services: &[&str]) -> Option<Setup> {
    let server = DevServer::start().unwrap()?;
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = services.iter().map(|s| (*s).to_owned()).collect();
    write_platform(dir.path(), &names);
    Some(Setup { server, dir })
}

fn command(setup: &Setup, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gitops-guard"));
    cmd.args(args).current_dir(setup.dir.path());
    for var in [
        "VAULT_ADDR",
        "VAULT_TOKEN",
        "VAULT_TOKEN_FILE",
        "VAULT_NAMESPACE",
        "VAULT_CACERT",
        "BAO_ADDR",
        "BAO_TOKEN",
        "GG_KUBERNETES_HOST",
        "GG_KUBERNETES_CA_CERT",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("VAULT_ADDR", setup.server.address())
        .env("VAULT_TOKEN", "root");
    cmd
}

fn gg(setup: &Setup, args: &[&str]) -> (i32, String, String) {
    output(&command(setup, args).output().unwrap())
}

fn output(out: &Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout.clone()).unwrap(),
        String::from_utf8(out.stderr.clone()).unwrap(),
    )
}

const K8S: [&str; 4] = [
    "--kubernetes-host",
    "https://k8s.example:6443",
    "--kubernetes-ca-cert",
    "ca.pem",
];

fn bootstrap(setup: &Setup, verb: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["vault", verb, "--platform", "gitops-config"];
    args.extend(K8S);
    args.extend(extra);
    gg(setup, &args)
}

fn root_request(setup: &Setup, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    setup.server.request(method, path, body.as_ref(), None)
}

#[test]
fn apply_to_an_empty_server_then_plan_reports_no_change() {
    let Some(s) = setup(&["cart", "web"]) else {
        return;
    };
    let (code, out, err) = bootstrap(&s, "plan", &[]);
    assert_eq!(code, 2, "plan of an empty server has changes\n{out}\n{err}");
    assert!(out.contains("+ create    policy shop-dev-read"), "{out}");
    assert!(
        out.contains("+ create    secret secret/acme/cart/prod/config"),
        "{out}"
    );
    assert!(
        out.contains("+ create    secret secret/acme/platform/registry"),
        "{out}"
    );

    let (code, out, err) = bootstrap(&s, "apply", &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    // The dev server already mounts secret/ as KV v2: everything else is created.
    assert!(out.contains("Applied 28 changes"), "{out}");

    let (code, out, err) = bootstrap(&s, "plan", &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("Plan: 0 to create, 0 to update, 0 to delete"),
        "{out}"
    );

    let (code, out, _) = bootstrap(&s, "apply", &[]);
    assert_eq!(code, 0);
    assert!(out.contains("Applied 0 changes"), "{out}");
    assert!(
        out.contains(", 0 writes)"),
        "a second apply writes nothing: {out}"
    );

    let (status, role) = root_request(&s, "GET", "auth/kubernetes/role/shop-dev-default", None);
    assert_eq!(status, 200);
    assert_eq!(role["data"]["audience"], "vault");
    assert_eq!(role["data"]["token_ttl"], 3600);
    assert_eq!(
        role["data"]["bound_service_account_namespaces"],
        json!(["shop-dev"])
    );
    let (_, config) = root_request(&s, "GET", "auth/kubernetes/config", None);
    assert_eq!(
        config["data"]["kubernetes_host"],
        "https://k8s.example:6443"
    );
    assert_eq!(config["data"]["disable_local_ca_jwt"], true);
}

fn versions(s: &Setup, path: &str) -> Vec<Value> {
    let (status, meta) = root_request(s, "GET", &format!("secret/metadata/{path}"), None);
    assert_eq!(status, 200);
    let current = meta["data"]["current_version"].as_u64().unwrap();
    (1..=current)
        .map(|v| {
            root_request(s, "GET", &format!("secret/data/{path}?version={v}"), None).1["data"]
                .clone()
        })
        .collect()
}

#[test]
fn secrets_written_between_applies_survive_byte_for_byte_with_all_versions() {
    let Some(s) = setup(&["cart"]) else {
        return;
    };
    assert_eq!(bootstrap(&s, "apply", &[]).0, 0);
    let path = "acme/cart/dev/config";
    for password in ["first", "second"] {
        let body = json!({"data": {"DB_PASSWORD": password, "blob": "ä\n\u{1}"}});
        assert_eq!(
            root_request(&s, "POST", &format!("secret/data/{path}"), Some(body)).0,
            200
        );
    }
    // A secret whose latest version is deleted counts as present too.
    let deleted = "acme/cart/prod/config";
    assert_eq!(
        root_request(&s, "DELETE", &format!("secret/data/{deleted}"), None).0,
        204
    );
    let before = (versions(&s, path), versions(&s, deleted));
    assert_eq!(before.0.len(), 3, "placeholder + two writes");

    let (code, out, err) = bootstrap(&s, "apply", &["--prune"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!((versions(&s, path), versions(&s, deleted)), before);
}

#[test]
fn a_hand_widened_policy_is_reported_by_plan_and_restored_by_apply() {
    let Some(s) = setup(&["cart"]) else {
        return;
    };
    assert_eq!(bootstrap(&s, "apply", &[]).0, 0);
    let (_, original) = root_request(&s, "GET", "sys/policies/acl/shop-dev-read", None);
    let original = original["data"]["policy"].as_str().unwrap().to_owned();
    let widened =
        format!("{original}\npath \"secret/data/*\" {{\n  capabilities = [\"read\"]\n}}\n");
    let body = json!({"policy": widened});
    assert_eq!(
        root_request(&s, "POST", "sys/policies/acl/shop-dev-read", Some(body)).0,
        204
    );

    let (code, out, _) = bootstrap(&s, "plan", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("~ update    policy shop-dev-read"), "{out}");
    assert!(out.contains("--- live"), "{out}");
    assert!(
        out.contains("-path \"secret/data/*\" {"),
        "unified diff: {out}"
    );

    assert_eq!(bootstrap(&s, "apply", &[]).0, 0);
    let (_, restored) = root_request(&s, "GET", "sys/policies/acl/shop-dev-read", None);
    assert_eq!(restored["data"]["policy"], original.as_str());
    assert_eq!(bootstrap(&s, "plan", &[]).0, 0);
}

#[test]
fn unmanaged_objects_are_left_alone_and_only_managed_leftovers_are_pruned() {
    let Some(s) = setup(&["cart"]) else {
        return;
    };
    assert_eq!(bootstrap(&s, "apply", &[]).0, 0);
    let foreign = "path \"secret/data/team/*\" {\n  capabilities = [\"read\"]\n}\n";
    root_request(
        &s,
        "POST",
        "sys/policies/acl/team-read",
        Some(json!({"policy": foreign})),
    );
    let role = json!({"bound_service_account_names": ["ci"], "bound_service_account_namespaces": ["ci"], "token_policies": ["shop-dev-read"]});
    root_request(&s, "POST", "auth/kubernetes/role/ci", Some(role));
    // A managed leftover: a marked policy and a role the ledger lists, after a
    // platform change drops the per-service roles.
    let (code, out, _) = bootstrap(&s, "plan", &["--no-service-roles"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("? unmanaged policy team-read"), "{out}");
    assert!(out.contains("? unmanaged role ci"), "{out}");
    assert!(out.contains("! stale     policy acme-cart-dev"), "{out}");
    assert!(out.contains("! stale     role cart-dev"), "{out}");

    let (code, out, err) = bootstrap(&s, "apply", &["--no-service-roles", "--prune"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("- delete    role cart-dev"), "{out}");
    let (_, kept) = root_request(&s, "GET", "sys/policies/acl/team-read", None);
    assert_eq!(kept["data"]["policy"], foreign);
    assert_eq!(
        root_request(&s, "GET", "auth/kubernetes/role/ci", None).0,
        200
    );
    assert_eq!(
        root_request(&s, "GET", "auth/kubernetes/role/cart-dev", None).0,
        404
    );
    assert_eq!(
        root_request(&s, "GET", "sys/policies/acl/acme-cart-dev", None).0,
        404
    );
    let (code, out, _) = bootstrap(&s, "plan", &["--no-service-roles", "--prune"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_token_with_an_envs_policies_reads_that_env_and_is_denied_another() {
    let Some(s) = setup(&["cart"]) else {
        return;
    };
    assert_eq!(bootstrap(&s, "apply", &[]).0, 0);
    let (_, role) = root_request(&s, "GET", "auth/kubernetes/role/shop-dev-default", None);
    let policies = role["data"]["token_policies"].clone();
    let (status, token) = root_request(
        &s,
        "POST",
        "auth/token/create",
        Some(json!({"policies": policies, "no_default_policy": true, "ttl": "10m"})),
    );
    assert_eq!(status, 200);
    let token = token["auth"]["client_token"].as_str().unwrap().to_owned();
    let read = |path: &str| s.server.request("GET", path, None, Some(&token)).0;
    assert_eq!(read("secret/data/acme/cart/dev/config"), 200);
    assert_eq!(read("secret/data/acme/platform/registry"), 200);
    assert_eq!(read("secret/data/acme/cart/staging/config"), 403);
    assert_eq!(read("secret/data/acme/cart/prod/config"), 403);
}

#[test]
fn two_applies_started_at_once_converge() {
    let Some(s) = setup(&["cart", "web", "api"]) else {
        return;
    };
    let mut args = vec!["vault", "apply", "--platform", "gitops-config"];
    args.extend(K8S);
    let first = command(&s, &args).spawn().unwrap();
    let second = command(&s, &args).spawn().unwrap();
    for child in [first, second] {
        let (code, out, err) = output(&child.wait_with_output().unwrap());
        assert!(
            code == 0 || (code == 1 && err.contains("conflict")),
            "each apply succeeds or fails with a conflict message: {code}\n{out}\n{err}"
        );
    }
    let (code, out, _) = bootstrap(&s, "plan", &[]);
    assert_eq!(code, 0, "the applies converged: {out}");
}

#[test]
fn check_finds_a_missing_path_and_a_missing_key_and_nothing_on_a_complete_setup() {
    let Some(s) = setup(&["cart"]) else {
        return;
    };
    assert_eq!(bootstrap(&s, "apply", &[]).0, 0);
    for env in ENVS {
        let body = json!({"data": {"DB_PASSWORD": "x"}});
        root_request(
            &s,
            "POST",
            &format!("secret/data/acme/cart/{env}/config"),
            Some(body),
        );
    }
    let check = |s: &Setup| {
        gg(
            s,
            &[
                "vault",
                "check",
                "--platform",
                "gitops-config",
                "services",
                "--format",
                "json",
            ],
        )
    };
    let (code, out, err) = check(&s);
    assert_eq!(code, 0, "complete setup: {out}\n{err}");
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["diagnostics"],
        json!([])
    );

    let overlay = s.dir.path().join("services/cart/.cicd/prod.yaml");
    std::fs::write(
        &overlay,
        "environment: prod\nsecrets:\n  DB_PASSWORD: \"/acme/cart/prod/config\"\n  API_KEY: \"/acme/cart/prod/config\"\n",
    )
    .unwrap();
    let staging = s.dir.path().join("services/cart/.cicd/staging.yaml");
    std::fs::write(
        &staging,
        "# moved\nenvironment: staging\nsecrets:\n  DB_PASSWORD: \"/acme/cart/staging/cfg\"\n",
    )
    .unwrap();
    let (code, out, err) = check(&s);
    assert_eq!(code, 1, "{out}\n{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(String, String, u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str(), found[0].2),
        ("secret-key-missing", "services/cart/.cicd/prod.yaml", 2),
        "{found:#?}"
    );
    assert!(found[0].3.contains("`API_KEY`"), "{found:#?}");
    assert_eq!(
        (found[1].0.as_str(), found[1].1.as_str(), found[1].2),
        ("secret-missing", "services/cart/.cicd/staging.yaml", 3),
        "{found:#?}"
    );

    // The env's live policy narrowed by hand: the secret becomes unreadable.
    let narrow = json!({"policy": "path \"secret/data/acme/platform/*\" {\n  capabilities = [\"read\"]\n}\n"});
    root_request(&s, "POST", "sys/policies/acl/shop-dev-read", Some(narrow));
    let (code, out, _) = check(&s);
    assert_eq!(code, 1);
    assert!(out.contains("secret-unreadable"), "{out}");

    // The firing and the quiet case of every registered live-Vault rule: each
    // fired above, and none on the complete setup.
    let narrowed: Value = serde_json::from_str(&out).unwrap();
    let fired: Vec<String> = found
        .iter()
        .map(|f| f.0.clone())
        .chain(
            narrowed["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["rule"].as_str().unwrap().to_owned()),
        )
        .collect();
    let live = gg_diagnostic::catalog()
        .iter()
        .filter(|rule| rule.scope == gg_diagnostic::Scope::LiveVault);
    for rule in live {
        assert!(
            fired.iter().any(|id| id == rule.id.as_str()),
            "{} has no firing case here",
            rule.id
        );
    }
}

#[test]
fn connection_failures_are_explained_in_one_line_without_the_token() {
    let Some(s) = setup(&["cart"]) else {
        return;
    };
    let plan = ["vault", "plan", "--platform", "gitops-config"];
    let (code, _, err) = output(
        &command(&s, &plan)
            .env("VAULT_TOKEN", "hvs.not-a-token")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("permission denied") && err.contains("403"),
        "{err}"
    );
    assert!(
        !err.contains("hvs.not-a-token"),
        "the token is never printed: {err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let (code, _, err) = output(
        &command(&s, &plan)
            .env("VAULT_ADDR", &address)
            .output()
            .unwrap(),
    );
    assert_eq!(code, 1);
    assert!(err.contains("cannot reach Vault at"), "{err}");

    assert_eq!(root_request(&s, "POST", "sys/seal", None).0, 204);
    let (code, _, err) = gg(&s, &plan);
    assert_eq!(code, 1);
    assert!(err.contains("is sealed"), "{err}");
}

/// The figures of the README: `cargo nextest run -p gitops-guard --test vault_bootstrap
/// --run-ignored only figures`.
#[test]
#[ignore = "figures: 200 services x 3 envs, run on demand"]
fn figures_200_services_3_envs() {
    let names: Vec<String> = (0..200).map(|i| format!("svc-{i:03}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let Some(s) = setup(&refs) else {
        return;
    };
    for round in ["first", "second"] {
        let started = Instant::now();
        let (code, out, err) = bootstrap(&s, "apply", &[]);
        assert_eq!(code, 0, "{err}");
        let last = out.lines().last().unwrap_or_default().to_owned();
        eprintln!(
            "{round} apply: {:.2}s wall; {last}",
            started.elapsed().as_secs_f64()
        );
        if round == "second" {
            assert!(last.contains(", 0 writes)"), "{last}");
        }
    }
}
