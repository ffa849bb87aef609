//! The Go-template and Helm semantics k8app's templates rely on, over merged
//! values held as JSON: truthiness (`if`, `default`), how `{{ x }}` prints a
//! value (numbers are float64 in Helm), `quote`, `printf "%v"`, map iteration
//! in sorted key order, and how the printed text is read back as YAML.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::error::RenderError;

/// Go's notion of "empty" as used by `if`, `with`, `default`, `and`, `or`:
/// `nil`, `false`, `0`, `""`, an empty list or map.
pub(crate) fn truthy(value: Option<&Value>) -> bool {
    value.is_some_and(gg_yaml::truthy)
}

/// `default fallback value`: the value unless it is empty.
pub(crate) fn default<'a>(value: Option<&'a Value>, fallback: &'a Value) -> &'a Value {
    match value {
        Some(v) if truthy(Some(v)) => v,
        _ => fallback,
    }
}

/// The value at a path of map keys below `value`.
pub(crate) fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter()
        .try_fold(value, |node, key| node.as_object()?.get(*key))
}

/// `eq x "text"`: true only for a string equal to `text`.
pub(crate) fn eq_str(value: Option<&Value>, text: &str) -> bool {
    value.and_then(Value::as_str) == Some(text)
}

/// The entries of a map in Go's `range` order (sorted by key bytes); empty for
/// anything that is not a map.
pub(crate) fn sorted_entries(value: Option<&Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = value
        .and_then(Value::as_object)
        .map(|map| map.iter().collect())
        .unwrap_or_default();
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    entries
}

/// The items of a list; empty for anything else (`range` over nil prints nothing).
pub(crate) fn items(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// What `{{ x }}` prints (Helm replaces `<no value>` by nothing): numbers as
/// Go prints a float64, maps as `map[k:v …]`, lists as `[a b]`.
pub(crate) fn text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(other) => go_value(other),
    }
}

/// `printf "%v" x`.
pub(crate) fn go_value(value: &Value) -> String {
    match value {
        // Scalars (most of what templates print) are their own text.
        Value::String(s) => s.clone(),
        Value::Number(n) => number_text(n),
        _ => {
            let mut out = String::with_capacity(64);
            write_go_value(&mut out, value);
            out
        }
    }
}

/// A number as Helm prints it: every number of a values file is a float64.
fn number_text(n: &serde_json::Number) -> String {
    n.as_f64()
        .map_or_else(|| n.to_string(), gg_yaml::format_float64)
}

/// [`go_value`] written into `out` (one buffer for a whole map or list).
fn write_go_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_go_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            // Go prints a map's keys in sorted order.
            let mut sorted: Vec<(&String, &Value)> = map.iter().collect();
            sorted.sort_unstable_by_key(|(key, _)| *key);
            out.push_str("map[");
            for (i, (key, item)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(key);
                out.push(':');
                write_go_value(out, item);
            }
            out.push(']');
        }
    }
}

/// `sha256sum` of a text.
pub(crate) fn sha256_text(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// `x | quote`: the printed value as a string; nothing (a YAML null) for nil.
pub(crate) fn quote(value: Option<&Value>) -> Value {
    match value {
        None | Some(Value::Null) => Value::Null,
        Some(other) => Value::String(go_value(other)),
    }
}

/// `"{{ x }}"` inside double quotes in a template: always a string.
pub(crate) fn in_quotes(value: Option<&Value>) -> Value {
    Value::String(text(value))
}

/// `{{ x }}` unquoted: the printed text read back as a YAML plain scalar (so
/// `8080` is a number, `true` a boolean and an empty text `null`).
pub(crate) fn plain(value: Option<&Value>, field: &str) -> Result<Value, RenderError> {
    scalar(&text(value), field)
}

/// [`plain`] for `field` of the values section `section`; the field's full
/// name is only spelled out for an error.
pub(crate) fn plain_in(
    value: Option<&Value>,
    section: &str,
    field: &str,
) -> Result<Value, RenderError> {
    plain(value, field).map_err(|error| match error {
        RenderError::BrokenYaml { text, .. } => RenderError::BrokenYaml {
            field: format!("{section}.{field}"),
            text,
        },
        other => other,
    })
}

/// Reads `text` as go-yaml reads a plain scalar written into a template.
pub(crate) fn scalar(text: &str, field: &str) -> Result<Value, RenderError> {
    if let Some(value) = obvious_scalar(text) {
        return Ok(value);
    }
    let broken = || RenderError::BrokenYaml {
        field: field.to_owned(),
        text: text.to_owned(),
    };
    if text.contains('\n') {
        return Err(broken());
    }
    let doc = gg_yaml::load_values(
        &format!("v: {text}\n"),
        "<template>",
        &gg_yaml::Limits::default(),
    )
    .map_err(|_| broken())?;
    let node = doc.root.get_path(&["v"]).ok_or_else(broken)?;
    match node.kind {
        gg_yaml::NodeKind::Seq(_) | gg_yaml::NodeKind::Map(_) => Err(broken()),
        _ => Ok(node.to_json()),
    }
}

/// The texts a template prints most (names, ports, counts, switches) read
/// without a YAML parser; `None` for anything else.
fn obvious_scalar(text: &str) -> Option<Value> {
    if is_plain_string(text) {
        return Some(Value::String(text.to_owned()));
    }
    match text {
        "" => return Some(Value::Null),
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    // A decimal without sign, leading zero or separator that a float64 holds
    // exactly (15 digits stay below 2^53).
    let decimal = text.len() <= 15
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if decimal {
        return text.parse::<i64>().ok().map(Value::from);
    }
    (is_duration(text) || is_flag(text)).then(|| Value::String(text.to_owned()))
}

/// `30s`, `1h`, `100ms`: digits, then letters that cannot start an exponent,
/// a radix prefix or another number form.
fn is_duration(text: &str) -> bool {
    let unit = text.trim_start_matches(|c: char| c.is_ascii_digit());
    unit.len() < text.len()
        && !unit.is_empty()
        && unit.bytes().all(|b| b.is_ascii_alphabetic())
        && !unit.starts_with(['e', 'E', 'x', 'X', 'o', 'O', 'b', 'B'])
}

/// `--listen=:8080`: a command-line flag (two dashes and a letter, then no
/// space, quote, comment or flow indicator, and no trailing colon).
fn is_flag(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("--") else {
        return false;
    };
    rest.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._/=:-".contains(&b))
        && !rest.ends_with(':')
}

/// Texts that YAML reads as a plain string without a doubt: a letter or `/`
/// first, then letters, digits, `.`, `_`, `/`, `-`, and not a YAML 1.1 word.
fn is_plain_string(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let word = matches!(
        text.to_ascii_lowercase().as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
    );
    (first.is_ascii_alphabetic() || first == '/')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-'))
        && !word
}

/// `toYaml x` as embedded in a template: the structure, maps with sorted keys
/// (Go's YAML encoder sorts them).
pub(crate) fn to_yaml(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let sorted: BTreeMap<&String, &Value> = map.iter().collect();
            Value::Object(
                sorted
                    .into_iter()
                    .map(|(k, v)| (k.clone(), to_yaml(v)))
                    .collect::<Map<String, Value>>(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(to_yaml).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn go_emptiness() {
        for empty in [
            json!(null),
            json!(false),
            json!(0),
            json!(""),
            json!([]),
            json!({}),
        ] {
            assert!(!truthy(Some(&empty)), "{empty} is empty");
        }
        for full in [
            json!(true),
            json!(1),
            json!("0"),
            json!([0]),
            json!({"a": 0}),
        ] {
            assert!(truthy(Some(&full)), "{full} is not empty");
        }
        assert_eq!(default(Some(&json!(0)), &json!(3)), &json!(3));
    }

    proptest::proptest! {
        /// The parser-free reading of common texts is the YAML reading.
        #[test]
        fn obvious_scalars_read_as_yaml_does(text in "(|true|false|[0-9]{1,20}|[a-zA-Z/][a-zA-Z0-9._/-]{0,12}|0[0-9]{0,4}|[0-9]{1,4}[a-zA-Z]{1,3}|--[a-zA-Z0-9._/=:-]{0,12})") {
            if let Some(fast) = obvious_scalar(&text) {
                let doc = gg_yaml::load_values(&format!("v: {text}\n"), "t", &gg_yaml::Limits::default()).unwrap();
                proptest::prop_assert_eq!(fast, doc.root.get_path(&["v"]).unwrap().to_json());
            }
        }
    }

    #[test]
    fn printing_follows_helm() {
        assert_eq!(text(Some(&json!(8080))), "8080");
        assert_eq!(text(Some(&json!(2150123))), "2.150123e+06");
        assert_eq!(text(None), "");
        assert_eq!(
            go_value(&json!({"B": "/x", "A": 1})),
            "map[A:1 B:/x]",
            "maps print sorted"
        );
        assert_eq!(go_value(&json!({})), "map[]");
        assert_eq!(
            go_value(&json!({"b": [1, "x", null, true], "a": {"z": [], "y": 0.5}})),
            "map[a:map[y:0.5 z:[]] b:[1 x <nil> true]]",
            "nested maps and lists"
        );
    }

    #[test]
    fn printed_text_is_read_back_as_yaml() {
        assert_eq!(scalar("8080", "f").ok(), Some(json!(8080)));
        assert_eq!(scalar("000", "f").ok(), Some(json!(0)));
        assert_eq!(scalar("NULL", "f").ok(), Some(json!(null)));
        assert_eq!(scalar("yes", "f").ok(), Some(json!(true)));
        assert_eq!(scalar("", "f").ok(), Some(json!(null)));
        assert_eq!(scalar("orders-sv", "f").ok(), Some(json!("orders-sv")));
        assert_eq!(scalar("50m", "f").ok(), Some(json!("50m")));
        assert!(scalar("a: b", "f").is_err());
    }

    #[test]
    fn quote_of_nil_is_nothing() {
        assert_eq!(quote(None), Value::Null);
        assert_eq!(quote(Some(&json!(9100))), json!("9100"));
    }
}
