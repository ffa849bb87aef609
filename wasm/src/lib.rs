//! The validation core for the browser preview: the same engine as the CLI and
//! the webhook, compiled to WebAssembly, with plain JSON-compatible inputs and
//! outputs (see `wasm/gitops-guard.d.ts`).
//!
//! Every function here is glue: it builds an in-memory file tree from the
//! caller's files and calls the engine crates; no rule logic lives here.
#![forbid(unsafe_code)]

mod bindings;
mod catalog;
mod error;
mod lint;
mod project;
mod render;
mod values;
mod vault;

pub use catalog::{RuleInfo, explain, rules, schema};
pub use error::WasmError;
pub use lint::lint;
pub use project::{Project, ProjectOptions, ServiceInfo, ServicesReport, services};
pub use render::{RenderReport, render};
pub use values::{DeletedKey, LeafProvenance, ValueOrigin, ValuesReport, values};
pub use vault::{DecidingRule, SecretDecision, VaultReport, vault};
