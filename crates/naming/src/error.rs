//! The crate's error type: why a name breaks its rule, precisely enough to fix it.

use crate::rule::NameRule;

/// Why a name is not valid under a [`NameRule`].
///
/// Positions are 1-based character positions in `name`; every message starts with the name and
/// the rule it breaks, e.g.
/// `"Api_gw" is not a valid RFC 1123 label: character '_' at position 4 is not allowed (only a-z, 0-9 and '-')`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// The name is the empty string.
    #[error("\"\" is not a valid {rule}: the name is empty")]
    Empty {
        /// The rule that was checked.
        rule: NameRule,
    },
    /// The name is longer than the rule allows.
    #[error("{name:?} is not a valid {rule}: {length} characters, limit {limit}")]
    TooLong {
        /// The offending name.
        name: String,
        /// The rule that was checked.
        rule: NameRule,
        /// Length of the name in characters.
        length: usize,
        /// The rule's limit.
        limit: usize,
    },
    /// A character outside the rule's alphabet.
    #[error(
        "{name:?} is not a valid {rule}: character {character:?} at position {position} is not allowed ({allowed})"
    )]
    InvalidCharacter {
        /// The offending name.
        name: String,
        /// The rule that was checked.
        rule: NameRule,
        /// The first character that is not allowed.
        character: char,
        /// Its 1-based position.
        position: usize,
        /// The alphabet the rule allows, in words.
        allowed: &'static str,
    },
    /// An ASCII uppercase letter: names are lowercase.
    #[error(
        "{name:?} is not a valid {rule}: uppercase {character:?} at position {position} is not allowed; names are lowercase (try {suggestion:?})"
    )]
    Uppercase {
        /// The offending name.
        name: String,
        /// The rule that was checked.
        rule: NameRule,
        /// The first uppercase letter.
        character: char,
        /// Its 1-based position.
        position: usize,
        /// The name in lowercase.
        suggestion: String,
    },
    /// A name (or one of its dot-separated labels) starts with a character that may not start it.
    #[error(
        "{name:?} is not a valid {rule}: {character:?} at position {position} cannot start {part} (it must start with {expected})"
    )]
    BadStart {
        /// The offending name.
        name: String,
        /// The rule that was checked.
        rule: NameRule,
        /// The offending first character.
        character: char,
        /// Its 1-based position.
        position: usize,
        /// `"the name"` or `"a dot-separated label"`.
        part: &'static str,
        /// What is allowed there, in words.
        expected: &'static str,
    },
    /// A name (or one of its dot-separated labels) ends with `-`.
    #[error(
        "{name:?} is not a valid {rule}: {character:?} at position {position} cannot end {part} (it must end with a letter or digit)"
    )]
    BadEnd {
        /// The offending name.
        name: String,
        /// The rule that was checked.
        rule: NameRule,
        /// The offending last character.
        character: char,
        /// Its 1-based position.
        position: usize,
        /// `"the name"` or `"a dot-separated label"`.
        part: &'static str,
    },
    /// A dotted name with an empty label (leading, trailing or doubled `.`).
    #[error(
        "{name:?} is not a valid {rule}: empty label at position {position} (leading, trailing or doubled '.')"
    )]
    EmptyLabel {
        /// The offending name.
        name: String,
        /// The rule that was checked.
        rule: NameRule,
        /// 1-based position where the empty label starts.
        position: usize,
    },
}

impl NameError {
    /// The rule the name was checked against.
    #[must_use]
    pub fn rule(&self) -> NameRule {
        match self {
            Self::Empty { rule }
            | Self::TooLong { rule, .. }
            | Self::InvalidCharacter { rule, .. }
            | Self::Uppercase { rule, .. }
            | Self::BadStart { rule, .. }
            | Self::BadEnd { rule, .. }
            | Self::EmptyLabel { rule, .. } => *rule,
        }
    }
}
