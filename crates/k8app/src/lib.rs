//! The k8app Helm chart (every release from 3.4.0 to 3.13.0) values model, JSON Schema, chart defaults and
//! shape checks of span-aware values trees.
#![forbid(unsafe_code)]

mod defaults;
mod error;
mod feature;
pub mod model;
mod per_version;
mod releases;
mod schema;
mod shape;
mod version;

pub use defaults::{chart_defaults_name, chart_defaults_yaml};
pub use error::K8appError;
pub use feature::Feature;
pub use model::Values;
pub use per_version::PerVersion;
pub use schema::values_schema;
pub use shape::{ShapeChecker, ShapeIssue, ShapeIssueKind, check_shape, node_from_json};
pub use version::{ChartVersion, Support};
