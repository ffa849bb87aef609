//! The admission webhook: the validation core at the cluster door.
//!
//! `POST /validate` takes an `admission.k8s.io/v1` AdmissionReview and answers
//! one with the same uid. Objects are judged by [`gg_rules::objects`] — the same
//! rules, ids and predicates as `gitops-guard lint` — and the findings become a
//! denial (errors, in `enforce` mode) or warnings within Kubernetes' limits.
//!
//! The pure parts ([`decode`], [`judge`](mod@judge), [`warnings`], [`denial`], [`mode`]) know nothing of
//! HTTP; [`app`] is the axum router (tested in-process) and [`server`] the TLS
//! edge: certificate reload, plain-HTTP answers, timeouts and graceful shutdown.
#![forbid(unsafe_code)]

pub mod app;
pub mod decode;
pub mod denial;
mod error;
pub mod judge;
pub mod logging;
pub mod metrics;
pub mod mode;
pub mod server;
pub mod tls;
pub mod warnings;

pub use app::{AppState, Loaded, Settings, router};
pub use decode::{AdmittedObject, DecodeError, decode_review};
pub use error::WebhookError;
pub use judge::{Decision, judge};
pub use mode::Mode;
pub use server::{ServeOptions, serve};
