//! Format-preserving edits of YAML values files, and the templates of the files
//! gitops-guard generates (a new service's `.cicd/` values and pipeline,
//! `platform/base.yaml` from `.env`, a `platform/core.yaml` registration).
//!
//! Edits change only the bytes of the values they set (see [`set_value`] for how
//! and why); everything else — comments, key order, quoting, blank lines, CRLF
//! line ends, later documents — stays as it was, so a diff shows only the
//! changed lines.
//!
//! ```
//! use gg_edit::{ImageTag, ImageUpdate, set_image};
//!
//! let text = "# dev overlay\nimage:\n  repository: registry.example/shop/cart  # set by CI\n  tag: 'v1'\n";
//! let update = ImageUpdate { tag: ImageTag::new("01234567")?, repository: None };
//! let edited = set_image(text, "dev.yaml", &update)?;
//! assert_eq!(edited, "# dev overlay\nimage:\n  repository: registry.example/shop/cart  # set by CI\n  tag: '01234567'\n");
//! # Ok::<(), gg_edit::EditError>(())
//! ```
#![forbid(unsafe_code)]

mod base_config;
mod diff;
mod editor;
mod error;
mod image;
mod layout;
mod registry;
mod scalar;
mod service;
mod set_image;

pub use base_config::{InitOutcome, SkippedKey, apply_env_file};
pub use diff::unified_diff;
pub use editor::{set_value, set_values};
pub use error::EditError;
pub use image::{ImageRepository, ImageTag};
pub use registry::{Registration, register_service};
pub use scalar::{Value, double_quoted, reads_back_plain};
pub use service::{
    GeneratedFile, ServiceSpec, ValuesPlatform, monorepo_root_pipeline, service_files,
};
pub use set_image::{ImageUpdate, set_image};
