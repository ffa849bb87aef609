//! Comparing the desired with the live state: what `apply` would create, update or
//! delete, what stays, and what is present but not managed by this tool.

use std::collections::BTreeSet;
use std::fmt;

use gg_vault::KubernetesRole;
use serde_json::{Value, json};
use similar::TextDiff;

use crate::desired::{
    DesiredState, KUBERNETES_AUTH_MOUNT, is_marked, kubernetes_config_body, placeholder_data,
    role_body,
};
use crate::error::ClientError;
use crate::live::{LiveRole, LiveState, MountState};

/// What kind of object a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The KV v2 secrets engine.
    Mount,
    /// The Kubernetes auth method.
    AuthMethod,
    /// `auth/kubernetes/config`.
    AuthConfig,
    /// An ACL policy.
    Policy,
    /// A Kubernetes auth role.
    Role,
    /// The ledger of managed roles.
    Ledger,
    /// A placeholder secret.
    Secret,
}

impl Kind {
    /// The word shown in the plan.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Mount => "mount",
            Self::AuthMethod => "auth",
            Self::AuthConfig => "auth-config",
            Self::Policy => "policy",
            Self::Role => "role",
            Self::Ledger => "ledger",
            Self::Secret => "secret",
        }
    }
}

/// What happens to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Absent; will be created.
    Create,
    /// Present and different; will be rewritten.
    Update,
    /// Present as desired (or, for secrets: present, left alone).
    Unchanged,
    /// Present, not generated, not managed by this tool: reported, never touched.
    Unmanaged,
    /// Managed by this tool but no longer generated; `--prune` deletes it.
    Stale,
    /// Managed, no longer generated, and `--prune` was given.
    Delete,
}

impl Action {
    /// Whether applying the plan writes something for this change.
    pub const fn writes(self) -> bool {
        matches!(self, Self::Create | Self::Update | Self::Delete)
    }

    const fn symbol(self) -> &'static str {
        match self {
            Self::Create => "+ create   ",
            Self::Update => "~ update   ",
            Self::Unchanged => "= unchanged",
            Self::Unmanaged => "? unmanaged",
            Self::Stale => "! stale    ",
            Self::Delete => "- delete   ",
        }
    }
}

/// The request that carries out a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Operation {
    /// `POST path body`.
    Write {
        /// API path.
        path: String,
        /// JSON body.
        body: Value,
    },
    /// `POST path body` that enables a mount; "already in use" counts as done.
    Enable {
        /// API path.
        path: String,
        /// JSON body.
        body: Value,
    },
    /// A KV v2 write with `cas=0`: create only; an existing secret counts as done.
    CreateOnly {
        /// API path (`{mount}/data/…`).
        path: String,
        /// The secret's data.
        data: Value,
    },
    /// The ledger write, check-and-set on the version read by the plan.
    Ledger {
        /// The KV mount.
        mount: String,
        /// Logical path.
        path: String,
        /// Version read by the plan.
        cas: u64,
        /// Role names to record.
        roles: BTreeSet<String>,
    },
    /// `DELETE path`.
    Delete {
        /// API path.
        path: String,
    },
}

/// One line of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Kind of object.
    pub kind: Kind,
    /// Its name or path.
    pub name: String,
    /// What happens.
    pub action: Action,
    /// A unified diff (policies) or the fields that differ; may be empty.
    pub detail: String,
    /// The request, for writing actions.
    pub operation: Option<Operation>,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Changes in apply order: mount, auth, config, policies, roles, ledger,
    /// placeholders, then deletions (roles before policies).
    pub changes: Vec<Change>,
}

/// Counts per action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanSummary {
    /// To create.
    pub create: usize,
    /// To update.
    pub update: usize,
    /// To delete.
    pub delete: usize,
    /// Unchanged.
    pub unchanged: usize,
    /// Present but unmanaged.
    pub unmanaged: usize,
    /// Managed but no longer generated.
    pub stale: usize,
}

impl Plan {
    /// Whether applying it would write anything.
    pub fn has_changes(&self) -> bool {
        self.changes.iter().any(|c| c.action.writes())
    }

    /// Counts per action.
    pub fn summary(&self) -> PlanSummary {
        let count = |a: Action| self.changes.iter().filter(|c| c.action == a).count();
        PlanSummary {
            create: count(Action::Create),
            update: count(Action::Update),
            delete: count(Action::Delete),
            unchanged: count(Action::Unchanged),
            unmanaged: count(Action::Unmanaged),
            stale: count(Action::Stale),
        }
    }

    /// The plan as text; unchanged objects are listed only when `verbose`.
    pub fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        for change in &self.changes {
            if change.action == Action::Unchanged && !verbose {
                continue;
            }
            out.push_str(&format!(
                "{} {} {}\n",
                change.action.symbol(),
                change.kind.as_str(),
                change.name
            ));
            for line in change.detail.lines() {
                out.push_str(&format!("      {line}\n"));
            }
        }
        out.push_str(&format!("{}\n", self.summary()));
        out
    }
}

impl fmt::Display for PlanSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Plan: {} to create, {} to update, {} to delete; {} unchanged, {} unmanaged (left alone), {} stale (--prune deletes them).",
            self.create, self.update, self.delete, self.unchanged, self.unmanaged, self.stale
        )
    }
}

/// Compares `desired` with `live`. Fails when the KV mount holds another engine.
pub fn plan(desired: &DesiredState, live: &LiveState, prune: bool) -> Result<Plan, ClientError> {
    let mut changes = Vec::new();
    let mount = &desired.mount;
    match &live.mount {
        MountState::KvV2 => changes.push(unchanged(Kind::Mount, format!("{mount}/ (kv v2)"))),
        MountState::Absent => changes.push(Change {
            kind: Kind::Mount,
            name: format!("{mount}/ (kv v2)"),
            action: Action::Create,
            detail: String::new(),
            operation: Some(Operation::Enable {
                path: format!("sys/mounts/{mount}"),
                body: json!({"type": "kv", "options": {"version": "2"}}),
            }),
        }),
        MountState::Other(what) => {
            return Err(ClientError::Conflict(format!(
                "`{mount}/` is mounted as {what}, not KV version 2; nothing was planned (migrate the mount or set vault.mount)"
            )));
        }
    }
    let auth = format!("{KUBERNETES_AUTH_MOUNT}/");
    changes.push(if live.kubernetes_auth {
        unchanged(Kind::AuthMethod, auth)
    } else {
        Change {
            kind: Kind::AuthMethod,
            name: auth,
            action: Action::Create,
            detail: String::new(),
            operation: Some(Operation::Enable {
                path: format!("sys/auth/{KUBERNETES_AUTH_MOUNT}"),
                body: json!({"type": "kubernetes"}),
            }),
        }
    });
    if let Some(config) = &desired.kubernetes {
        let name = format!("auth/{KUBERNETES_AUTH_MOUNT}/config");
        let differences = live.kubernetes_config.as_ref().map(|current| {
            [
                (current.host != config.host)
                    .then(|| format!("kubernetes_host: {} -> {}", current.host, config.host)),
                (current.ca_cert.trim() != config.ca_cert.trim())
                    .then(|| "kubernetes_ca_cert: differs".to_owned()),
                (!current.disable_local_ca_jwt)
                    .then(|| "disable_local_ca_jwt: false -> true".to_owned()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
        });
        let write = Some(Operation::Write {
            path: name.clone(),
            body: kubernetes_config_body(config),
        });
        changes.push(match differences {
            None => Change {
                kind: Kind::AuthConfig,
                name,
                action: Action::Create,
                detail: format!("kubernetes_host: {}", config.host),
                operation: write,
            },
            Some(d) if d.is_empty() => unchanged(Kind::AuthConfig, name),
            Some(d) => Change {
                kind: Kind::AuthConfig,
                name,
                action: Action::Update,
                detail: d.join("\n"),
                operation: write,
            },
        });
    }

    let desired_policies: BTreeSet<&str> =
        desired.policies.iter().map(|p| p.name.as_str()).collect();
    for policy in &desired.policies {
        let write = Some(Operation::Write {
            path: format!("sys/policies/acl/{}", policy.name),
            body: json!({ "policy": policy.body }),
        });
        changes.push(match live.policies.get(&policy.name) {
            None => Change {
                kind: Kind::Policy,
                name: policy.name.clone(),
                action: Action::Create,
                detail: String::new(),
                operation: write,
            },
            Some(body) if *body == policy.body => unchanged(Kind::Policy, policy.name.clone()),
            Some(body) => Change {
                kind: Kind::Policy,
                name: policy.name.clone(),
                action: Action::Update,
                detail: TextDiff::from_lines(body.as_str(), policy.body.as_str())
                    .unified_diff()
                    .context_radius(2)
                    .header("live", "desired")
                    .to_string(),
                operation: write,
            },
        });
    }

    let desired_roles: BTreeSet<&str> = desired.roles.iter().map(|r| r.name.as_str()).collect();
    for role in &desired.roles {
        let write = Some(Operation::Write {
            path: format!("auth/{KUBERNETES_AUTH_MOUNT}/role/{}", role.name),
            body: role_body(role),
        });
        let current = live.roles.get(&role.name).cloned().flatten();
        changes.push(match current {
            None => Change {
                kind: Kind::Role,
                name: role.name.clone(),
                action: Action::Create,
                detail: String::new(),
                operation: write,
            },
            Some(current) => {
                let differences = role_differences(role, &current);
                if differences.is_empty() {
                    unchanged(Kind::Role, role.name.clone())
                } else {
                    Change {
                        kind: Kind::Role,
                        name: role.name.clone(),
                        action: Action::Update,
                        detail: differences.join("\n"),
                        operation: write,
                    }
                }
            }
        });
    }

    let stale_roles: Vec<&String> = live
        .roles
        .keys()
        .filter(|name| !desired_roles.contains(name.as_str()) && live.ledger.roles.contains(*name))
        .collect();
    let mut ledger_roles: BTreeSet<String> =
        desired_roles.iter().map(|r| (*r).to_owned()).collect();
    if !prune {
        ledger_roles.extend(stale_roles.iter().map(|r| (*r).clone()));
    }
    let ledger_name = format!("{mount}/{}", desired.ledger_path());
    changes.push(if ledger_roles == live.ledger.roles {
        unchanged(Kind::Ledger, ledger_name)
    } else {
        Change {
            kind: Kind::Ledger,
            name: ledger_name,
            action: if live.ledger.version == 0 {
                Action::Create
            } else {
                Action::Update
            },
            detail: format!("{} managed roles", ledger_roles.len()),
            operation: Some(Operation::Ledger {
                mount: mount.clone(),
                path: desired.ledger_path(),
                cas: live.ledger.version,
                roles: ledger_roles,
            }),
        }
    });

    for path in &desired.placeholders {
        let name = format!("{mount}/{path}");
        changes.push(if live.existing_secrets.contains(path) {
            unchanged(Kind::Secret, name)
        } else {
            Change {
                kind: Kind::Secret,
                name,
                action: Action::Create,
                detail: "placeholder, create-only (cas=0)".to_owned(),
                operation: Some(Operation::CreateOnly {
                    path: format!("{mount}/data/{path}"),
                    data: placeholder_data(),
                }),
            }
        });
    }

    for name in live.roles.keys() {
        if desired_roles.contains(name.as_str()) {
            continue;
        }
        changes.push(if stale_roles.contains(&name) {
            leftover(
                Kind::Role,
                name,
                prune,
                format!("auth/{KUBERNETES_AUTH_MOUNT}/role/{name}"),
            )
        } else {
            unmanaged(Kind::Role, name)
        });
    }
    for (name, body) in &live.policies {
        if desired_policies.contains(name.as_str()) {
            continue;
        }
        changes.push(if is_marked(body) {
            leftover(
                Kind::Policy,
                name,
                prune,
                format!("sys/policies/acl/{name}"),
            )
        } else {
            unmanaged(Kind::Policy, name)
        });
    }
    Ok(Plan { changes })
}

fn role_differences(role: &KubernetesRole, live: &LiveRole) -> Vec<String> {
    let sorted = |items: &[String]| {
        let mut items = items.to_vec();
        items.sort();
        items
    };
    let mut out = Vec::new();
    let mut compare = |field: &str, want: &[String], have: &[String]| {
        if sorted(want) != sorted(have) {
            out.push(format!("{field}: {have:?} -> {want:?}"));
        }
    };
    compare(
        "bound_service_account_names",
        &role.bound_service_account_names,
        &live.service_accounts,
    );
    compare(
        "bound_service_account_namespaces",
        &role.bound_service_account_namespaces,
        &live.namespaces,
    );
    compare("token_policies", &role.policies, &live.policies);
    if role.audience != live.audience {
        out.push(format!(
            "audience: {:?} -> {:?}",
            live.audience, role.audience
        ));
    }
    let ttl = duration_seconds(&role.ttl);
    if ttl != Some(live.ttl_seconds) {
        out.push(format!("token_ttl: {}s -> {}", live.ttl_seconds, role.ttl));
    }
    out
}

/// `90s`, `30m`, `1h`, `2d` or a plain number of seconds.
fn duration_seconds(text: &str) -> Option<u64> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (text.get(..i)?, c),
        _ => (text, 's'),
    };
    let factor = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return None,
    };
    number.parse::<u64>().ok().map(|n| n * factor)
}

fn unchanged(kind: Kind, name: String) -> Change {
    Change {
        kind,
        name,
        action: Action::Unchanged,
        detail: String::new(),
        operation: None,
    }
}

fn unmanaged(kind: Kind, name: &str) -> Change {
    Change {
        kind,
        name: name.to_owned(),
        action: Action::Unmanaged,
        detail: String::new(),
        operation: None,
    }
}

fn leftover(kind: Kind, name: &str, prune: bool, path: String) -> Change {
    Change {
        kind,
        name: name.to_owned(),
        action: if prune { Action::Delete } else { Action::Stale },
        detail: String::new(),
        operation: prune.then_some(Operation::Delete { path }),
    }
}

#[cfg(test)]
mod tests;
