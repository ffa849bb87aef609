//! New values and how they are written: plain when the parser reads the plain
//! text back as the same string, quoted otherwise, and in the quoting style the
//! replaced value used.

use gg_yaml::{Limits, NodeKind, ScalarStyle, load_documents};

/// A value to write into a YAML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string; written plain when that reads back as the same string (and the
    /// replaced value was plain), else quoted.
    Str(String),
    /// A string that is always quoted, keeping the replaced value's quote style
    /// (image tags: an all-digit short SHA written plain would become a number).
    QuotedStr(String),
    /// A boolean.
    Bool(bool),
    /// A mapping of entries in this order (only for keys that do not exist yet).
    Map(Vec<(String, Value)>),
}

impl Value {
    /// A string value (plain when safe).
    pub fn str(value: impl Into<String>) -> Self {
        Self::Str(value.into())
    }

    /// A string value that is always quoted.
    pub fn quoted(value: impl Into<String>) -> Self {
        Self::QuotedStr(value.into())
    }

    /// The scalar text of this value, in the style of the value it replaces
    /// (`None` for a new key). `None` for a mapping.
    pub(crate) fn scalar_text(&self, replaced: Option<ScalarStyle>) -> Option<String> {
        let single = replaced == Some(ScalarStyle::SingleQuoted);
        let quoted = |s: &str| {
            if single && !s.contains(['\n', '\r']) {
                single_quoted(s)
            } else {
                double_quoted(s)
            }
        };
        match self {
            Self::Bool(b) => Some(b.to_string()),
            Self::QuotedStr(s) => Some(quoted(s)),
            Self::Str(s) => {
                let was_quoted = matches!(
                    replaced,
                    Some(ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
                );
                Some(if !was_quoted && reads_back_plain(s) {
                    s.clone()
                } else {
                    quoted(s)
                })
            }
            Self::Map(_) => None,
        }
    }
}

/// Whether `value` written as a plain scalar (in block or flow context) is read
/// back by the Helm-compatible loader as exactly this string. The loader decides,
/// so YAML 1.1 booleans, numbers, `null` and friends are quoted.
pub fn reads_back_plain(value: &str) -> bool {
    let unsafe_char = |c: char| {
        c.is_control() || matches!(c, ',' | '[' | ']' | '{' | '}' | '#' | '"' | '\'' | '`')
    };
    if value.is_empty() || value.trim() != value || value.chars().any(unsafe_char) {
        return false;
    }
    let probe = format!("k: {value}\n");
    let Ok(docs) = load_documents(&probe, "probe", &Limits::default()) else {
        return false;
    };
    docs.first()
        .and_then(|doc| doc.root.get_path(&["k"]))
        .is_some_and(|node| {
            node.quirk.is_none() && matches!(&node.kind, NodeKind::String(s) if s == value)
        })
}

/// `value` as a double-quoted YAML scalar.
pub fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `value` as a single-quoted YAML scalar (`'` doubled).
fn single_quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_only_when_it_reads_back_as_the_same_string() {
        for safe in [
            "acme-shop",
            "v1.2.3",
            "registry.gitlab.com/a/b",
            "dev.acme.example",
        ] {
            assert!(reads_back_plain(safe), "{safe}");
        }
        for unsafe_ in [
            "", "01234567", "2150123", "1e5", "yes", "no", "true", "null", "~", " x", "a: b",
            "a #b", "- x", "*x", "&x", "!x", "1.10", "0x1F",
        ] {
            assert!(!reads_back_plain(unsafe_), "{unsafe_}");
        }
    }

    #[test]
    fn quoting_keeps_the_replaced_style() {
        let tag = Value::quoted("2dc1a231");
        assert_eq!(tag.scalar_text(None).as_deref(), Some("\"2dc1a231\""));
        assert_eq!(
            tag.scalar_text(Some(ScalarStyle::Plain)).as_deref(),
            Some("\"2dc1a231\"")
        );
        assert_eq!(
            tag.scalar_text(Some(ScalarStyle::SingleQuoted)).as_deref(),
            Some("'2dc1a231'")
        );
        assert_eq!(
            Value::str("acme")
                .scalar_text(Some(ScalarStyle::DoubleQuoted))
                .as_deref(),
            Some("\"acme\"")
        );
        assert_eq!(
            Value::str("acme")
                .scalar_text(Some(ScalarStyle::Plain))
                .as_deref(),
            Some("acme")
        );
        assert_eq!(
            Value::str("0123")
                .scalar_text(Some(ScalarStyle::Plain))
                .as_deref(),
            Some("\"0123\"")
        );
        assert_eq!(
            Value::Bool(false).scalar_text(None).as_deref(),
            Some("false")
        );
    }

    proptest! {
        #[test]
        fn every_written_string_reads_back(value in "\\PC{0,20}", single in any::<bool>()) {
            let style = if single { Some(ScalarStyle::SingleQuoted) } else { None };
            for written in [Value::str(value.clone()), Value::quoted(value.clone())] {
                let text = written.scalar_text(style).unwrap_or_default();
                let doc = format!("k: {text}\n");
                let docs = load_documents(&doc, "t", &Limits::default());
                let read = docs.ok().and_then(|d| d.first().and_then(|d| d.root.get_path(&["k"]).cloned()));
                let read = read.map(|n| n.kind);
                prop_assert!(read == Some(NodeKind::String(value.clone())), "{doc:?} read as {read:?}");
            }
        }
    }
}
