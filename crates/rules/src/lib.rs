//! The validator: rule catalog, engine, diagnostics, severities and suppressions.
#![forbid(unsafe_code)]

pub mod baseline;
pub mod catalog;
mod checks;
pub mod config;
mod context;
pub mod diagnostic;
mod engine;
mod error;
pub mod glob;
pub mod json;
mod locate;
pub mod objects;
#[cfg(feature = "parallel")]
pub mod parallel;
pub mod suppress;
mod values;

pub use engine::{LintOutput, ServiceMap, lint, lint_with, sequential};
pub use error::RulesError;

pub use diagnostic::{
    Diagnostic, Location, Related, RuleId, RuleMeta, Severity, Summary, merge_across_envs,
    report_order, sort_diagnostics,
};
