//! Capabilities of a path rule and the set a token holds on a path.

use std::fmt;

/// One capability a `path` block can grant (`deny` included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Capability {
    /// `create`: write to a path that does not exist yet.
    Create,
    /// `read`.
    Read,
    /// `update`: write to an existing path.
    Update,
    /// `patch`.
    Patch,
    /// `delete`.
    Delete,
    /// `list`.
    List,
    /// `sudo`: root-protected endpoints.
    Sudo,
    /// `scan` (OpenBao): recursive list.
    Scan,
    /// `subscribe` (Vault 1.16+): event subscriptions.
    Subscribe,
    /// `recover` (Vault 1.20+): snapshot recovery.
    Recover,
    /// `deny`: overrides every other capability of the same pattern.
    Deny,
}

impl Capability {
    /// Every capability, in the order used for bit positions.
    pub const ALL: [Capability; 11] = [
        Capability::Create,
        Capability::Read,
        Capability::Update,
        Capability::Patch,
        Capability::Delete,
        Capability::List,
        Capability::Sudo,
        Capability::Scan,
        Capability::Subscribe,
        Capability::Recover,
        Capability::Deny,
    ];

    /// The keyword as written in HCL and reported by `sys/capabilities`.
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::Create => "create",
            Capability::Read => "read",
            Capability::Update => "update",
            Capability::Patch => "patch",
            Capability::Delete => "delete",
            Capability::List => "list",
            Capability::Sudo => "sudo",
            Capability::Scan => "scan",
            Capability::Subscribe => "subscribe",
            Capability::Recover => "recover",
            Capability::Deny => "deny",
        }
    }

    /// Parses a keyword exactly as Vault does (case-sensitive).
    pub fn from_keyword(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == word)
    }

    fn bit(self) -> u16 {
        let index = Self::ALL.iter().position(|c| *c == self).unwrap_or(0);
        1 << index
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of capabilities (what one merged rule grants, or what a token holds on a path).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CapabilitySet(u16);

impl CapabilitySet {
    /// The empty set (reported as `deny`).
    pub const EMPTY: CapabilitySet = CapabilitySet(0);

    /// Adds one capability.
    pub fn insert(&mut self, capability: Capability) {
        self.0 |= capability.bit();
    }

    /// Whether `capability` is in the set.
    pub fn contains(self, capability: Capability) -> bool {
        self.0 & capability.bit() != 0
    }

    /// Union of two sets.
    pub fn union(self, other: CapabilitySet) -> CapabilitySet {
        CapabilitySet(self.0 | other.0)
    }

    /// Whether the set holds `deny`.
    pub fn is_deny(self) -> bool {
        self.contains(Capability::Deny)
    }

    /// Whether the set grants nothing: empty, or `deny`.
    pub fn grants_nothing(self) -> bool {
        self.is_deny() || self.0 == 0
    }

    /// The capabilities as `sys/capabilities` reports them: sorted keywords, or
    /// `["deny"]` when `deny` is set or nothing is granted.
    pub fn to_report(self) -> Vec<&'static str> {
        if self.grants_nothing() {
            return vec![Capability::Deny.as_str()];
        }
        let mut words: Vec<&'static str> = Capability::ALL
            .into_iter()
            .filter(|c| self.contains(*c))
            .map(Capability::as_str)
            .collect();
        gg_sort::sort(&mut words);
        words
    }
}

impl FromIterator<Capability> for CapabilitySet {
    fn from_iter<I: IntoIterator<Item = Capability>>(iter: I) -> Self {
        let mut set = CapabilitySet::EMPTY;
        for capability in iter {
            set.insert(capability);
        }
        set
    }
}

impl fmt::Display for CapabilitySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_report().join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_is_sorted_and_deny_when_empty() {
        let set: CapabilitySet = [Capability::Update, Capability::Read, Capability::List]
            .into_iter()
            .collect();
        assert_eq!(set.to_report(), vec!["list", "read", "update"]);
        assert_eq!(CapabilitySet::EMPTY.to_report(), vec!["deny"]);
        let denied: CapabilitySet = [Capability::Read, Capability::Deny].into_iter().collect();
        assert_eq!(denied.to_report(), vec!["deny"]);
    }

    #[test]
    fn keywords_round_trip() {
        for c in Capability::ALL {
            assert_eq!(Capability::from_keyword(c.as_str()), Some(c));
        }
        assert_eq!(Capability::from_keyword("Read"), None);
    }
}
