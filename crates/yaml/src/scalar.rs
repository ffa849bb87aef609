//! Scalar resolution as go-yaml v2 (YAML 1.1) does it for Helm values.
//!
//! Helm reads values with sigs.k8s.io/yaml, which decodes with go-yaml v2 into
//! `interface{}` and converts the result to JSON; every number then becomes a
//! `float64`. This module turns one scalar's text, style and tag into the value
//! Helm ends up with, and notes where that reading is likely to surprise.
#![warn(clippy::arithmetic_side_effects)]

use saphyr_parser::Tag;

use crate::gofmt::format_float64;
use crate::node::{NodeKind, ScalarQuirk, ScalarStyle};

/// The largest integer a `float64` holds exactly (2^53).
pub(crate) const MAX_EXACT_INT: i64 = 1 << 53;

/// The handle saphyr gives the YAML core schema tags (`!!int` and friends).
const CORE_HANDLE: &str = "tag:yaml.org,2002:";

/// A scalar as Helm reads it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resolved {
    /// The value.
    pub kind: NodeKind,
    /// Set when the reading is likely to surprise.
    pub quirk: Option<ScalarQuirk>,
}

/// Why a scalar cannot be read the way Helm would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ScalarError {
    /// An explicit tag that does not fit the text (`!!int abc`).
    TagMismatch(String),
    /// A value JSON cannot hold (`.inf`, `.nan`): Helm fails on it.
    NotJson(String),
}

/// What go-yaml's implicit resolution makes of a text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Implicit {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str,
}

impl Implicit {
    fn tag_name(self) -> &'static str {
        match self {
            Implicit::Null => "!!null",
            Implicit::Bool(_) => "!!bool",
            Implicit::Int(_) | Implicit::Uint(_) => "!!int",
            Implicit::Float(_) => "!!float",
            Implicit::Str => "!!str",
        }
    }
}

/// True for a plain, untagged (or `!!merge`-tagged) `<<`: go-yaml's merge key.
pub(crate) fn is_merge_key(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> bool {
    text == "<<"
        && match tag {
            None => style == ScalarStyle::Plain,
            Some(tag) => tag.handle == CORE_HANDLE && tag.suffix == "merge",
        }
}

/// True when a plain scalar with this text would not be read as that string
/// (it is a null, boolean or number to go-yaml).
pub(crate) fn is_special_plain(text: &str) -> bool {
    !matches!(implicit(text), Implicit::Str)
}

/// Resolves one scalar the way Helm reads it.
pub(crate) fn resolve(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
) -> Result<Resolved, ScalarError> {
    let string = || Resolved {
        kind: NodeKind::String(text.to_owned()),
        quirk: None,
    };
    let Some(tag) = tag else {
        return if style == ScalarStyle::Plain {
            implicit_value(text)
        } else {
            Ok(string())
        };
    };
    if tag.handle != CORE_HANDLE {
        // go-yaml keeps the text of scalars with tags it does not resolve.
        return Ok(string());
    }
    let wanted = match tag.suffix.as_str() {
        "int" => "!!int",
        "float" => "!!float",
        "bool" => "!!bool",
        "null" => "!!null",
        _ => return Ok(string()),
    };
    let found = implicit(text);
    let kind = match (wanted, found) {
        ("!!float", Implicit::Int(i)) => Some(Implicit::Float(int_to_f64(i))),
        ("!!float", Implicit::Uint(u)) => Some(Implicit::Float(uint_to_f64(u))),
        (wanted, found) if wanted == found.tag_name() => Some(found),
        _ => None,
    };
    match kind {
        Some(kind) => value_of(kind, text).map(|(kind, _)| Resolved { kind, quirk: None }),
        None => Err(ScalarError::TagMismatch(format!(
            "cannot decode {} `{text}` as a {wanted}",
            found.tag_name()
        ))),
    }
}

fn implicit_value(text: &str) -> Result<Resolved, ScalarError> {
    let found = implicit(text);
    let (kind, quirk) = value_of(found, text)?;
    Ok(Resolved { kind, quirk })
}

/// The node value and the quirk (for implicit resolution) of a resolved text.
fn value_of(found: Implicit, text: &str) -> Result<(NodeKind, Option<ScalarQuirk>), ScalarError> {
    Ok(match found {
        Implicit::Null => (NodeKind::Null, None),
        Implicit::Bool(b) => {
            let yaml12 = matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE");
            (
                NodeKind::Bool(b),
                (!yaml12).then_some(ScalarQuirk::Yaml11Bool),
            )
        }
        Implicit::Int(i) => (NodeKind::Int(i), int_quirk(i, text)),
        Implicit::Uint(u) => (
            NodeKind::Float(uint_to_f64(u)),
            Some(ScalarQuirk::PrecisionLoss),
        ),
        Implicit::Float(f) if !f.is_finite() => {
            return Err(ScalarError::NotJson(format!(
                "`{text}` is not a JSON number: Helm fails to convert it (quote it to keep the text)"
            )));
        }
        Implicit::Float(f) => (NodeKind::Float(f), number_quirk(f, text)),
        Implicit::Str => (NodeKind::String(text.to_owned()), None),
    })
}

fn int_quirk(value: i64, text: &str) -> Option<ScalarQuirk> {
    if value.unsigned_abs() > MAX_EXACT_INT.unsigned_abs() {
        return Some(ScalarQuirk::PrecisionLoss);
    }
    let body = text.trim_start_matches(['+', '-']);
    let lower = body.get(..2).map(str::to_ascii_lowercase);
    if lower.as_deref() == Some("0x") {
        return Some(ScalarQuirk::Hex);
    }
    let leading_zero = body.len() > 1 && body.starts_with('0') && lower.as_deref() != Some("0b");
    if leading_zero {
        return Some(ScalarQuirk::Octal);
    }
    number_quirk(int_to_f64(value), text)
}

fn number_quirk(value: f64, text: &str) -> Option<ScalarQuirk> {
    let rendered = format_float64(value);
    (rendered != text).then_some(ScalarQuirk::NumberFromString { rendered })
}

/// go-yaml v2's `resolve` for an untagged plain scalar.
fn implicit(text: &str) -> Implicit {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Implicit::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Implicit::Bool(false);
        }
        "" | "~" | "null" | "Null" | "NULL" => return Implicit::Null,
        ".nan" | ".NaN" | ".NAN" => return Implicit::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Implicit::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Implicit::Float(f64::NEG_INFINITY),
        _ => {}
    }
    match text.as_bytes().first() {
        Some(b'.') => {
            parse_yaml_float(&without_underscores(text)).map_or(Implicit::Str, Implicit::Float)
        }
        Some(b'0'..=b'9' | b'+' | b'-') => number(&without_underscores(text)),
        _ => Implicit::Str,
    }
}

/// The `'D'`/`'S'` branch of go-yaml's `resolve` (underscores already removed).
fn number(plain: &str) -> Implicit {
    if let Some(i) = parse_go_int(plain) {
        return Implicit::Int(i);
    }
    if let Some(u) = parse_go_uint(plain) {
        return Implicit::Uint(u);
    }
    if let Some(f) = parse_yaml_float(plain) {
        return Implicit::Float(f);
    }
    Implicit::Str
}

fn without_underscores(text: &str) -> String {
    text.replace('_', "")
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
fn parse_go_int(text: &str) -> Option<i64> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let magnitude = parse_radix(body)?;
    if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)`.
fn parse_go_uint(text: &str) -> Option<u64> {
    parse_radix(text)
}

/// An unsigned number with Go's base prefixes (`0x`, `0o`, `0b`, leading `0`).
fn parse_radix(body: &str) -> Option<u64> {
    let prefix = body.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match prefix.as_deref() {
        Some("0x") => (16, body.get(2..)?),
        Some("0o") => (8, body.get(2..)?),
        Some("0b") => (2, body.get(2..)?),
        _ if body.len() > 1 && body.starts_with('0') => (8, body.get(1..)?),
        _ => (10, body),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// go-yaml's `yamlStyleFloat` check followed by `strconv.ParseFloat`.
fn parse_yaml_float(text: &str) -> Option<f64> {
    if !is_yaml_style_float(text) {
        return None;
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let digits_from = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i = i.saturating_add(1);
        }
        i
    };
    if bytes.get(i) == Some(&b'.') {
        let end = digits_from(i.saturating_add(1));
        if end == i.saturating_add(1) {
            return false;
        }
        i = end;
    } else {
        let end = digits_from(i);
        if end == i {
            return false;
        }
        i = end;
        if bytes.get(i) == Some(&b'.') {
            i = digits_from(i.saturating_add(1));
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i = i.saturating_add(1);
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i = i.saturating_add(1);
        }
        let end = digits_from(i);
        if end == i {
            return false;
        }
        i = end;
    }
    i == bytes.len()
}

/// Helm's float64 reading of an integer (exact up to 2^53, rounded beyond).
#[allow(clippy::cast_precision_loss)]
pub(crate) fn int_to_f64(value: i64) -> f64 {
    value as f64
}

#[allow(clippy::cast_precision_loss)]
fn uint_to_f64(value: u64) -> f64 {
    value as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Resolved {
        resolve(text, ScalarStyle::Plain, None).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    fn tag(suffix: &str) -> Tag {
        Tag {
            handle: CORE_HANDLE.to_owned(),
            suffix: suffix.to_owned(),
        }
    }

    fn rendered(text: &str) -> ScalarQuirk {
        ScalarQuirk::NumberFromString {
            rendered: text.to_owned(),
        }
    }

    #[test]
    fn yaml11_booleans_carry_the_quirk() {
        for text in ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"] {
            assert_eq!(plain(text).kind, NodeKind::Bool(true), "{text}");
            assert_eq!(plain(text).quirk, Some(ScalarQuirk::Yaml11Bool), "{text}");
        }
        for text in ["n", "N", "no", "No", "NO", "off", "Off", "OFF"] {
            assert_eq!(plain(text).kind, NodeKind::Bool(false), "{text}");
            assert_eq!(plain(text).quirk, Some(ScalarQuirk::Yaml11Bool), "{text}");
        }
        for text in ["true", "True", "TRUE", "false", "False", "FALSE"] {
            assert_eq!(plain(text).quirk, None, "{text}");
        }
        // Mixed case go-yaml does not list stays a string.
        assert_eq!(plain("yEs").kind, NodeKind::String("yEs".into()));
        assert_eq!(plain("tRUE").kind, NodeKind::String("tRUE".into()));
    }

    #[test]
    fn nulls() {
        for text in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(text).kind, NodeKind::Null, "{text:?}");
        }
        assert_eq!(plain("nULL").kind, NodeKind::String("nULL".into()));
    }

    #[test]
    fn octal_hex_and_binary_integers() {
        assert_eq!(plain("0755").kind, NodeKind::Int(493));
        assert_eq!(plain("0755").quirk, Some(ScalarQuirk::Octal));
        assert_eq!(plain("0o17").kind, NodeKind::Int(15));
        assert_eq!(plain("0o17").quirk, Some(ScalarQuirk::Octal));
        assert_eq!(plain("-0755").kind, NodeKind::Int(-493));
        assert_eq!(plain("0x1F").kind, NodeKind::Int(31));
        assert_eq!(plain("0x1F").quirk, Some(ScalarQuirk::Hex));
        assert_eq!(plain("0b101").kind, NodeKind::Int(5));
        assert_eq!(plain("0b101").quirk, Some(rendered("5")));
        // Not octal: go-yaml falls back to a float.
        assert_eq!(plain("08").kind, NodeKind::Float(8.0));
        assert_eq!(plain("08").quirk, Some(rendered("8")));
        assert_eq!(plain("0").quirk, None);
    }

    #[test]
    fn numbers_printed_differently_from_their_text() {
        assert_eq!(plain("2150123").kind, NodeKind::Int(2_150_123));
        assert_eq!(plain("2150123").quirk, Some(rendered("2.150123e+06")));
        assert_eq!(plain("1.10").kind, NodeKind::Float(1.1));
        assert_eq!(plain("1.10").quirk, Some(rendered("1.1")));
        assert_eq!(plain("1e3").kind, NodeKind::Float(1000.0));
        assert_eq!(plain("1e3").quirk, Some(rendered("1000")));
        assert_eq!(plain(".5").kind, NodeKind::Float(0.5));
        assert_eq!(plain(".5").quirk, Some(rendered("0.5")));
        assert_eq!(plain("1_000").kind, NodeKind::Int(1000));
        assert_eq!(plain("+5").quirk, Some(rendered("5")));
        // Printed back the same: no quirk.
        for text in ["8080", "3", "-1", "0.25", "123456", "1.5"] {
            assert_eq!(plain(text).quirk, None, "{text}");
        }
    }

    #[test]
    fn big_integers_lose_precision() {
        assert_eq!(
            plain("9007199254740993").kind,
            NodeKind::Int(9_007_199_254_740_993)
        );
        assert_eq!(
            plain("9007199254740993").quirk,
            Some(ScalarQuirk::PrecisionLoss)
        );
        assert_eq!(
            plain("18446744073709551615").quirk,
            Some(ScalarQuirk::PrecisionLoss)
        );
        assert!(matches!(
            plain("18446744073709551615").kind,
            NodeKind::Float(_)
        ));
        // Beyond u64: a float from the float branch.
        assert_eq!(plain("99999999999999999999").kind, NodeKind::Float(1e20));
    }

    #[test]
    fn strings_that_look_numeric() {
        for text in [
            "1.2.3",
            "2dc1a231",
            "1e",
            "0x",
            "-",
            "+",
            "v1",
            "2001-12-14",
            "1e400",
            "12:30",
        ] {
            assert_eq!(plain(text).kind, NodeKind::String(text.into()), "{text}");
        }
    }

    #[test]
    fn infinities_are_not_json() {
        for text in [".inf", "-.Inf", ".NaN"] {
            assert!(
                matches!(
                    resolve(text, ScalarStyle::Plain, None),
                    Err(ScalarError::NotJson(_))
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn quoted_scalars_are_strings() {
        let r = resolve("0755", ScalarStyle::DoubleQuoted, None);
        assert_eq!(r.map(|r| r.kind), Ok(NodeKind::String("0755".into())));
        let r = resolve("yes", ScalarStyle::SingleQuoted, None);
        assert_eq!(r.map(|r| r.kind), Ok(NodeKind::String("yes".into())));
    }

    #[test]
    fn explicit_tags() {
        let str_tag = tag("str");
        let r = resolve("123", ScalarStyle::Plain, Some(&str_tag));
        assert_eq!(r.map(|r| r.kind), Ok(NodeKind::String("123".into())));
        let int_tag = tag("int");
        let r = resolve("123", ScalarStyle::DoubleQuoted, Some(&int_tag));
        assert_eq!(
            r,
            Ok(Resolved {
                kind: NodeKind::Int(123),
                quirk: None
            })
        );
        let float_tag = tag("float");
        let r = resolve("1", ScalarStyle::Plain, Some(&float_tag));
        assert_eq!(r.map(|r| r.kind), Ok(NodeKind::Float(1.0)));
        let r = resolve("abc", ScalarStyle::Plain, Some(&int_tag));
        assert_eq!(
            r,
            Err(ScalarError::TagMismatch(
                "cannot decode !!str `abc` as a !!int".into()
            ))
        );
        let custom = Tag {
            handle: "!".into(),
            suffix: "thing".into(),
        };
        let r = resolve("12", ScalarStyle::Plain, Some(&custom));
        assert_eq!(r.map(|r| r.kind), Ok(NodeKind::String("12".into())));
    }

    #[test]
    fn merge_key_detection() {
        assert!(is_merge_key("<<", ScalarStyle::Plain, None));
        assert!(!is_merge_key("<<", ScalarStyle::DoubleQuoted, None));
        assert!(is_merge_key(
            "<<",
            ScalarStyle::DoubleQuoted,
            Some(&tag("merge"))
        ));
    }
}
