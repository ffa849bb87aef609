//! Platform naming: environments, namespaces, release and object names, RFC 1123 checks, and
//! in-cluster Service references in config values.
//!
//! * [`EnvName`] — validated environment names and their conventional role.
//! * [`app_namespace`], [`infra_namespace`], [`application_name`], [`release_name`] — platform names.
//! * [`K8appNames`] — names of the objects the k8app chart renders for an `appName`.
//! * [`validate_label`], [`validate_subdomain`], [`validate_rfc1035_label`],
//!   [`validate_release_name`] and [`NameRule`] — Kubernetes/Helm name grammars with precise
//!   [`NameError`]s; [`name_violations`] checks every name a service × env produces.
//! * [`scan_service_refs`] — in-cluster Service references in any string;
//!   [`find_namespace_mentions`] — platform namespaces named in any string.
//!
//! Everything is pure (no IO) and builds for `wasm32-unknown-unknown`.
#![forbid(unsafe_code)]

mod env;
mod error;
mod k8app;
mod namespace_mention;
mod platform;
mod rule;
mod service_ref;

pub use env::{EnvKind, EnvName};
pub use error::NameError;
pub use k8app::{K8appNames, ServiceKind, VssNaming};
pub use namespace_mention::{NamespaceMention, find_namespace_mentions};
pub use platform::{app_namespace, application_name, infra_namespace, release_name};
pub use rule::{
    NameRule, validate_label, validate_release_name, validate_rfc1035_label, validate_subdomain,
};
pub use service_ref::{RefForm, ScanContext, ServiceRef, scan_service_refs};
