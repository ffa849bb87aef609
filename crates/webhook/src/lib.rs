//! The admission webhook: the validation core at the cluster door.
//!
//! `POST /validate` takes an `admission.k8s.io/v1` AdmissionReview and answers
//! one with the same uid. Requests are decoded and judged by
//! [`gg_admission`] — the object checks of [`gg_rules::objects`], the same
//! rules, ids and predicates as `gitops-guard lint`, and the same judge as the
//! Kubewarden policy — and the findings become a denial (errors, in `enforce`
//! mode) or warnings within Kubernetes' limits.
//!
//! This crate is the server around the judge: [`app`] is the axum router
//! (tested in-process), [`server`] the TLS edge (certificate reload,
//! plain-HTTP answers, timeouts, graceful shutdown), [`reload`] follows the
//! platform files, [`metrics`] and [`logging`] say what happened.
#![forbid(unsafe_code)]

pub mod app;
mod error;
pub mod logging;
pub mod metrics;
pub mod reload;
pub mod server;
pub mod tls;

pub use app::{AppState, PlatformStatus, Settings, router};
pub use error::WebhookError;
pub use gg_admission::{AdmissionError, Exemptions, Mode, PreparedPlatform, decode_review, judge};
pub use server::{ServeOptions, serve};
