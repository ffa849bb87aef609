//! A template's output text, written the way the template writes it: values
//! reached as Go reaches them (a field of nil fails), printed as Go prints
//! them, quoted as Sprig's `quote` quotes, and `<no value>` removed at the
//! end as Helm removes it. Helm parses this text afterwards
//! ([`super::manifests`]), so whatever a value does to the YAML around it —
//! a number where a string was meant, a colon, a line break — it does here.

use serde_json::Value;

use crate::error::RenderError;
use crate::gotmpl::{self, Exec, Key, Val};

/// One template being executed: its path, `.Values` and the text so far.
#[derive(Debug)]
pub(crate) struct Tmpl<'v> {
    /// The template's path, e.g. `platform-core/templates/gateway.yaml`.
    pub(crate) path: &'static str,
    /// `.Values`.
    values: &'v Value,
    /// The output so far.
    out: String,
}

impl<'v> Tmpl<'v> {
    /// Starts executing the template at `path` with `.Values` = `values`.
    pub(crate) fn new(path: &'static str, values: &'v Value) -> Self {
        Self {
            path,
            values,
            out: String::new(),
        }
    }

    /// `.Values.<chain>` (`chain` without the leading `.Values.`).
    pub(crate) fn get(&self, chain: &str) -> Result<Val<'v>, RenderError> {
        gotmpl::fields(Some(self.values), chain, chain).map_err(|e| self.fail(e))
    }

    /// `$var.<chain>`: fields below a value the template holds.
    pub(crate) fn field(&self, base: Val<'v>, chain: &str) -> Result<Val<'v>, RenderError> {
        gotmpl::fields(base, chain, chain).map_err(|e| self.fail(e))
    }

    /// What `range` iterates over `value`.
    pub(crate) fn range(&self, value: Val<'v>) -> Result<Vec<(Key, &'v Value)>, RenderError> {
        gotmpl::range(value, "range").map_err(|e| self.fail(e))
    }

    /// `range $name, $item := <value>` with `if $item.enabled`: the entries
    /// whose `enabled` is true (a field of an item that is nil fails).
    pub(crate) fn enabled(&self, value: Val<'v>) -> Result<Vec<(Key, &'v Value)>, RenderError> {
        let mut kept = Vec::new();
        for (key, item) in self.range(value)? {
            if gotmpl::truthy(self.field(Some(item), "enabled")?) {
                kept.push((key, item));
            }
        }
        Ok(kept)
    }

    /// A failure of this template, worded as Helm words it.
    pub(crate) fn fail(&self, exec: Exec) -> RenderError {
        RenderError::Template {
            template: self.path.to_owned(),
            detail: format!(
                "executing \"{}\" at <{}>: {}",
                self.path, exec.at, exec.reason
            ),
        }
    }

    /// Appends text.
    pub(crate) fn push(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// The finished output (Helm removes every `<no value>`).
    pub(crate) fn finish(self) -> (&'static str, String) {
        (self.path, self.out.replace(gotmpl::NO_VALUE, ""))
    }
}

/// `{{ x }}`: the value as Go prints it.
pub(crate) fn show(value: Val<'_>) -> String {
    gotmpl::print(value)
}

/// `printf "%s" x`: a string as it is, anything else as Go's `%!s(…)`.
pub(crate) fn s(value: Val<'_>) -> String {
    gotmpl::printf("%s", &[value])
}

/// `{{ x | quote }}`: Go's `%q` of the value's text; nothing for nil.
pub(crate) fn quote(value: Val<'_>) -> String {
    gotmpl::quote(value).map_or_else(String::new, |text| go_quote(&text))
}

/// `x | default fallback` for a fallback written as a string literal.
pub(crate) fn or_str<'a>(value: Val<'a>, fallback: &'a Value) -> Val<'a> {
    gotmpl::default(value, Some(fallback))
}

pub(crate) use crate::chart::go_quote;

/// Sprig's `toYaml` written below a key: the value as YAML (keys sorted),
/// each line indented by `indent`, after a line break (`nindent`).
pub(crate) fn to_yaml_nindent(value: Val<'_>, indent: usize) -> String {
    let text = crate::emit::to_yaml(&gotmpl::to_yaml(value));
    let pad = " ".repeat(indent);
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.trim_end_matches('\n').split('\n') {
        out.push('\n');
        out.push_str(&pad);
        out.push_str(line);
    }
    out
}

/// Sprig's `replace old new src` (src must be a string).
pub(crate) fn replace(
    t: &Tmpl<'_>,
    value: Val<'_>,
    old: &str,
    new: &str,
    expr: &str,
) -> Result<String, RenderError> {
    let src = gotmpl::string_arg(value, expr).map_err(|e| t.fail(e))?;
    Ok(src.replace(old, new))
}

/// Sprig's `int`: a number truncated, a string parsed (else 0), nil 0.
pub(crate) fn to_int(value: Val<'_>) -> i64 {
    match value {
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f.trunc() as i64))
            .unwrap_or(0),
        Some(Value::String(s)) => parse_go_int(s),
        Some(Value::Bool(b)) => i64::from(*b),
        _ => 0,
    }
}

/// `strconv.ParseInt(s, 0, 0)` after cast's trimming of a zero decimal part;
/// 0 when it does not parse.
fn parse_go_int(text: &str) -> i64 {
    let text = text.strip_suffix(".0").unwrap_or(text);
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let digits = digits.replace('_', "");
    let lower = digits.to_ascii_lowercase();
    let parsed = if let Some(hex) = lower.strip_prefix("0x") {
        i64::from_str_radix(hex, 16)
    } else if let Some(bin) = lower.strip_prefix("0b") {
        i64::from_str_radix(bin, 2)
    } else if let Some(oct) = lower.strip_prefix("0o") {
        i64::from_str_radix(oct, 8)
    } else if lower.len() > 1 && lower.starts_with('0') {
        i64::from_str_radix(&lower[1..], 8)
    } else {
        lower.parse::<i64>()
    };
    parsed.map_or(0, |n| if negative { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quoting_reads_back_as_the_text() {
        for text in [
            "plain",
            "a \"b\" \\c",
            "tab\there",
            "line\nbreak",
            "\u{7}bell",
            "é ü",
        ] {
            let yaml = format!("v: {}\n", go_quote(text));
            let doc = gg_yaml::load_values(&yaml, "t", &gg_yaml::Limits::helm()).unwrap();
            assert_eq!(
                doc.root.get_path(&["v"]).and_then(|n| n.as_str()),
                Some(text),
                "{yaml}"
            );
        }
    }

    #[test]
    fn ints_follow_sprig() {
        assert_eq!(to_int(Some(&json!(80))), 80);
        assert_eq!(to_int(Some(&json!(80.9))), 80);
        assert_eq!(to_int(Some(&json!("8080"))), 8080);
        assert_eq!(to_int(Some(&json!("0x10"))), 16);
        assert_eq!(to_int(Some(&json!("abc"))), 0);
        assert_eq!(to_int(None), 0);
    }

    #[test]
    fn to_yaml_lines_are_indented_after_a_break() {
        assert_eq!(
            to_yaml_nindent(Some(&json!(["vault"])), 6),
            "\n      - vault"
        );
        assert_eq!(to_yaml_nindent(None, 2), "\n  null");
    }

    #[test]
    fn a_field_of_nil_fails_naming_the_template() {
        let values = json!({"a": null});
        let t = Tmpl::new("c/templates/x.yaml", &values);
        let error = t.get("a.b").unwrap_err();
        assert_eq!(error.location().as_deref(), Some("c/templates/x.yaml"));
    }
}
