//! Provenance of a resolved setting: which file and line, `.env` entry, flag or
//! built-in default it came from.

use gg_yaml::Span;
use serde::Serialize;

/// Where a setting's value was taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "source")]
pub enum Origin {
    /// A value in a platform YAML file.
    File {
        /// Path of the file as listed by the [`crate::FileSource`].
        file: String,
        /// Span of the value.
        span: Span,
    },
    /// A `KEY=value` line of a `.env` file.
    EnvFile {
        /// Path of the `.env` file.
        file: String,
        /// 1-based line of the entry.
        line: u32,
        /// The key that set it.
        key: String,
    },
    /// A command-line flag (or any caller-provided override).
    Flag {
        /// The flag's name, e.g. `--namespace-prefix`.
        name: String,
    },
    /// Found by looking at the service repositories (e.g. environments with an overlay file).
    Discovered,
    /// The seed platform's built-in default.
    Default,
}

/// A value together with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

impl<T> Sourced<T> {
    /// A value from the given origin.
    pub fn new(value: T, origin: Origin) -> Self {
        Self { value, origin }
    }

    /// A built-in default value.
    pub fn default_value(value: T) -> Self {
        Self::new(value, Origin::Default)
    }

    /// Transforms the value, keeping its origin.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Sourced<U> {
        Sourced::new(f(self.value), self.origin)
    }
}

impl Origin {
    /// The origin of a YAML node in `file`.
    pub fn file(file: &str, span: Span) -> Self {
        Self::File {
            file: file.to_owned(),
            span,
        }
    }
}
