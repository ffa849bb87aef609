//! Data model of a parsed policy.

use std::fmt;

use crate::capability::{Capability, CapabilitySet};

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
}

impl Position {
    /// A position from its line and column.
    pub fn new(line: u32, column: u32) -> Self {
        Self { line, column }
    }

    /// The position `chars` characters further on the same line.
    pub fn advanced(self, chars: usize) -> Self {
        let step = u32::try_from(chars).unwrap_or(u32::MAX);
        Self {
            line: self.line,
            column: self.column.saturating_add(step),
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A value with the position it was read from. Equality ignores the position.
#[derive(Debug, Clone, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it starts in the source (for strings: the opening quote).
    pub position: Position,
}

impl<T> Located<T> {
    /// Wraps `value` read at `position`.
    pub fn new(value: T, position: Position) -> Self {
        Self { value, position }
    }

    /// Wraps a value that was not read from text (position 0:0).
    pub fn synthetic(value: T) -> Self {
        Self {
            value,
            position: Position::default(),
        }
    }
}

impl<T: PartialEq> PartialEq for Located<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

/// An HCL value kept as written (the keys Vault reads but this crate does not evaluate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A quoted string (escapes resolved).
    String(String),
    /// A number, as written.
    Number(String),
    /// `true` / `false`.
    Bool(bool),
    /// `[a, b, …]`.
    List(Vec<Located<Value>>),
    /// `{ key = value … }` or a nested block.
    Object(Vec<ObjectItem>),
}

/// One item of an HCL object: `key "label"… = value` or `key "label"… { … }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectItem {
    /// The key followed by its labels (at least one element).
    pub keys: Vec<String>,
    /// The value.
    pub value: Located<Value>,
}

/// A key of a `path` block other than `capabilities` and `policy`, kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The key (one of [`KNOWN_PATH_KEYS`]).
    pub key: Located<String>,
    /// Its value.
    pub value: Located<Value>,
}

/// The keys a `path` block may hold besides `capabilities` and `policy`: the union of
/// what HashiCorp Vault (`subscribe_event_types`) and OpenBao (`pagination_limit`,
/// `expiration`, `list_scan_response_keys_filter_path`) accept.
pub const KNOWN_PATH_KEYS: [&str; 12] = [
    "comment",
    "allowed_parameters",
    "denied_parameters",
    "required_parameters",
    "min_wrapping_ttl",
    "max_wrapping_ttl",
    "mfa_methods",
    "control_group",
    "subscribe_event_types",
    "pagination_limit",
    "expiration",
    "list_scan_response_keys_filter_path",
];

/// The pre-0.9 `policy = "…"` shorthand, still accepted by Vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OldPolicy {
    /// `deny`: only `deny`.
    Deny,
    /// `read`: `read`, `list`.
    Read,
    /// `write`: `create`, `read`, `update`, `delete`, `list`.
    Write,
    /// `sudo`: `write` plus `sudo`.
    Sudo,
}

impl OldPolicy {
    /// The keyword as written.
    pub fn as_str(self) -> &'static str {
        match self {
            OldPolicy::Deny => "deny",
            OldPolicy::Read => "read",
            OldPolicy::Write => "write",
            OldPolicy::Sudo => "sudo",
        }
    }

    /// Parses the keyword.
    pub fn from_keyword(word: &str) -> Option<Self> {
        [
            OldPolicy::Deny,
            OldPolicy::Read,
            OldPolicy::Write,
            OldPolicy::Sudo,
        ]
        .into_iter()
        .find(|p| p.as_str() == word)
    }

    fn capabilities(self) -> &'static [Capability] {
        use Capability::{Create, Delete, Deny, List, Read, Sudo, Update};
        match self {
            OldPolicy::Deny => &[Deny],
            OldPolicy::Read => &[Read, List],
            OldPolicy::Write => &[Create, Read, Update, Delete, List],
            OldPolicy::Sudo => &[Create, Read, Update, Delete, List, Sudo],
        }
    }
}

/// One `path "PATTERN" { … }` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRule {
    /// The pattern as written (position = the opening quote).
    pub path: Located<String>,
    /// `capabilities = [ … ]` in source order (empty when absent).
    pub capabilities: Vec<Located<Capability>>,
    /// The old `policy = "…"` shorthand, if present.
    pub policy: Option<Located<OldPolicy>>,
    /// Every other key, in source order.
    pub attributes: Vec<Attribute>,
}

impl PathRule {
    /// A block granting `capabilities` on `path` (for generated policies).
    pub fn new(path: impl Into<String>, capabilities: &[Capability]) -> Self {
        Self {
            path: Located::synthetic(path.into()),
            capabilities: capabilities
                .iter()
                .copied()
                .map(Located::synthetic)
                .collect(),
            policy: None,
            attributes: Vec::new(),
        }
    }

    /// What the block grants, as Vault computes it: `capabilities` plus the old
    /// `policy` shorthand; `deny` anywhere (or `policy = "deny"`) leaves only `deny`.
    pub fn effective_capabilities(&self) -> CapabilitySet {
        if self
            .policy
            .as_ref()
            .is_some_and(|p| p.value == OldPolicy::Deny)
        {
            return [Capability::Deny].into_iter().collect();
        }
        let old = self
            .policy
            .iter()
            .flat_map(|p| p.value.capabilities().iter().copied());
        let set: CapabilitySet = self
            .capabilities
            .iter()
            .map(|c| c.value)
            .chain(old)
            .collect();
        if set.is_deny() {
            [Capability::Deny].into_iter().collect()
        } else {
            set
        }
    }
}

/// A parsed policy document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Policy {
    /// The optional top-level `name = "…"` (Vault accepts and ignores it; the name
    /// under which the policy is stored wins).
    pub name: Option<Located<String>>,
    /// The `path` blocks in source order.
    pub rules: Vec<PathRule>,
}
