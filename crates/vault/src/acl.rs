//! Effective capabilities of a token holding several policies, computed the way the
//! server's ACL does it.
//!
//! Building: every rule of every policy is filed by its [`Pattern`] key; rules with the
//! same key (in one policy or across policies) merge — `deny` wins, otherwise the
//! capabilities are united. Looking up a request path (as `sys/capabilities` does, i.e.
//! as a `list` operation):
//! 1. an exact rule for the path, then for the path without one trailing `/`;
//! 2. otherwise the longest matching prefix rule and every matching segment rule,
//!    ranked by Vault's priority order (later first wildcard, not-a-prefix, fewer `+`,
//!    longer pattern, lexicographically greater) — the highest rank decides;
//! 3. otherwise, for a path ending in `/`, step 2 again without that `/`;
//! 4. otherwise nothing is granted (`deny`).

use std::collections::BTreeMap;

use crate::capability::CapabilitySet;
use crate::error::VaultError;
use crate::pattern::{Pattern, PatternKind};
use crate::policy::Policy;

/// Which `path` block of which policy (indices into the slice given to [`Acl::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleRef {
    /// Index of the policy.
    pub policy: usize,
    /// Index of the rule inside that policy.
    pub rule: usize,
}

/// The merged rule that decided a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedRule {
    /// The pattern (without the leading `/`), e.g. `secret/data/p/+/dev/*`.
    pub pattern: String,
    /// How the server filed it.
    pub kind: PatternKind,
    /// The `path` blocks merged into this rule.
    pub origins: Vec<RuleRef>,
}

/// The answer for one request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// What the token may do there.
    pub capabilities: CapabilitySet,
    /// The rule that decided, or `None` when no rule matched.
    pub matched: Option<MatchedRule>,
}

#[derive(Debug, Clone)]
struct Entry {
    pattern: Pattern,
    capabilities: CapabilitySet,
    origins: Vec<RuleRef>,
}

impl Entry {
    fn merge(&mut self, capabilities: CapabilitySet, origin: RuleRef) {
        if self.capabilities.is_deny() {
            return;
        }
        self.capabilities = if capabilities.is_deny() {
            capabilities
        } else {
            self.capabilities.union(capabilities)
        };
        self.origins.push(origin);
    }

    fn decision(&self) -> Decision {
        Decision {
            capabilities: self.capabilities,
            matched: Some(MatchedRule {
                pattern: self.pattern.written(),
                kind: self.pattern.kind.clone(),
                origins: self.origins.clone(),
            }),
        }
    }
}

/// The policies of one token, compiled for lookups.
#[derive(Debug, Clone, Default)]
pub struct Acl {
    exact: BTreeMap<String, Entry>,
    prefix: BTreeMap<String, Entry>,
    segment: BTreeMap<String, Entry>,
}

impl Acl {
    /// Compiles the policies a token holds. Fails (as the server does when the policy is
    /// written) on a pattern containing `+*`.
    pub fn new(policies: &[Policy]) -> Result<Self, VaultError> {
        let mut acl = Acl::default();
        for (policy_index, policy) in policies.iter().enumerate() {
            for (rule_index, rule) in policy.rules.iter().enumerate() {
                let pattern = Pattern::parse(&rule.path.value).map_err(|forbidden| {
                    VaultError::policy(
                        rule.path
                            .position
                            .advanced(forbidden.offset.saturating_add(1)),
                        format!(
                            "path \"{}\": invalid use of wildcards ('+*' is forbidden)",
                            rule.path.value
                        ),
                    )
                })?;
                let origin = RuleRef {
                    policy: policy_index,
                    rule: rule_index,
                };
                let capabilities = rule.effective_capabilities();
                let table = match pattern.kind {
                    PatternKind::Exact => &mut acl.exact,
                    PatternKind::Prefix => &mut acl.prefix,
                    PatternKind::Segment => &mut acl.segment,
                };
                match table.get_mut(&pattern.key) {
                    Some(entry) => entry.merge(capabilities, origin),
                    None => {
                        table.insert(
                            pattern.key.clone(),
                            Entry {
                                pattern,
                                capabilities,
                                origins: vec![origin],
                            },
                        );
                    }
                }
            }
        }
        Ok(acl)
    }

    /// What the token may do on `path` (as `sys/capabilities` computes it).
    pub fn capabilities(&self, path: &str) -> CapabilitySet {
        self.decide(path).capabilities
    }

    /// The capabilities on `path` and the rule that decided them.
    pub fn decide(&self, path: &str) -> Decision {
        let path = path.trim_start_matches('/');
        let trimmed = path.strip_suffix('/');
        let found = self
            .exact
            .get(path)
            .or_else(|| trimmed.and_then(|t| self.exact.get(t)))
            .or_else(|| self.best_non_exact(path))
            .or_else(|| trimmed.and_then(|t| self.best_non_exact(t)));
        match found {
            Some(entry) => entry.decision(),
            None => Decision {
                capabilities: CapabilitySet::EMPTY,
                matched: None,
            },
        }
    }

    fn best_non_exact(&self, path: &str) -> Option<&Entry> {
        let longest_prefix = self
            .prefix
            .values()
            .filter(|entry| path.starts_with(&entry.pattern.key))
            .max_by_key(|entry| entry.pattern.key.len());
        longest_prefix
            .into_iter()
            .chain(self.segment.values())
            .filter_map(|entry| entry.pattern.rank(path).map(|rank| (rank, entry)))
            .max_by(|(a, _), (b, _)| a.cmp(b))
            .map(|(_, entry)| entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_policy;

    fn acl(texts: &[&str]) -> Acl {
        let policies: Vec<Policy> = texts.iter().map(|t| parse_policy(t).unwrap()).collect();
        Acl::new(&policies).unwrap()
    }

    fn caps(acl: &Acl, path: &str) -> String {
        acl.capabilities(path).to_string()
    }

    #[test]
    fn platform_policy_grants_its_env_only() {
        let a = acl(&[r#"
path "secret/data/gitops-poc-dzha/+/dev/*" { capabilities = ["read"] }
path "secret/metadata/gitops-poc-dzha/+/dev/*" { capabilities = ["read", "list"] }
"#]);
        assert_eq!(
            caps(&a, "secret/data/gitops-poc-dzha/api-gw/dev/config"),
            "read"
        );
        assert_eq!(
            caps(&a, "secret/metadata/gitops-poc-dzha/api-gw/dev/"),
            "list,read"
        );
        assert_eq!(
            caps(&a, "secret/data/gitops-poc-dzha/api-gw/staging/config"),
            "deny"
        );
        assert_eq!(
            caps(&a, "secret/data/gitops-poc-dzha/a/b/dev/config"),
            "deny"
        );
    }

    #[test]
    fn priority_order() {
        let a = acl(&[r#"path "foo/+" { capabilities = ["read"] }
               path "foo/*" { capabilities = ["list"] }
               path "foo/a*" { capabilities = ["update"] }
               path "foo/bar/+/baz" { capabilities = ["create"] }
               path "foo/+/+/baz" { capabilities = ["delete"] }"#]);
        assert_eq!(caps(&a, "foo/x"), "read", "foo/+ over foo/*");
        assert_eq!(caps(&a, "foo/ab"), "update", "foo/a* over foo/+");
        assert_eq!(caps(&a, "foo/bar/x/baz"), "create", "fewer wildcards win");
        assert_eq!(caps(&a, "foo/x/y/baz"), "delete");
        assert_eq!(caps(&a, "foo/x/y"), "list");
    }

    #[test]
    fn same_pattern_unites_and_deny_wins() {
        let a = acl(&[
            r#"path "a/*" { capabilities = ["read"] }"#,
            r#"path "a/*" { capabilities = ["list"] }"#,
        ]);
        assert_eq!(caps(&a, "a/b"), "list,read");
        let d = acl(&[
            r#"path "a/*" { capabilities = ["read"] }"#,
            r#"path "a/*" { capabilities = ["deny"] }"#,
            r#"path "a/*" { capabilities = ["list"] }"#,
        ]);
        assert_eq!(caps(&d, "a/b"), "deny");
        let exact_beats_glob = acl(&[
            r#"path "a/*" { capabilities = ["deny"] }"#,
            r#"path "a/b" { capabilities = ["read"] }"#,
        ]);
        assert_eq!(caps(&exact_beats_glob, "a/b"), "read");
        assert_eq!(
            caps(&exact_beats_glob, "a/b/"),
            "read",
            "a trailing slash falls back to the exact rule"
        );
    }

    #[test]
    fn empty_capabilities_still_win_and_grant_nothing() {
        let a =
            acl(&[r#"path "a/*" { capabilities = ["read"] } path "a/b*" { capabilities = [] }"#]);
        assert_eq!(caps(&a, "a/bc"), "deny");
        assert_eq!(caps(&a, "a/c"), "read");
    }

    #[test]
    fn plus_star_is_rejected_with_position() {
        let policy = parse_policy("path \"a/+*\" { capabilities = [\"read\"] }").unwrap();
        let err = Acl::new(&[policy]).unwrap_err();
        assert_eq!(err.position().column, 9);
    }

    #[test]
    fn decision_names_the_rule() {
        let a = acl(&[
            r#"path "a/*" { capabilities = ["read"] }"#,
            r#"path "a/*" { capabilities = ["list"] }"#,
        ]);
        let matched = a.decide("/a/x").matched.unwrap();
        assert_eq!(matched.pattern, "a/*");
        assert_eq!(
            matched.origins,
            vec![
                RuleRef { policy: 0, rule: 0 },
                RuleRef { policy: 1, rule: 0 }
            ]
        );
    }
}
