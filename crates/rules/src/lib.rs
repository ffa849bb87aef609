//! The validator: rule catalog, engine, diagnostics, severities and suppressions.
#![forbid(unsafe_code)]

pub mod baseline;
pub mod catalog;
pub mod config;
pub mod diagnostic;
mod error;
pub mod suppress;

pub use error::RulesError;

pub use diagnostic::{
    Diagnostic, Location, Related, RuleId, RuleMeta, Severity, Summary, merge_across_envs,
    report_order, sort_diagnostics,
};
