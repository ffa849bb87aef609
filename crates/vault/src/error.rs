//! The one error type of the crate.

use crate::policy::Position;

/// Everything that can go wrong in this crate; every variant says where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// The policy text is not valid HCL, or not a valid Vault policy.
    #[error("{position}: {message}")]
    Policy {
        /// Where the problem starts (1-based line and column).
        position: Position,
        /// What is wrong, in the words a policy author needs.
        message: String,
    },
}

impl VaultError {
    /// Builds a policy error at `position`.
    pub fn policy(position: Position, message: impl Into<String>) -> Self {
        Self::Policy {
            position,
            message: message.into(),
        }
    }

    /// The position the error points at.
    pub fn position(&self) -> Position {
        match self {
            Self::Policy { position, .. } => *position,
        }
    }

    /// The message without the position.
    pub fn message(&self) -> &str {
        match self {
            Self::Policy { message, .. } => message,
        }
    }
}
