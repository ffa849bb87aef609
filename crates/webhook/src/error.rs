//! The errors of the webhook server.

use std::path::PathBuf;

/// What can stop the server from starting or serving.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// A certificate or key file could not be read.
    #[error("cannot read {path}: {source}")]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A PEM file held no usable certificate or key.
    #[error("{path}: {reason}")]
    Pem {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// rustls refused the certificate and key.
    #[error("the TLS certificate and key do not form a usable server configuration: {0}")]
    Tls(#[from] rustls::Error),
    /// The listen address could not be bound, or serving failed.
    #[error("cannot serve on {addr}: {source}")]
    Serve {
        /// The listen address.
        addr: std::net::SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The platform configuration could not be loaded.
    #[error("cannot load the platform configuration: {0}")]
    Platform(String),
}
