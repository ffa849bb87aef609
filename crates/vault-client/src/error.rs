//! Everything that can go wrong talking to Vault, each with a one-line
//! explanation of what to do. No variant ever carries the token.

use thiserror::Error;

/// Errors of the Vault client.
#[derive(Debug, Error)]
pub enum ClientError {
    /// The connection settings are incomplete or malformed.
    #[error("{0}")]
    Settings(String),
    /// Nothing answers at the address.
    #[error(
        "cannot reach Vault at {address}: {reason} (check VAULT_ADDR/BAO_ADDR, the port, and that the server runs)"
    )]
    Unreachable {
        /// The server address.
        address: String,
        /// What the HTTP client said.
        reason: String,
    },
    /// The server is sealed.
    #[error("Vault at {address} is sealed (unseal it with `vault operator unseal`, then retry)")]
    Sealed {
        /// The server address.
        address: String,
    },
    /// The token may not do this.
    #[error(
        "permission denied on {method} {path} (403): the token lacks this capability, has expired, or VAULT_NAMESPACE is wrong; use a token with the bootstrap's admin policy"
    )]
    Forbidden {
        /// HTTP method.
        method: String,
        /// API path.
        path: String,
    },
    /// Another writer changed the same object at the same time.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Any other answer of the server.
    #[error("Vault answered {status} on {method} {path}: {errors}")]
    Api {
        /// HTTP status.
        status: u16,
        /// HTTP method.
        method: String,
        /// API path.
        path: String,
        /// The server's error messages, joined.
        errors: String,
    },
    /// Something answered at the address, but not as Vault does.
    #[error(
        "the server at {address} does not answer as Vault does: {answer} on {method} {path} (check that VAULT_ADDR/BAO_ADDR is the Vault API, not a UI, a proxy or another service)"
    )]
    NotVault {
        /// The server address.
        address: String,
        /// What came back (`HTTP 404`, …).
        answer: String,
        /// HTTP method.
        method: String,
        /// API path.
        path: String,
    },
    /// A response did not have the expected shape.
    #[error("unexpected answer on {path}: {detail}")]
    Unexpected {
        /// API path.
        path: String,
        /// What was wrong.
        detail: String,
    },
}
