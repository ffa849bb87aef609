//! Report formats for diagnostics: human, json, sarif, junit, GitLab Code Quality
//! and GitHub Actions workflow commands.
//!
//! Every format is a pure function of a [`Report`]: no clock, no file system,
//! no environment lookups (the caller decides about colour), so the same
//! findings give byte-identical output in the CLI, the webhook and the browser.
//! Findings are rendered in the order given; sort them first with
//! [`gg_diagnostic::sort_diagnostics`].
#![forbid(unsafe_code)]

pub mod codequality;
mod error;
mod fingerprint;
mod format;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
mod path;
mod report;
pub mod sarif;
mod xml;

pub use error::ReportError;
pub use format::{Format, RenderOptions, render, write_report};
pub use report::Report;

/// The tool name reported in SARIF and JUnit.
pub const TOOL_NAME: &str = "gitops-guard";
