//! `.cicd/default.yaml` and the per-environment overlays.

use std::fmt::Write as _;

use gg_naming::{EnvKind, EnvName};

use super::spec::{ServiceSpec, ValuesPlatform};
use crate::scalar::double_quoted;

/// The modeline yaml-language-server reads the schema location from.
fn modeline(spec: &ServiceSpec) -> String {
    format!("# yaml-language-server: $schema={}\n", spec.schema_url)
}

/// `.cicd/default.yaml`: what every environment shares. No image (CI writes it
/// per overlay), no environment-specific values.
pub(super) fn default_values(spec: &ServiceSpec, platform: &ValuesPlatform) -> String {
    let name = &spec.name;
    let mut out = modeline(spec);
    let _ = write!(
        out,
        "# {name}: values for every environment (k8app {version}).
# Value files, lowest priority first:
#   shared/k8app-defaults.yaml <- .cicd/default.yaml <- .cicd/<env>.yaml
# The image is set per environment by CI (`gitops-guard set-image`), never here.

appName: {name}
",
        version = platform.chart_version
    );
    if let Some(secret) = &platform.registry_secret {
        let _ = write!(
            out,
            "
# Pull secret synced into every namespace by the platform.
imagePullSecrets:
  - name: {secret}
"
        );
    }
    out.push_str(
        "
service:
  enabled: true
  ports:
    http:
      externalPort: 8080
      internalPort: 8080
      protocol: TCP
    metrics:
      externalPort: 9090
      internalPort: 9090
      protocol: TCP

livenessProbe:
  enabled: true
  mode: httpGet
  httpGet:
    port: 8080
    path: /healthz
  initialDelaySeconds: 10
  periodSeconds: 10

readinessProbe:
  enabled: true
  mode: httpGet
  httpGet:
    port: 8080
    path: /readyz
  periodSeconds: 5

configmap:
  LOG_LEVEL: info
",
    );
    if !spec.secret_keys.is_empty() {
        let _ = write!(
            out,
            "
# Secrets come from Vault through the namespace's VaultAuth; the paths are in
# the overlays (one per environment).
secretsProvider:
  provider: vault
  vault:
    authRef: {auth}
    mount: {mount}
    type: kv-v2
    refreshAfter: 1h
",
            auth = platform.vault_auth,
            mount = platform.vault_mount
        );
    }
    out
}

/// `.cicd/<env>.yaml`: the environment, the image CI rewrites, sizing, the
/// environment's Vault path, and hpa/pdb in staging/prod.
pub(super) fn overlay_values(spec: &ServiceSpec, platform: &ValuesPlatform, env: &str) -> String {
    let name = &spec.name;
    let kind = EnvName::new(env).map_or(EnvKind::Other, |e| e.kind());
    let mut out = modeline(spec);
    let _ = write!(
        out,
        "# {name} in {env}: Application {name}-{env} in namespace {namespace}.

environment: {env}

# Rewritten by CI: gitops-guard set-image --env {env} --tag <tag>
image:
  repository: {repository}
  tag: {tag}
",
        namespace = platform.namespace(env),
        repository = spec.image,
        tag = double_quoted(spec.initial_tag.as_str()),
    );
    let (replicas, cpu, memory, cpu_limit, memory_limit) = match kind {
        EnvKind::Prod => (3, "250m", "256Mi", "1", "512Mi"),
        EnvKind::Staging => (2, "100m", "128Mi", "500m", "256Mi"),
        _ => (1, "50m", "64Mi", "200m", "128Mi"),
    };
    let _ = write!(
        out,
        "
replicas: {replicas}

resources:
  requests:
    cpu: {cpu}
    memory: {memory}
  limits:
    cpu: {cpu_limit}
    memory: {memory_limit}
",
        cpu_limit = double_quoted_if_number(cpu_limit),
    );
    let path = double_quoted(&platform.secret_path(name, env));
    if spec.secret_keys.is_empty() {
        let _ = write!(
            out,
            "
# Secrets from Vault: ENV_VAR: {path}
# secrets:
#   DATABASE_PASSWORD: {path}
"
        );
    } else {
        out.push_str(
            "\n# This environment's Vault secret (KV v2, mount-relative, absolute).\nsecrets:\n",
        );
        for key in &spec.secret_keys {
            let _ = writeln!(out, "  {key}: {path}");
        }
    }
    if matches!(kind, EnvKind::Staging | EnvKind::Prod) {
        out.push_str(
            "
pdb:
  enabled: true
  apiVersion: policy/v1
  maxUnavailable: 1
",
        );
    }
    if kind == EnvKind::Prod {
        out.push_str(
            "
hpa:
  enabled: true
  maxReplicas: 6
",
        );
    }
    out
}

/// `"1"` for an all-digit quantity (k8s quantities are strings), else as is.
fn double_quoted_if_number(value: &str) -> String {
    if value.chars().all(|c| c.is_ascii_digit()) {
        double_quoted(value)
    } else {
        value.to_owned()
    }
}
