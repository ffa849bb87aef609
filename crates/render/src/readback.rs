//! How printed text reads back once Helm parses a template's output as YAML
//! (go-yaml v2 rules, through gg-yaml): `key: {{ x }}` is a plain scalar —
//! or a flow collection, or broken YAML — `- {{ x }}` may be a mapping,
//! `key: "{{ x }}"` decodes escapes, `{{ k }}: v` turns `1` or `yes` into
//! the strings `1` and `true`.

use serde_json::Value;

/// Why printed text is not YAML where the template puts it.
pub(crate) type Broken = String;

/// Where text lands in a template line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// `key: TEXT`
    Value,
    /// `- TEXT`
    Item,
    /// `key: "TEXT"`
    Quoted,
}

/// `key: TEXT`.
pub(crate) fn value(text: &str) -> Result<Value, Broken> {
    if let Some(value) = obvious_scalar(text) {
        return Ok(value);
    }
    read(text, Context::Value)
}

/// `- TEXT` (a list item: `a: b` there is a mapping).
pub(crate) fn item(text: &str) -> Result<Value, Broken> {
    if let Some(value) = obvious_scalar(text) {
        return Ok(value);
    }
    read(text, Context::Item)
}

/// `key: "TEXT"` (escapes decode; a `"` inside ends the string early).
pub(crate) fn in_quotes(text: &str) -> Result<Value, Broken> {
    if !text.contains(['"', '\\', '\n', '\r', '\t']) {
        return Ok(Value::String(text.to_owned()));
    }
    read(text, Context::Quoted)
}

/// `TEXT: value`: the key's name as Helm reads it (`1` → `"1"`, `yes` → `"true"`).
pub(crate) fn key(text: &str) -> Result<String, Broken> {
    if is_plain_string(text) {
        return Ok(text.to_owned());
    }
    if text.contains('\n') {
        return Err(format!("a key `{text}` with a line break"));
    }
    let doc = gg_yaml::load_values(
        &format!("{text}: x\n"),
        "<template>",
        &gg_yaml::Limits::helm(),
    )
    .map_err(|e| e.message)?;
    match &doc.root.kind {
        gg_yaml::NodeKind::Map(map) if map.entries.len() == 1 => map
            .entries
            .first()
            .map(|(key, _)| key.name.clone())
            .ok_or_else(|| format!("`{text}` is not a key")),
        _ => Err(format!("`{text}` is not a key")),
    }
}

fn read(text: &str, context: Context) -> Result<Value, Broken> {
    if text.contains(['\n', '\r']) {
        return Err(format!(
            "`{}` holds a line break where the template prints it",
            text.escape_debug()
        ));
    }
    let doc = match context {
        Context::Value => format!("v: {text}\n"),
        Context::Item => format!("- {text}\n"),
        Context::Quoted => format!("v: \"{text}\"\n"),
    };
    let docs = gg_yaml::load_documents(&doc, "<template>", &gg_yaml::Limits::helm())
        .map_err(|e| e.message)?;
    let [only] = docs.as_slice() else {
        return Err(format!("`{text}` starts a new YAML document"));
    };
    let node = match (&only.root.kind, context) {
        (gg_yaml::NodeKind::Seq(items), Context::Item) if items.len() == 1 => items.first(),
        (gg_yaml::NodeKind::Map(map), Context::Value | Context::Quoted)
            if map.entries.len() == 1 =>
        {
            map.get("v")
        }
        _ => None,
    };
    node.map(gg_yaml::Node::to_json)
        .ok_or_else(|| format!("`{text}` changes the YAML structure where the template prints it"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    proptest::proptest! {
        /// The parser-free reading of common texts is the YAML reading.
        #[test]
        fn obvious_scalars_read_as_yaml_does(text in "(|true|false|[0-9]{1,20}|[a-zA-Z/][a-zA-Z0-9._/-]{0,12}|0[0-9]{0,4}|[0-9]{1,4}[a-zA-Z]{1,3}|--[a-zA-Z0-9._/=:-]{0,12})") {
            if let Some(fast) = obvious_scalar(&text) {
                proptest::prop_assert_eq!(Some(fast), read(&text, Context::Value).ok(), "{}", text);
            }
        }
    }

    #[test]
    fn printed_text_reads_back_as_yaml() {
        assert_eq!(value("8080"), Ok(json!(8080)));
        assert_eq!(value("000"), Ok(json!(0)));
        assert_eq!(value("NULL"), Ok(json!(null)));
        assert_eq!(value("yes"), Ok(json!(true)));
        assert_eq!(value(""), Ok(json!(null)));
        assert_eq!(value("50m"), Ok(json!("50m")));
        assert_eq!(value("[a, 1]"), Ok(json!(["a", 1])));
        assert_eq!(value("a #b"), Ok(json!("a")));
        assert!(value("a: b").is_err());
        assert_eq!(item("a: b"), Ok(json!({"a": "b"})));
        assert!(item("a: b: c").is_err());
        assert_eq!(in_quotes("a\\tb"), Ok(json!("a\tb")));
        assert!(in_quotes("a\"b").is_err());
        assert_eq!(key("1").as_deref(), Ok("1"));
        assert_eq!(key("yes").as_deref(), Ok("true"));
        assert!(key("a: b").is_err());
    }
}
