use std::collections::{BTreeMap, BTreeSet};

use gg_vault::{Kv2Mount, PlatformVaultSettings};

use super::*;
use crate::desired::{BootstrapOptions, KubernetesConfig, marked};
use crate::live::{Ledger, LiveKubernetesConfig};

fn desired() -> DesiredState {
    DesiredState::new(
        &PlatformVaultSettings {
            vault_path_prefix: "acme".into(),
            namespace_prefix: "shop".into(),
            environments: vec!["dev".into()],
            mount: Kv2Mount::default(),
            services: vec!["cart".into()],
            preview: None,
        },
        &BootstrapOptions {
            kubernetes: Some(KubernetesConfig {
                host: "https://k8s:6443".into(),
                ca_cert: "PEM".into(),
            }),
            service_roles: true,
            registry_path: None,
        },
    )
}

fn empty() -> LiveState {
    LiveState {
        mount: MountState::Absent,
        kubernetes_auth: false,
        kubernetes_config: None,
        policies: BTreeMap::new(),
        roles: BTreeMap::new(),
        ledger: Ledger {
            version: 0,
            roles: BTreeSet::new(),
        },
        existing_secrets: BTreeSet::new(),
    }
}

/// The live state after a successful apply of `desired`.
fn converged(desired: &DesiredState) -> LiveState {
    LiveState {
        mount: MountState::KvV2,
        kubernetes_auth: true,
        kubernetes_config: Some(LiveKubernetesConfig {
            host: "https://k8s:6443".into(),
            ca_cert: "PEM\n".into(),
            disable_local_ca_jwt: true,
        }),
        policies: desired
            .policies
            .iter()
            .map(|p| (p.name.clone(), p.body.clone()))
            .collect(),
        roles: desired
            .roles
            .iter()
            .map(|r| {
                let live = LiveRole {
                    service_accounts: r
                        .bound_service_account_names
                        .iter()
                        .rev()
                        .cloned()
                        .collect(),
                    namespaces: r.bound_service_account_namespaces.clone(),
                    policies: r.policies.clone(),
                    audience: r.audience.clone(),
                    ttl_seconds: 3600,
                };
                (r.name.clone(), Some(live))
            })
            .collect(),
        ledger: Ledger {
            version: 1,
            roles: desired.roles.iter().map(|r| r.name.clone()).collect(),
        },
        existing_secrets: desired.placeholders.iter().cloned().collect(),
    }
}

fn action_of(plan: &Plan, kind: Kind, name: &str) -> Option<Action> {
    plan.changes
        .iter()
        .find(|c| c.kind == kind && c.name == name)
        .map(|c| c.action)
}

#[test]
fn an_empty_server_gets_everything_created() {
    let plan = plan(&desired(), &empty(), false).unwrap();
    let summary = plan.summary();
    // mount, auth, config, 2 policies, 2 roles, ledger, 1 placeholder
    assert_eq!(summary.create, 9, "{}", plan.render(true));
    assert_eq!(summary.update + summary.delete + summary.unchanged, 0);
    assert!(plan.has_changes());
}

#[test]
fn a_converged_server_needs_nothing() {
    let desired = desired();
    let plan = plan(&desired, &converged(&desired), false).unwrap();
    assert!(!plan.has_changes(), "{}", plan.render(true));
    assert_eq!(plan.summary().unchanged, plan.changes.len());
}

#[test]
fn a_widened_policy_is_an_update_with_a_unified_diff() {
    let desired = desired();
    let mut live = converged(&desired);
    let widened = marked("path \"secret/data/*\" {\n  capabilities = [\"read\"]\n}\n");
    live.policies.insert("shop-dev-read".into(), widened);
    let plan = plan(&desired, &live, false).unwrap();
    let change = plan
        .changes
        .iter()
        .find(|c| c.name == "shop-dev-read")
        .unwrap();
    assert_eq!(change.action, Action::Update);
    assert!(change.detail.contains("--- live"), "{}", change.detail);
    assert!(
        change.detail.contains("-path \"secret/data/*\""),
        "{}",
        change.detail
    );
    assert!(
        change.detail.contains("+path \"secret/data/acme/+/dev/*\""),
        "{}",
        change.detail
    );
}

#[test]
fn unmarked_foreign_policies_and_roles_are_unmanaged_even_with_prune() {
    let desired = desired();
    let mut live = converged(&desired);
    live.policies.insert("admin".into(), "path \"*\" {}".into());
    live.roles.insert("ci".into(), None);
    let plan = plan(&desired, &live, true).unwrap();
    assert_eq!(
        action_of(&plan, Kind::Policy, "admin"),
        Some(Action::Unmanaged)
    );
    assert_eq!(action_of(&plan, Kind::Role, "ci"), Some(Action::Unmanaged));
    assert!(!plan.has_changes());
}

#[test]
fn managed_leftovers_are_stale_and_deleted_only_with_prune() {
    let desired = desired();
    let mut live = converged(&desired);
    live.policies
        .insert("shop-old-read".into(), marked("path \"x\" {}\n"));
    live.roles.insert("shop-old-default".into(), None);
    live.ledger.roles.insert("shop-old-default".into());
    let kept = plan(&desired, &live, false).unwrap();
    assert_eq!(
        action_of(&kept, Kind::Policy, "shop-old-read"),
        Some(Action::Stale)
    );
    assert_eq!(
        action_of(&kept, Kind::Role, "shop-old-default"),
        Some(Action::Stale)
    );
    assert!(!kept.has_changes(), "{}", kept.render(false));
    let pruned = plan(&desired, &live, true).unwrap();
    assert_eq!(
        action_of(&pruned, Kind::Policy, "shop-old-read"),
        Some(Action::Delete)
    );
    assert_eq!(
        action_of(&pruned, Kind::Role, "shop-old-default"),
        Some(Action::Delete)
    );
    let last: Vec<_> = pruned
        .changes
        .iter()
        .rev()
        .take(2)
        .map(|c| c.kind)
        .collect();
    assert_eq!(
        last,
        [Kind::Policy, Kind::Role],
        "roles are deleted before policies"
    );
}

#[test]
fn existing_secrets_are_never_written() {
    let desired = desired();
    let mut live = converged(&desired);
    live.ledger.version = 0;
    live.ledger.roles.clear();
    let plan = plan(&desired, &live, true).unwrap();
    assert!(
        plan.changes
            .iter()
            .filter(|c| c.kind == Kind::Secret)
            .all(|c| c.operation.is_none())
    );
}

#[test]
fn a_changed_role_field_is_an_update() {
    let desired = desired();
    let mut live = converged(&desired);
    if let Some(Some(role)) = live.roles.get_mut("shop-dev-default") {
        role.audience = "other".into();
        role.ttl_seconds = 60;
    }
    let plan = plan(&desired, &live, false).unwrap();
    let change = plan
        .changes
        .iter()
        .find(|c| c.name == "shop-dev-default")
        .unwrap();
    assert_eq!(change.action, Action::Update);
    assert!(change.detail.contains("audience"), "{}", change.detail);
    assert!(
        change.detail.contains("token_ttl: 60s -> 1h"),
        "{}",
        change.detail
    );
}

#[test]
fn a_kv_version_1_mount_stops_the_plan() {
    let mut live = empty();
    live.mount = MountState::Other("type kv, version 1".into());
    let err = plan(&desired(), &live, false).unwrap_err();
    assert!(err.to_string().contains("not KV version 2"), "{err}");
}

#[test]
fn durations() {
    assert_eq!(duration_seconds("1h"), Some(3600));
    assert_eq!(duration_seconds("90"), Some(90));
    assert_eq!(duration_seconds("30m"), Some(1800));
    assert_eq!(duration_seconds("1x"), None);
}
