//! Admission decisions, without IO: an `admission.k8s.io/v1` AdmissionReview
//! request is decoded ([`decode`]), its object judged by the live-object
//! checks of [`gg_rules::objects`] — the same rules, ids and predicates as
//! `gitops-guard lint` — and the findings become a denial ([`denial`]) or
//! warnings within Kubernetes' limits ([`warnings`]), in a [`Mode`].
//!
//! One judge, two doors: the webhook server (`gg-webhook`, behind
//! `gitops-guard serve`) and the Kubewarden policy (`kubewarden/`) both
//! answer through [`judge()`], on a platform prepared by [`PreparedPlatform`].
//!
//! The decoder (feature `sonic`) needs a random hash seed, which
//! wasm32-unknown-unknown does not have; everything else builds there too.
#![forbid(unsafe_code)]

#[cfg(feature = "sonic")]
pub mod decode;
pub mod denial;
mod error;
pub mod judge;
pub mod mode;
mod object;
mod prepared;
pub mod warnings;

#[cfg(feature = "sonic")]
pub use decode::{Request, decode_json, decode_review};
pub use error::AdmissionError;
pub use judge::{Decision, Exemptions, Outcome, Skip, judge};
pub use mode::Mode;
pub use object::{AdmittedObject, Tree};
pub use prepared::PreparedPlatform;
