//! Paths to values in a merged tree: `image.tag`, `imagePullSecrets[0].name`,
//! `labels["app.kubernetes.io/name"]`.

use std::fmt;

use serde::{Serialize, Serializer};

/// One step of a [`ValuePath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathSegment {
    /// A mapping key.
    Key(String),
    /// A sequence index (0-based).
    Index(usize),
}

/// A path from the values root to a node.
///
/// Displayed dotted (`service.ports.http.externalPort`); indices in brackets
/// (`imagePullSecrets[0].name`); keys that are empty or hold `.`, `[`, `]` or `"`
/// as `["app.kubernetes.io/name"]`. [`ValuePath::parse`] reads that form back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ValuePath(pub Vec<PathSegment>);

impl ValuePath {
    /// The root path (no segments).
    pub fn root() -> Self {
        Self::default()
    }

    /// This path extended by a mapping key.
    pub fn key(&self, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(PathSegment::Key(key.to_owned()));
        Self(segments)
    }

    /// This path extended by a sequence index.
    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(PathSegment::Index(index));
        Self(segments)
    }

    /// Reads the displayed form back (`a.b[0]["c.d"]`); `None` when malformed.
    /// The empty string is the root.
    pub fn parse(text: &str) -> Option<Self> {
        let mut segments = Vec::new();
        let mut rest = text;
        let mut expect_key = true;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("[\"") {
                let (key, tail) = read_quoted(after)?;
                segments.push(PathSegment::Key(key));
                rest = tail.strip_prefix(']')?;
            } else if let Some(after) = rest.strip_prefix('[') {
                let (digits, tail) = after.split_once(']')?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                segments.push(PathSegment::Index(digits.parse().ok()?));
                rest = tail;
            } else {
                if !expect_key {
                    rest = rest.strip_prefix('.')?;
                }
                let end = rest.find(['.', '[']).unwrap_or(rest.len());
                let (key, tail) = rest.split_at(end);
                if key.is_empty() || key.contains([']', '"']) {
                    return None;
                }
                segments.push(PathSegment::Key(key.to_owned()));
                rest = tail;
            }
            expect_key = false;
        }
        Some(Self(segments))
    }
}

/// Reads a `"`-quoted key body (with `\"` and `\\` escapes) up to its closing quote.
fn read_quoted(text: &str) -> Option<(String, &str)> {
    let mut key = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => key.push(chars.next()?.1),
            '"' => return Some((key, text.get(at + 1..)?)),
            _ => key.push(c),
        }
    }
    None
}

fn needs_quotes(key: &str) -> bool {
    key.is_empty() || key.contains(['.', '[', ']', '"', '\\'])
}

impl fmt::Display for ValuePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                PathSegment::Index(index) => write!(f, "[{index}]")?,
                PathSegment::Key(key) if needs_quotes(key) => {
                    let escaped = key.replace('\\', "\\\\").replace('"', "\\\"");
                    write!(f, "[\"{escaped}\"]")?;
                }
                PathSegment::Key(key) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
            }
        }
        Ok(())
    }
}

impl Serialize for ValuePath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn displays_dotted_paths() {
        let path = ValuePath::root()
            .key("imagePullSecrets")
            .index(0)
            .key("name");
        assert_eq!(path.to_string(), "imagePullSecrets[0].name");
        let path = ValuePath::root()
            .key("labels")
            .key("app.kubernetes.io/name");
        assert_eq!(path.to_string(), "labels[\"app.kubernetes.io/name\"]");
        assert_eq!(ValuePath::root().to_string(), "");
    }

    #[test]
    fn parses_what_it_displays() {
        let path = ValuePath::parse("service.ports.http.externalPort");
        assert_eq!(path.map(|p| p.0.len()), Some(4));
        assert_eq!(
            ValuePath::parse("a[0][1].b")
                .map(|p| p.to_string())
                .as_deref(),
            Some("a[0][1].b")
        );
        for bad in ["a..b", ".a", "a.", "a[x]", "a[", "a]b", "[\"open"] {
            assert_eq!(ValuePath::parse(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn display_and_parse_round_trip(segments in prop::collection::vec(
            prop_oneof![
                "[a-z.\\[\\]\"\\\\/ ]{0,6}".prop_map(PathSegment::Key),
                (0usize..50).prop_map(PathSegment::Index),
            ],
            0..6,
        )) {
            let path = ValuePath(segments);
            let shown = path.to_string();
            prop_assert_eq!(ValuePath::parse(&shown), Some(path), "round trip of {}", shown);
        }
    }
}
