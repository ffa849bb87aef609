//! The one error type of the crate.

use thiserror::Error;

/// Why an edit or a generated file could not be produced.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    /// The file does not parse; nothing is edited in a file the tool cannot read.
    #[error(transparent)]
    Yaml(#[from] gg_yaml::YamlError),
    /// The file holds no YAML document to edit.
    #[error("{file}: no YAML document to edit")]
    EmptyStream {
        /// The file.
        file: String,
    },
    /// A node on the way to the edited value is not a mapping.
    #[error("{file}:{line}: `{path}` is {found}, not a mapping; cannot set `{key}` below it")]
    NotAMapping {
        /// The file.
        file: String,
        /// 1-based line of the offending node.
        line: u32,
        /// Dotted path of the offending node.
        path: String,
        /// What the node is (`a string`, `a sequence`, …).
        found: &'static str,
        /// The key that was to be set below it.
        key: String,
    },
    /// The value to replace is a collection, not a scalar.
    #[error("{file}:{line}: `{path}` is {found}; only scalars are replaced")]
    NotAScalar {
        /// The file.
        file: String,
        /// 1-based line of the node.
        line: u32,
        /// Dotted path of the node.
        path: String,
        /// What the node is.
        found: &'static str,
    },
    /// The value is shared through a YAML anchor/alias or a merge key, so changing
    /// its text would change other places too (or would not change this one).
    #[error(
        "{file}:{line}: `{path}` {how}; editing it would also change every other use of that anchor (or not this one). Write the value out in place first"
    )]
    SharedNode {
        /// The file.
        file: String,
        /// 1-based line of the key.
        line: u32,
        /// Dotted path of the node.
        path: String,
        /// How it is shared (`is an alias of anchor &x`, …).
        how: String,
    },
    /// The value carries an explicit YAML tag (`!!int 5`), which the new text might contradict.
    #[error("{file}:{line}: `{path}` has an explicit YAML tag `{tag}`; remove it before editing")]
    TaggedNode {
        /// The file.
        file: String,
        /// 1-based line of the node.
        line: u32,
        /// Dotted path of the node.
        path: String,
        /// The tag as written.
        tag: String,
    },
    /// Not a valid image tag.
    #[error(
        "invalid image tag `{tag}`: {reason} (a tag is 1-128 of [A-Za-z0-9_.-], not starting with `.` or `-`)"
    )]
    InvalidTag {
        /// The rejected tag.
        tag: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Not a valid image repository reference.
    #[error(
        "invalid image repository `{repository}`: {reason} (expected [HOST[:PORT]/]path/name with lowercase path components)"
    )]
    InvalidRepository {
        /// The rejected repository.
        repository: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A name that cannot be used (service name, environment, sub-path).
    #[error("invalid {what} `{value}`: {reason}")]
    InvalidName {
        /// What the name is for.
        what: &'static str,
        /// The rejected value.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The service is already registered in `platform/core.yaml`.
    #[error("{file}:{line}: service `{service}` is already registered")]
    AlreadyRegistered {
        /// The file.
        file: String,
        /// 1-based line of the existing entry.
        line: u32,
        /// The service.
        service: String,
    },
    /// The edit produced text that no longer parses (a bug guard: never written).
    #[error("{file}: the edited text does not parse any more ({message}); nothing was written")]
    BrokenResult {
        /// The file.
        file: String,
        /// The parser's message.
        message: String,
    },
}
