//! Vault KV v2 paths, k8app secret-reference resolution, policy HCL parse/print,
//! exact glob matching and capability evaluation, policy lint and generation.
//!
//! Everything here is pure (no IO, no clock): it builds for `wasm32-unknown-unknown`
//! and gives the same answers in the CLI, the webhook and the browser.
//!
//! The capability evaluation follows the server's ACL algorithm (exact rules, then the
//! longest `*` prefix and the `+` segment patterns ranked by Vault's priority order) and
//! is checked against a real OpenBao server in `gg-vault-client`'s `tests/acl_agreement.rs`.
#![forbid(unsafe_code)]

pub mod acl;
pub mod capability;
pub mod error;
pub mod generate;
pub mod kv2;
pub mod lint;
pub mod pattern;
pub mod policy;
pub mod secret_ref;

pub use acl::{Acl, Decision, MatchedRule};
pub use capability::{Capability, CapabilitySet};
pub use error::VaultError;
pub use generate::{
    KubernetesRole, NamedPolicy, PlatformVault, PlatformVaultSettings, PreviewVault,
};
pub use kv2::{Kv2Api, Kv2Mount, LeakedPrefix};
pub use lint::{LintContext, PlatformScope, lint_policy, lint_policy_text};
pub use pattern::{Pattern, PatternKind};
pub use policy::{
    Attribute, Located, PathRule, Policy, Position, Value, parse_policy, print_policy,
};
pub use secret_ref::{
    ResolutionKind, ResolvedSecretPath, SecretContext, SecretsModel, resolve_secret_path,
};
