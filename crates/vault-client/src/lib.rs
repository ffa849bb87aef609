//! The Vault/OpenBao edge of gitops-guard: computes the Vault state a platform
//! needs, compares it with a live server (`plan`), writes the difference (`apply`)
//! and checks that the secrets the services read exist (`check`).
//!
//! Safety: secrets are only ever created, with KV v2 check-and-set `cas=0`; nothing
//! is deleted unless the caller asks to prune, and then only policies carrying
//! [`POLICY_MARKER`] and roles recorded in the managed-roles ledger. Objects this
//! tool does not manage are reported, never touched. The token is never printed.
#![forbid(unsafe_code)]

mod apply;
mod check;
mod connection;
mod desired;
mod error;
mod http;
mod live;
mod plan;
#[cfg(feature = "testing")]
pub mod testing;
mod uses;

pub use apply::{ApplyOutcome, apply};
pub use check::check_secrets;
pub use connection::{ConnectionOverrides, ConnectionSettings, Token};
pub use desired::{
    BootstrapOptions, DesiredPolicy, DesiredState, KUBERNETES_AUTH_MOUNT, KubernetesConfig,
    POLICY_MARKER,
};
pub use error::ClientError;
pub use http::{RequestCounts, Vault};
pub use live::{LiveState, read_live};
pub use plan::{Action, Change, Kind, Operation, Plan, PlanSummary, plan};
pub use uses::{SecretUse, secret_uses};
