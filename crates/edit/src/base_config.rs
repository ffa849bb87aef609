//! `gitops-guard init`: `platform/base.yaml` written or updated from the seed's
//! `.env` keys, keeping comments and layout of an existing file.

use gg_platform::{EnvFile, defaults};
use gg_yaml::{Limits, Node, NodeKind, load_documents};

use crate::editor::set_value;
use crate::error::EditError;
use crate::scalar::{Value, double_quoted};

/// What `init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitOutcome {
    /// The new text of `platform/base.yaml`.
    pub text: String,
    /// One line per changed setting (`global.gitlabGroup: "a" -> "b"`).
    pub changes: Vec<String>,
    /// `.env` keys that were not written, with the reason.
    pub skipped: Vec<SkippedKey>,
    /// Settings a new file leaves out because `.env` does not give them
    /// (never guessed), with what to do.
    pub unset: Vec<String>,
}

/// A `.env` key `init` did not write into `platform/base.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedKey {
    /// The key.
    pub key: String,
    /// Its 1-based line in the `.env` file.
    pub line: u32,
    /// Why it was not written.
    pub reason: String,
    /// Whether the key is unknown (rather than known but not stored in base.yaml).
    pub unknown: bool,
}

/// `.env` keys gitops-guard knows that have no place in `platform/base.yaml`.
const NOT_IN_BASE: &[(&str, &str)] = &[
    (
        "GITLAB_HOST",
        "the platform charts do not read it; gitops-guard reads it from .env",
    ),
    ("PROJECT_PREFIX", "not a platform chart value"),
    (
        "DOCKER_REGISTRY",
        "not a platform chart value; services name their image in .cicd/<env>.yaml",
    ),
    (
        "KUBE_CONTEXT",
        "a kubectl context for the setup scripts, not a platform value",
    ),
    (
        "SERVICES",
        "services are registered in platform/core.yaml: `gitops-guard new-service NAME --platform DIR`",
    ),
    ("LETSENCRYPT_EMAIL", "not read by platform/base.yaml"),
    ("HOST", "not read by platform/base.yaml"),
];

/// `.env` keys holding credentials: never written into a repository.
const CREDENTIALS: &[&str] = &[
    "GITLAB_DEPLOY_TOKEN_USER",
    "GITLAB_DEPLOY_TOKEN",
    "GITLAB_AGENT_TOKEN",
    "GITLAB_TOKEN",
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_TUNNEL_TOKEN",
];

/// Writes the `.env` settings into `base` (the current `platform/base.yaml`, or
/// `None` to start a new one).
///
/// Keys written: `GITLAB_GROUP` → `global.gitlabGroup`, `VAULT_PATH_PREFIX` →
/// `global.vaultPathPrefix`, `NAMESPACE_PREFIX` → `global.namespacePrefix`,
/// `ENVIRONMENTS` → `environments.<env>.enabled` (`true` for the listed ones,
/// `false` for other environments already in the file), `CLOUDFLARE_TUNNEL_ID` →
/// `ingress.cloudflare.tunnelId`. Other keys are reported in
/// [`InitOutcome::skipped`].
///
/// # Errors
/// As [`crate::set_value`].
pub fn apply_env_file(
    base: Option<&str>,
    file: &str,
    env: &EnvFile,
) -> Result<InitOutcome, EditError> {
    let get = |key: &str| env.get(key).map(|e| e.value.clone());
    let environments: Option<Vec<String>> = get("ENVIRONMENTS").map(|v| {
        v.split([' ', ',', '\t'])
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    });
    for name in environments.iter().flatten() {
        gg_naming::validate_label(name).map_err(|e| EditError::InvalidName {
            what: "environment",
            value: name.clone(),
            reason: e.to_string(),
        })?;
    }
    let mut unset = Vec::new();
    let mut text = match base {
        Some(text) => text.to_owned(),
        None => {
            if env.get("NAMESPACE_PREFIX").is_none() {
                unset.push(
                    "global.namespacePrefix: NAMESPACE_PREFIX is not in .env; set it (`NAMESPACE_PREFIX=\"\"` for namespaces named after the environments)".to_owned(),
                );
            }
            skeleton(env)
        }
    };
    let mut changes = Vec::new();
    let mut edits: Vec<(Vec<String>, Value)> = Vec::new();
    let scalar = |path: &[&str], value: String| {
        (
            path.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
            Value::Str(value),
        )
    };
    if let Some(group) = get("GITLAB_GROUP").filter(|v| !v.is_empty()) {
        edits.push(scalar(&["global", "gitlabGroup"], group));
    }
    if let Some(prefix) = get("VAULT_PATH_PREFIX").filter(|v| !v.is_empty()) {
        edits.push(scalar(&["global", "vaultPathPrefix"], prefix));
    }
    if let Some(prefix) = get("NAMESPACE_PREFIX") {
        edits.push(scalar(&["global", "namespacePrefix"], prefix));
    }
    if let Some(tunnel) = get("CLOUDFLARE_TUNNEL_ID").filter(|v| !v.is_empty()) {
        edits.push(scalar(&["ingress", "cloudflare", "tunnelId"], tunnel));
    }
    if let Some(listed) = &environments {
        for name in existing_environments(&text, file)? {
            if !listed.contains(&name) {
                edits.push((
                    vec!["environments".into(), name, "enabled".into()],
                    Value::Bool(false),
                ));
            }
        }
        for name in listed {
            edits.push((
                vec!["environments".into(), name.clone(), "enabled".into()],
                Value::Bool(true),
            ));
        }
    }
    for (path, value) in &edits {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let before = current(&text, file, &path)?;
        if before.as_ref() == Some(value) {
            continue;
        }
        text = set_value(&text, file, &path, value)?;
        changes.push(format!(
            "{}: {} -> {}",
            path.join("."),
            before.as_ref().map_or_else(|| "(unset)".to_owned(), shown),
            shown(value)
        ));
    }
    Ok(InitOutcome {
        text,
        changes,
        skipped: skipped_keys(env),
        unset,
    })
}

fn shown(value: &Value) -> String {
    match value {
        Value::Str(s) | Value::QuotedStr(s) => double_quoted(s),
        Value::Bool(b) => b.to_string(),
        Value::Map(_) => "{…}".to_owned(),
    }
}

/// The scalar at `path` now, as a [`Value`] (`None` when unset or not a string/bool).
fn current(text: &str, file: &str, path: &[&str]) -> Result<Option<Value>, EditError> {
    let docs = load_documents(text, file, &Limits::default())?;
    let node = docs.first().and_then(|doc| doc.root.get_path(path));
    Ok(node.and_then(|node: &Node| match &node.kind {
        NodeKind::String(s) => Some(Value::Str(s.clone())),
        NodeKind::Bool(b) => Some(Value::Bool(*b)),
        _ => None,
    }))
}

fn existing_environments(text: &str, file: &str) -> Result<Vec<String>, EditError> {
    let docs = load_documents(text, file, &Limits::default())?;
    Ok(docs
        .first()
        .and_then(|doc| doc.root.get_path(&["environments"]))
        .and_then(Node::as_map)
        .map(|map| map.entries.iter().map(|(k, _)| k.name.clone()).collect())
        .unwrap_or_default())
}

/// True for a key that holds a credential: a known one, or one named like
/// one (`VAULT_TOKEN`, `DB_PASSWORD`, `STRIPE_API_KEY`, `OAUTH_CLIENT_SECRET`).
fn is_credential(key: &str) -> bool {
    const MARKS: &[&str] = &[
        "TOKEN",
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "API_KEY",
        "PRIVATE_KEY",
    ];
    CREDENTIALS.contains(&key) || MARKS.iter().any(|mark| key.contains(mark))
}

fn skipped_keys(env: &EnvFile) -> Vec<SkippedKey> {
    const WRITTEN: &[&str] = &[
        "GITLAB_GROUP",
        "VAULT_PATH_PREFIX",
        "NAMESPACE_PREFIX",
        "ENVIRONMENTS",
        "CLOUDFLARE_TUNNEL_ID",
    ];
    env.entries
        .iter()
        .filter(|entry| !WRITTEN.contains(&entry.key.as_str()))
        .map(|entry| {
            let known = NOT_IN_BASE.iter().find(|(key, _)| *key == entry.key);
            let (reason, unknown) = match known {
                Some((_, reason)) => ((*reason).to_owned(), false),
                None if is_credential(&entry.key) => (
                    "a credential: keep it out of the repository (CI variable or Vault)".to_owned(),
                    false,
                ),
                None => ("not a key gitops-guard understands".to_owned(), true),
            };
            SkippedKey {
                key: entry.key.clone(),
                line: entry.line,
                reason,
                unknown,
            }
        })
        .collect()
}

/// A new `platform/base.yaml` with the seed's layout; the `.env` values are
/// written into it afterwards like into any existing file.
fn skeleton(env: &EnvFile) -> String {
    let value = |key: &str, default: &str| {
        env.get(key)
            .map(|e| e.value.clone())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| default.to_owned())
    };
    let group = value("GITLAB_GROUP", defaults::GITLAB_GROUP);
    let prefix = value("VAULT_PATH_PREFIX", &group);
    format!(
        "# Platform values shared by every platform chart; ArgoCD renders each chart
# with platform/base.yaml + platform/<chart>.yaml. Written by `gitops-guard init`
# from .env; edit freely: `gitops-guard init` keeps comments and layout.

global:
  gitlabGroup: {group}
  vaultPathPrefix: {prefix}
{ns}
  k8app:
    repoURL: {repo}
    chart: {chart}
    version: \"{version}\"

# Application namespaces are <namespacePrefix>-<env>. autoSync is a string:
# ArgoCD's ApplicationSet list generator takes only strings.
environments:
  dev:
    enabled: true
    autoSync: \"true\"

vault:
  address: http://vault.vault.svc:8200
  mount: {mount}
  tokenSecret:
    name: vault-admin-token
    key: token

vaultAuth:
  enabled: true
  audiences:
    - vault

# Pull secret synced by VSO into every application namespace.
registry:
  enabled: true
  secretName: {secret}
  vaultPath: {registry_path}

applicationSet:
  project: {group}
",
        registry_path = plain_or_quoted(&format!("{prefix}/platform/registry")),
        group = plain_or_quoted(&group),
        prefix = plain_or_quoted(&prefix),
        ns = match env.get("NAMESPACE_PREFIX") {
            Some(entry) => format!("  namespacePrefix: {}", double_quoted(&entry.value)),
            None => "  # namespacePrefix: NAMESPACE_PREFIX is not in .env (namespaces are <namespacePrefix>-<env>)".to_owned(),
        },
        repo = defaults::K8APP_REPO_URL,
        chart = defaults::K8APP_CHART,
        version = defaults::k8app_version(),
        mount = defaults::VAULT_MOUNT,
        secret = defaults::REGISTRY_SECRET,
    )
}

fn plain_or_quoted(value: &str) -> String {
    Value::str(value).scalar_text(None).unwrap_or_default()
}
