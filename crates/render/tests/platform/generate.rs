//! Generated platforms: random settings of every kind the platform's charts
//! read — environments enabled or not, with and without domains, mirrors
//! and their routes; namespace prefixes from empty to long; the registry,
//! VaultAuth, DNS and the tunnel on or off; previews on or off and their
//! gateway in one environment's namespace or another; services registered
//! or not; service groups with IP allow-lists — now and then with a value
//! of the wrong kind (a number for a name, a missing map), which makes Helm
//! fail or print something odd. Drawn from proptest's seeded generator, so
//! a run is repeatable (`GG_AGREEMENT_SEED`) and a failure reproducible.

use std::path::Path;

use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};
use serde_json::{Map, Value, json};

use crate::harness::number_from_env;

/// The seed: `GG_AGREEMENT_SEED` (a number), else a fixed one.
pub(crate) fn seed() -> u64 {
    number_from_env("GG_AGREEMENT_SEED", 0x706c_6174_666f_726d)
}

/// Draws the values of one platform.
pub(crate) struct Gen {
    rng: TestRng,
}

impl Gen {
    /// A generator seeded with `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        let mut bytes = [0u8; 32];
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            chunk.copy_from_slice(&(seed ^ (i as u64).wrapping_mul(0x9E37_79B9)).to_le_bytes());
        }
        Self {
            rng: TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn one<T: Clone>(&mut self, items: &[T]) -> T {
        let index = self.rng.random_range(0..items.len());
        items[index].clone()
    }

    fn count(&mut self, max: usize) -> usize {
        self.rng.random_range(0..=max)
    }

    /// A string, or rarely a value of another kind.
    fn text(&mut self, usual: &[&str]) -> Value {
        if self.chance(0.03) {
            self.one(&[json!(42), json!(true), json!(null)])
        } else {
            json!(self.one(usual))
        }
    }

    fn switch(&mut self, p_on: f64) -> Value {
        if self.chance(0.03) {
            self.one(&[json!("yes"), json!(1), json!(null)])
        } else {
            json!(self.chance(p_on))
        }
    }
}

/// Sets `key` in `map` with probability `p`.
fn maybe(
    map: &mut Map<String, Value>,
    g: &mut Gen,
    p: f64,
    key: &str,
    value: impl FnOnce(&mut Gen) -> Value,
) {
    if g.chance(p) {
        let value = value(g);
        map.insert(key.to_owned(), value);
    }
}

const PREFIXES: &[&str] = &[
    "",
    "p",
    "poc",
    "shop",
    "acme-platform",
    "team-with-a-rather-long-namespace-prefix-x",
];
const ENVS: &[&str] = &["dev", "staging", "prod", "qa", "uat"];
const DOMAINS: &[&str] = &[
    "example.com",
    "apps.example.org",
    "x.dev",
    "acme-shop.example",
];

/// The files of one generated platform repository, relative to its root.
pub(crate) fn platform(g: &mut Gen) -> Vec<(&'static str, String)> {
    let prefix = g.one(PREFIXES);
    let envs: Vec<&str> = ENVS.iter().copied().filter(|_| g.chance(0.6)).collect();
    let envs = if envs.is_empty() { vec!["dev"] } else { envs };
    let base = base(g, prefix, &envs);
    let mut files = vec![
        ("platform/base.yaml", yaml(&base)),
        ("platform/core.yaml", yaml(&core(g))),
    ];
    if g.chance(0.6) {
        files.push(("platform/preview.yaml", yaml(&preview(g, prefix, &envs))));
    }
    if g.chance(0.6) {
        files.push(("platform/service-groups.yaml", yaml(&service_groups(g))));
    }
    if g.chance(0.6) {
        files.push((
            "platform/ingress.yaml",
            yaml(&ingress_file(g, prefix, &envs)),
        ));
    }
    files
}

/// Writes the files below `dir`.
pub(crate) fn write(dir: &Path, files: &[(&str, String)]) {
    for (relative, text) in files {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The files as a report shows them.
pub(crate) fn show(files: &[(&str, String)]) -> String {
    files
        .iter()
        .map(|(name, text)| format!("--- {name}\n{text}"))
        .collect()
}

fn yaml(value: &Value) -> String {
    gg_render::to_yaml(value)
}

fn base(g: &mut Gen, prefix: &str, envs: &[&str]) -> Value {
    let mut global = Map::new();
    global.insert(
        "gitlabGroup".into(),
        g.text(&["acme", "gitops-poc-dzha", "team-a"]),
    );
    global.insert("vaultPathPrefix".into(), g.text(&["acme", "secrets-x"]));
    if g.chance(0.97) {
        global.insert("namespacePrefix".into(), json!(prefix));
    }
    if g.chance(0.97) {
        let version = g.one(&[json!("3.8.0"), json!("3.13.0"), json!(3.8)]);
        global.insert(
            "k8app".into(),
            json!({"repoURL": "https://d7561985.github.io/k8app", "chart": "app", "version": version}),
        );
    }
    let mut environments = Map::new();
    for env in envs {
        environments.insert((*env).to_owned(), environment(g, env));
    }
    let mut base = Map::new();
    base.insert("global".into(), Value::Object(global));
    base.insert("environments".into(), Value::Object(environments));
    let mut vault =
        json!({"address": "http://vault.vault.svc:8200", "mount": g.text(&["secret", "kv"])});
    if g.chance(0.95) {
        vault["tokenSecret"] = json!({"name": "vault-admin-token", "key": "token"});
    }
    base.insert("vault".into(), vault);
    let audiences = g.one(&[
        json!(["vault"]),
        json!(["vault", "https://kubernetes.default.svc"]),
    ]);
    base.insert(
        "vaultAuth".into(),
        json!({"enabled": g.switch(0.85), "audiences": audiences}),
    );
    base.insert(
        "registry".into(),
        json!({"enabled": g.switch(0.7), "secretName": g.text(&["regsecret", "registry-credentials"]), "vaultPath": "acme/platform/registry"}),
    );
    maybe(
        &mut base,
        g,
        0.95,
        "applicationSet",
        |g| json!({"project": g.text(&["acme", "default"])}),
    );
    base.insert(
        "dns".into(),
        json!({"enabled": g.switch(0.7), "provider": "cloudflare", "cloudflare": {"proxied": g.switch(0.5)}}),
    );
    base.insert("ingress".into(), ingress(g));
    base.insert(
        "previewEnvironments".into(),
        preview_settings(g, prefix, envs),
    );
    Value::Object(base)
}

fn environment(g: &mut Gen, env: &str) -> Value {
    let mut out = Map::new();
    out.insert("enabled".into(), g.switch(0.8));
    maybe(&mut out, g, 0.6, "autoSync", |g| {
        g.one(&[json!(true), json!(false), json!("true")])
    });
    if g.chance(0.85) {
        out.insert("domain".into(), json!(format!("{env}.{}", g.one(DOMAINS))));
    }
    maybe(&mut out, g, 0.4, "infraNamespace", |_| {
        json!(format!("infra-{env}-x"))
    });
    if g.chance(0.35) {
        let mirrors: Vec<Value> = (0..g.count(2))
            .map(|i| {
                let mut mirror = json!({"domain": format!("m{i}.{}", g.one(DOMAINS))});
                if g.chance(0.3) {
                    mirror["routes"] = json!([{"name": "web", "path": "/", "serviceName": "web-sv", "servicePort": 80},
                        {"path": "/api", "pathType": "Exact", "serviceName": "api-sv", "servicePort": 8080}]);
                }
                mirror
            })
            .collect();
        out.insert("mirrors".into(), Value::Array(mirrors));
    }
    Value::Object(out)
}

fn ingress(g: &mut Gen) -> Value {
    let provider = g.one(&[
        json!("cloudflare-tunnel"),
        json!("cloudflare-tunnel"),
        json!("haproxy"),
    ]);
    let mut cloudflare = Map::new();
    cloudflare.insert("enabled".into(), g.switch(0.8));
    cloudflare.insert(
        "tunnelId".into(),
        g.one(&[json!("1172317a-8885-492f-9744-dfba842c4d88"), json!("")]),
    );
    maybe(&mut cloudflare, g, 0.5, "replicas", |g| {
        g.one(&[json!(1), json!(3)])
    });
    maybe(&mut cloudflare, g, 0.5, "namespace", |_| json!("tunnel"));
    maybe(&mut cloudflare, g, 0.5, "credentialsSecret", |_| {
        json!("tunnel-credentials")
    });
    let mut ingress = json!({"provider": provider, "cloudflare": cloudflare});
    if g.chance(0.3) {
        ingress["haproxy"] = json!({"loadBalancerIP": "10.0.0.7"});
    }
    ingress
}

fn preview_settings(g: &mut Gen, prefix: &str, envs: &[&str]) -> Value {
    let namespace = format!("{prefix}-{}", g.one(envs));
    let namespace = g.one(&[json!(namespace), json!("elsewhere")]);
    let mut gateway = json!({"namespace": namespace});
    if g.chance(0.5) {
        gateway["protocol"] = json!("HTTP");
        gateway["port"] = g.one(&[json!(80), json!(8080), json!("8081")]);
    }
    let mut out = json!({"enabled": g.switch(0.5), "baseDomain": g.one(DOMAINS)});
    if g.chance(0.95) {
        out["gateway"] = gateway;
    }
    if g.chance(0.95) {
        out["vault"] = json!({"enabled": g.switch(0.8), "path": "acme/argocd/gitlab-preview/dev"});
    }
    out
}

fn core(g: &mut Gen) -> Value {
    let mut core = Map::new();
    let mut labels = Map::new();
    for (key, value) in [
        ("app.kubernetes.io/managed-by", "platform-core"),
        ("team", "platform"),
    ] {
        if g.chance(0.5) {
            labels.insert(key.into(), json!(value));
        }
    }
    core.insert(
        "namespaces".into(),
        json!({"enabled": g.switch(0.9), "labels": labels}),
    );
    let protocol = g.one(&[json!("HTTP"), json!("HTTPS"), json!(null)]);
    let mut listener = json!({"protocol": protocol, "port": g.one(&[json!(80), json!(443)])});
    if g.chance(0.7) {
        listener["name"] = json!("http-app");
    }
    core.insert(
        "gateway".into(),
        json!({"enabled": g.switch(0.85), "gatewayClassName": "cilium", "listener": listener,
            "certManager": {"enabled": g.switch(0.3), "clusterIssuer": "letsencrypt"}}),
    );
    let mut mirrors = json!({"enabled": g.switch(0.7), "addToGateway": g.switch(0.8), "addToTunnel": g.switch(0.8)});
    if g.chance(0.2) {
        mirrors["defaultRoutes"] =
            json!([{"name": "all", "path": "/", "serviceName": "front-sv", "servicePort": 3000}]);
    }
    core.insert("domainMirrors".into(), mirrors);
    let mut services = Map::new();
    for name in ["orders", "api-gw", "web", "payments", "catalog"] {
        if g.chance(0.5) {
            let mut service = Map::new();
            maybe(&mut service, g, 0.7, "syncWave", |g| {
                g.one(&[json!("0"), json!("1"), json!("2"), json!(1)])
            });
            maybe(&mut service, g, 0.6, "repoURL", |_| {
                json!(format!("https://gitlab.com/acme/{name}.git"))
            });
            maybe(&mut service, g, 0.6, "path", |g| {
                g.one(&[json!(".cicd"), json!(format!("{name}/.cicd"))])
            });
            services.insert(name.into(), Value::Object(service));
        }
    }
    core.insert("services".into(), Value::Object(services));
    core.insert(
        "applicationSet".into(),
        json!({"enabled": g.switch(0.9), "name": g.text(&["gitops-services", "acme-services"])}),
    );
    maybe(
        &mut core,
        g,
        0.5,
        "infra",
        |g| json!({"enabled": g.switch(0.7)}),
    );
    let mut job = json!({"enabled": g.switch(0.8), "image": "hashicorp/vault:1.15", "backoffLimit": 3,
        "ttlSecondsAfterFinished": 300, "hook": "PreSync", "hookDeletePolicy": "HookSucceeded"});
    job["syncWave"] = g.one(&[json!("-10"), json!(-10)]);
    core.insert("job".into(), job);
    Value::Object(core)
}

fn preview(g: &mut Gen, prefix: &str, envs: &[&str]) -> Value {
    let mut services = Map::new();
    for name in ["frontend", "admin"] {
        if g.chance(0.6) {
            let mut service = Map::new();
            service.insert("enabled".into(), g.switch(0.8));
            maybe(&mut service, g, 0.9, "projectId", |g| {
                g.one(&[json!("76998085"), json!(1234)])
            });
            maybe(&mut service, g, 0.6, "branchMatch", |_| {
                json!("^[A-Z]+-[0-9]+-.*")
            });
            service.insert("cicdPath".into(), json!(format!("{name}/.cicd")));
            service.insert("repoURL".into(), json!("https://gitlab.com/acme/mono.git"));
            service.insert(
                "namespace".into(),
                json!(format!("{prefix}-{}", g.one(envs))),
            );
            maybe(&mut service, g, 0.5, "appNameBase", |_| {
                json!(format!("acme-{name}"))
            });
            services.insert(name.into(), Value::Object(service));
        }
    }
    let mut settings = json!({
        "gitlab": {"api": "https://gitlab.com/", "tokenRef": {"secretName": "gitlab-preview-token", "key": "token"},
            "requeueAfterSeconds": 60},
        "services": services,
    });
    if g.chance(0.3) {
        settings["enabled"] = g.switch(0.5);
    }
    json!({"previewEnvironments": settings})
}

fn service_groups(g: &mut Gen) -> Value {
    let mut groups = Map::new();
    for name in ["infrastructure", "databases"] {
        if !g.chance(0.7) {
            continue;
        }
        let mut services = Map::new();
        for (service, namespace) in [
            ("argocd", "argocd"),
            ("grafana", "monitoring"),
            ("vault", "vault"),
        ] {
            if g.chance(0.6) {
                let mut entry = json!({"enabled": g.switch(0.8), "subdomain": service, "namespace": namespace,
                    "serviceName": format!("{service}-server"), "servicePort": g.one(&[json!(80), json!(8200)])});
                if g.chance(0.4) {
                    entry["path"] = json!("/ui");
                    entry["pathType"] = json!("Exact");
                }
                services.insert(service.into(), entry);
            }
        }
        let mut group = json!({"enabled": g.switch(0.8), "baseDomain": g.one(DOMAINS),
            "gatewayNamespace": format!("platform-{name}"), "services": services});
        if g.chance(0.6) {
            group["clusterName"] = json!("poc");
        }
        if g.chance(0.95) {
            group["gateway"] = json!({"gatewayClassName": "cilium", "protocol": "HTTP", "port": g.one(&[json!(80), json!(8080)])});
        }
        if g.chance(0.5) {
            let cidrs = g.one(&[
                json!([]),
                json!(["10.8.0.0/24"]),
                json!(["10.8.0.0/24", "192.168.1.0/24"]),
            ]);
            group["security"] = json!({"ipWhitelist": {"enabled": g.switch(0.6), "cidrs": cidrs}});
        }
        groups.insert(name.into(), group);
    }
    json!({"serviceGroups": groups})
}

fn ingress_file(g: &mut Gen, prefix: &str, envs: &[&str]) -> Value {
    let mut out =
        json!({"domainMirrors": {"enabled": g.switch(0.8), "addToTunnel": g.switch(0.8)}});
    if g.chance(0.5) {
        out["previewEnvironments"] = json!({"enabled": g.switch(0.5), "baseDomain": g.one(DOMAINS),
            "gateway": {"namespace": format!("{prefix}-{}", g.one(envs)), "port": 80}});
    }
    out
}
