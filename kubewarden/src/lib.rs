//! The admission checks of `gitops-guard serve` as a Kubewarden policy: a
//! WebAssembly module (wasm32-wasip1, waPC) that judges an AdmissionReview
//! request with the webhook's own judge ([`gg_admission::judge()`]) — the same
//! rule ids, messages, denials and warnings — on the platform its settings
//! carry.
//!
//! - [`validate`]: a Kubewarden `ValidationRequest` (`{"request": …,
//!   "settings": …}`) in, a `ValidationResponse` out;
//! - [`validate_settings`]: the settings in, whether they are usable (with the
//!   field that is not) out.
//!
//! The platform the settings describe is loaded once and kept while the
//! settings stay the same, so a module instance that evaluates many requests
//! loads it once.
#![forbid(unsafe_code)]

mod error;
mod settings;
mod validate;

pub use error::PolicyError;
pub use settings::Settings;
pub use validate::{validate, validate_settings};
