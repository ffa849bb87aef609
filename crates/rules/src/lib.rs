//! The validator: rule catalog, engine, diagnostics, severities and suppressions.
#![forbid(unsafe_code)]

mod absorb;
pub mod baseline;
mod checks;
pub mod config;
mod context;
mod engine;
mod error;
mod facts;
mod focus;
pub mod glob;
pub mod json;
pub mod objects;
#[cfg(feature = "parallel")]
pub mod parallel;
pub mod suppress;
mod values;

pub use engine::{LintOutput, ServiceMap, lint, lint_with, sequential};
pub use error::RulesError;
pub use facts::{SkippedCheck, skipped_checks};
pub use focus::PlatformLeftOut;
