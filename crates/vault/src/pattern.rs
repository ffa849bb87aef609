//! Path patterns as Vault classifies and matches them.
//!
//! Vault (and OpenBao) strip one leading `/` from a pattern, then:
//! * a pattern holding a segment wildcard — it is `+`, starts with `+/`, or contains
//!   `/+` anywhere — is a *segment pattern*: split on `/`, a part that is exactly `+`
//!   matches any one segment (even an empty one), every other part matches literally,
//!   and a trailing `*` makes the last part a prefix and allows more segments;
//! * otherwise a trailing `*` makes a *prefix pattern* (plain string prefix, crossing `/`);
//! * otherwise the pattern is *exact*.
//!
//! A `*` anywhere else and a `+` that does not stand alone between slashes are literal
//! characters. `+*` makes the server reject the whole policy.
#![warn(clippy::arithmetic_side_effects)]

/// How Vault files a pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PatternKind {
    /// Matches exactly this path.
    Exact,
    /// `…*` without segment wildcards: string prefix (the stored key has no `*`).
    Prefix,
    /// Holds a segment wildcard (`+`); may end in `*`.
    Segment,
}

/// A classified pattern, ready to match request paths.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    /// The key Vault stores the rule under: the pattern without one leading `/`, and
    /// for prefix patterns without the trailing `*`.
    pub key: String,
    /// The class.
    pub kind: PatternKind,
}

/// Why a pattern is rejected by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForbiddenPlusStar {
    /// Character offset of the `+` of `+*` in the pattern as written.
    pub offset: usize,
}

/// The rank of a non-exact match in Vault's priority order; the greater rank wins.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Rank {
    /// Byte index of the first `+` (segment patterns) or the prefix length: later wins.
    first_wildcard: usize,
    /// Not a prefix beats a prefix.
    not_prefix: bool,
    /// Fewer `+` segments win.
    fewer_wildcards: std::cmp::Reverse<usize>,
    /// Longer pattern (without `*`) wins.
    length: usize,
    /// Last resort: the lexicographically greater pattern wins.
    text: String,
}

impl Pattern {
    /// Classifies a pattern as written in a `path` block.
    pub fn parse(written: &str) -> Result<Self, ForbiddenPlusStar> {
        let path = written.strip_prefix('/').unwrap_or(written);
        if let Some(byte) = path.find("+*") {
            let skipped = written.len().saturating_sub(path.len());
            let offset = written
                .get(..byte.saturating_add(skipped))
                .map_or(0, |s| s.chars().count());
            return Err(ForbiddenPlusStar { offset });
        }
        let segment = path == "+" || path.contains("/+") || path.starts_with("+/");
        let (key, kind) = match path.strip_suffix('*') {
            _ if segment => (path.to_owned(), PatternKind::Segment),
            Some(prefix) => (prefix.to_owned(), PatternKind::Prefix),
            None => (path.to_owned(), PatternKind::Exact),
        };
        Ok(Self { key, kind })
    }

    /// The pattern as the server reads it (one leading `/` dropped, `*` kept).
    pub fn written(&self) -> String {
        match self.kind {
            PatternKind::Prefix => format!("{}*", self.key),
            _ => self.key.clone(),
        }
    }

    /// Whether this pattern alone matches `path` (a request path without leading `/`).
    pub fn matches(&self, path: &str) -> bool {
        match self.kind {
            PatternKind::Exact => self.key == path,
            PatternKind::Prefix => path.starts_with(&self.key),
            PatternKind::Segment => self.segment_match(path).is_some(),
        }
    }

    /// For a segment pattern matching `path`: its number of `+` parts.
    fn segment_match(&self, path: &str) -> Option<usize> {
        let (body, is_prefix) = self.segment_body();
        let parts: Vec<&str> = body.split('/').collect();
        let path_parts: Vec<&str> = path.split('/').collect();
        if path_parts.len() < parts.len() || (!is_prefix && path_parts.len() != parts.len()) {
            return None;
        }
        let last = parts.len().saturating_sub(1);
        let mut wildcards = 0usize;
        for (index, (part, actual)) in parts.iter().zip(&path_parts).enumerate() {
            if *part == "+" {
                wildcards = wildcards.saturating_add(1);
            } else if part != actual && !(is_prefix && index == last && actual.starts_with(part)) {
                return None;
            }
        }
        Some(wildcards)
    }

    /// The segment pattern without its trailing `*`, and whether it had one.
    fn segment_body(&self) -> (&str, bool) {
        match self.key.strip_suffix('*') {
            Some(body) => (body, true),
            None => (self.key.as_str(), false),
        }
    }

    /// The priority of this non-exact pattern when it matches `path`.
    pub(crate) fn rank(&self, path: &str) -> Option<Rank> {
        match self.kind {
            PatternKind::Exact => None,
            PatternKind::Prefix => path.starts_with(&self.key).then(|| Rank {
                first_wildcard: self.key.len(),
                not_prefix: false,
                fewer_wildcards: std::cmp::Reverse(0),
                length: self.key.len(),
                text: self.key.clone(),
            }),
            PatternKind::Segment => {
                let wildcards = self.segment_match(path)?;
                let (body, is_prefix) = self.segment_body();
                Some(Rank {
                    first_wildcard: self.key.find('+').unwrap_or(0),
                    not_prefix: !is_prefix,
                    fewer_wildcards: std::cmp::Reverse(wildcards),
                    length: body.len(),
                    text: body.to_owned(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Pattern {
        Pattern::parse(text).unwrap()
    }

    #[test]
    fn classification_follows_the_server() {
        assert_eq!(p("/secret/data/a").kind, PatternKind::Exact);
        assert_eq!(p("secret/data/*").kind, PatternKind::Prefix);
        assert_eq!(p("secret/data/*").key, "secret/data/");
        assert_eq!(
            p("secret/*/dev/*").kind,
            PatternKind::Prefix,
            "mid `*` is literal"
        );
        assert_eq!(p("a/+/b").kind, PatternKind::Segment);
        assert_eq!(p("+").kind, PatternKind::Segment);
        assert_eq!(
            p("a/+b").kind,
            PatternKind::Segment,
            "`/+` anywhere makes a segment pattern"
        );
        assert_eq!(p("a+/b").kind, PatternKind::Exact);
        assert_eq!(
            Pattern::parse("/a/+*"),
            Err(ForbiddenPlusStar { offset: 3 })
        );
    }

    #[test]
    fn matching() {
        assert!(p("a/+/c").matches("a/b/c"));
        assert!(p("a/+/c").matches("a//c"), "`+` matches an empty segment");
        assert!(!p("a/+/c").matches("a/b/x/c"));
        assert!(p("a/+/c*").matches("a/b/cd/e"));
        assert!(!p("a/+/*").matches("a/b"));
        assert!(p("a/+/*").matches("a/b/"));
        assert!(p("a/*/b").matches("a/*/b") && !p("a/*/b").matches("a/x/b"));
        assert!(p("a/+b").matches("a/+b") && !p("a/+b").matches("a/xb"));
        assert!(p("secret/*").matches("secret/a/b/c"));
    }
}
