//! How findings turn into admission decisions.

use std::fmt;
use std::str::FromStr;

use crate::error::AdmissionError;

/// The enforcement mode, from strictest to most lenient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    /// Errors deny the request; warnings travel back as `kubectl` warnings.
    Enforce,
    /// Never deny; every finding is a warning.
    Warn,
    /// Always allow, silently; findings are only logged and counted.
    Audit,
}

impl Mode {
    /// Every mode, strictest first.
    pub const ALL: [Self; 3] = [Self::Enforce, Self::Warn, Self::Audit];

    /// The lowercase name: `enforce`, `warn`, `audit`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Enforce => "enforce",
            Self::Warn => "warn",
            Self::Audit => "audit",
        }
    }

    /// The more lenient of two modes: a namespace may lower the server's mode,
    /// never raise it.
    #[must_use]
    pub fn lowered_to(self, other: Self) -> Self {
        self.max(other)
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mode {
    type Err = AdmissionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|mode| mode.as_str() == text)
            .ok_or_else(|| AdmissionError::UnknownMode(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_namespace_can_only_lower_the_mode() {
        assert_eq!(Mode::Enforce.lowered_to(Mode::Warn), Mode::Warn);
        assert_eq!(Mode::Audit.lowered_to(Mode::Enforce), Mode::Audit);
        assert_eq!(Mode::Warn.lowered_to(Mode::Audit), Mode::Audit);
    }

    #[test]
    fn names_round_trip() {
        for mode in Mode::ALL {
            assert_eq!(mode.as_str().parse::<Mode>(), Ok(mode));
        }
        assert!("deny".parse::<Mode>().is_err());
    }
}
