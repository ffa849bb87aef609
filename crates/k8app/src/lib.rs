//! The k8app Helm chart (3.4-3.8) values model, JSON Schema, merge with provenance and rendering.
#![forbid(unsafe_code)]
