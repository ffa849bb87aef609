//! Go's text/template and Sprig semantics over values held as JSON, as
//! k8app's templates use them: field chains and their errors, truthiness,
//! `range`, `eq`, `default`, how `{{ x }}`, `printf`, `quote` and `toString`
//! print a value (numbers are float64 in Helm), and the functions whose
//! string parameters refuse anything else.
//!
//! A value is [`Val`]: `None` is Go's nil (a missing key or a YAML null).
//! Failures are [`Exec`] errors worded as Go words them.

use std::fmt::Write as _;

use serde_json::Value;

/// A value as a template sees it; `None` is nil.
pub(crate) type Val<'a> = Option<&'a Value>;

/// A template execution error: the expression and Go's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Exec {
    /// The expression being evaluated, e.g. `.Values.pdb.enabled`.
    pub(crate) at: String,
    /// Go's reason, e.g. `nil pointer evaluating interface {}.enabled`.
    pub(crate) reason: String,
}

impl Exec {
    /// An error at an expression.
    pub(crate) fn new(at: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            at: at.into(),
            reason: reason.into(),
        }
    }
}

/// Whether `if` / `with` / `and` / `or` take the value as true.
pub(crate) fn truthy(value: Val<'_>) -> bool {
    value.is_some_and(gg_yaml::truthy)
}

/// Evaluates a chain of fields (`a.b.c`) below `base` as Go does: a missing
/// key gives nil; a field of nil fails ("nil pointer evaluating"), a field
/// of anything but a map fails ("can't evaluate field"). `expr` names the
/// whole expression for the error.
pub(crate) fn fields<'a>(base: Val<'a>, chain: &str, expr: &str) -> Result<Val<'a>, Exec> {
    let mut current = base;
    for key in chain.split('.').filter(|k| !k.is_empty()) {
        current = field(current, key, expr)?;
    }
    Ok(current)
}

/// One field step of [`fields`].
pub(crate) fn field<'a>(base: Val<'a>, key: &str, expr: &str) -> Result<Val<'a>, Exec> {
    match base {
        Some(Value::Object(map)) => Ok(map.get(key).filter(|v| !v.is_null())),
        None | Some(Value::Null) => Err(nil_pointer(key, expr)),
        Some(_) => Err(not_a_map(key, expr)),
    }
}

/// Go's error for a field of nil.
pub(crate) fn nil_pointer(key: &str, expr: &str) -> Exec {
    Exec::new(expr, format!("nil pointer evaluating interface {{}}.{key}"))
}

/// Go's error for a field of a value that is not a map.
pub(crate) fn not_a_map(key: &str, expr: &str) -> Exec {
    Exec::new(
        expr,
        format!("can't evaluate field {key} in type interface {{}}"),
    )
}

/// A `range` key: a map's key, or a list item's index (a Go `int`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    /// The key as `{{ $key }}` prints it.
    pub(crate) text: String,
    /// True for a list index.
    pub(crate) index: bool,
}

impl Key {
    /// The key as `printf "%s"` formats it (`%!s(int=0)` for an index).
    pub(crate) fn verb_s(&self) -> String {
        if self.index {
            format!("%!s(int={})", self.text)
        } else {
            self.text.clone()
        }
    }

    /// The key as a Sprig string parameter (an index fails).
    pub(crate) fn as_string(&self, expr: &str) -> Result<&str, Exec> {
        if self.index {
            Err(Exec::new(
                expr,
                "wrong type for value; expected string; got int",
            ))
        } else {
            Ok(&self.text)
        }
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// What `range` iterates: a map's entries in sorted key order, a list's
/// items with their index as key, nothing for nil; anything else fails.
pub(crate) fn range<'a>(value: Val<'a>, expr: &str) -> Result<Vec<(Key, &'a Value)>, Exec> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(map)) => {
            let mut entries: Vec<(Key, &Value)> = map
                .iter()
                .map(|(k, v)| {
                    let key = Key {
                        text: k.clone(),
                        index: false,
                    };
                    (key, v)
                })
                .collect();
            gg_sort::sort_by(&mut entries, |a, b| {
                a.0.text.as_bytes().cmp(b.0.text.as_bytes())
            });
            Ok(entries)
        }
        Some(Value::Array(items)) => Ok(items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let key = Key {
                    text: i.to_string(),
                    index: true,
                };
                (key, v)
            })
            .collect()),
        Some(other) => Err(Exec::new(
            expr,
            format!("range can't iterate over {}", print(Some(other))),
        )),
    }
}

/// `eq x "text"`: nil is unequal to a string; another string compares;
/// anything else is "incompatible types for comparison".
pub(crate) fn eq_str(value: Val<'_>, text: &str, expr: &str) -> Result<bool, Exec> {
    match value {
        None | Some(Value::Null) => Ok(false),
        Some(Value::String(s)) => Ok(s == text),
        Some(_) => Err(Exec::new(
            expr,
            "error calling eq: incompatible types for comparison",
        )),
    }
}

/// `default fallback x`: x unless it is empty.
pub(crate) fn default<'a>(value: Val<'a>, fallback: Val<'a>) -> Val<'a> {
    if truthy(value) { value } else { fallback }
}

/// A Sprig function's string parameter: a string, else Go's conversion error.
pub(crate) fn string_arg<'a>(value: Val<'a>, expr: &str) -> Result<&'a str, Exec> {
    match value {
        Some(Value::String(s)) => Ok(s),
        other => Err(Exec::new(
            expr,
            format!(
                "wrong type for value; expected string; got {}",
                go_type(other)
            ),
        )),
    }
}

/// The Go type name of a value, as errors print it.
pub(crate) fn go_type(value: Val<'_>) -> &'static str {
    match value {
        None | Some(Value::Null) => "interface {}",
        Some(Value::Bool(_)) => "bool",
        Some(Value::Number(_)) => "float64",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "[]interface {}",
        Some(Value::Object(_)) => "map[string]interface {}",
    }
}

/// What `{{ x }}` prints. Nil prints `<no value>`, which Helm removes from
/// a template's output afterwards (see [`NO_VALUE`]) but not from what
/// `include` returns; numbers print as Go prints a float64, maps as
/// `map[k:v …]`, lists as `[a b]`.
pub(crate) fn print(value: Val<'_>) -> String {
    match value {
        None | Some(Value::Null) => NO_VALUE.to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => format_value(other, 'v'),
    }
}

/// The text Go prints for a nil value at the top of a pipeline; Helm
/// replaces every occurrence in a template's output by nothing.
pub(crate) const NO_VALUE: &str = "<no value>";

/// `printf` with the verbs k8app uses (`%s`, `%v`, `%d`, `%%`).
pub(crate) fn printf(format: &str, args: &[Val<'_>]) -> String {
    let mut out = String::with_capacity(format.len() + 16);
    let mut args = args.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(verb) => match args.next() {
                Some(arg) => write_verb(&mut out, *arg, verb),
                None => {
                    let _ = write!(out, "%!{verb}(MISSING)");
                }
            },
            None => out.push_str("%!(NOVERB)"),
        }
    }
    let extra: Vec<String> = args
        .map(|arg| match arg {
            None | Some(Value::Null) => "<nil>".to_owned(),
            Some(v) => format!("{}={}", go_type(Some(v)), format_value(v, 'v')),
        })
        .collect();
    if !extra.is_empty() {
        let _ = write!(out, "%!(EXTRA {})", extra.join(", "));
    }
    out
}

fn write_verb(out: &mut String, arg: Val<'_>, verb: char) {
    match (arg, verb) {
        (None | Some(Value::Null), 'v') => out.push_str("<nil>"),
        (None | Some(Value::Null), _) => {
            let _ = write!(out, "%!{verb}(<nil>)");
        }
        (Some(value), _) => out.push_str(&format_value(value, verb)),
    }
}

/// A non-nil value formatted with a verb, as `fmt` does (recursively for
/// maps and lists; a verb that does not fit a type prints `%!s(float64=5)`).
fn format_value(value: &Value, verb: char) -> String {
    match value {
        Value::Null => "<nil>".to_owned(),
        Value::String(s) if verb == 's' || verb == 'v' => s.clone(),
        Value::Bool(b) if verb == 'v' || verb == 't' => b.to_string(),
        Value::Number(n) if verb == 'v' => number_text(n),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(|i| format_value(i, verb)).collect();
            format!("[{}]", inner.join(" "))
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            gg_sort::sort_by(&mut entries, |a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            let inner: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| {
                    let key = if verb == 's' || verb == 'v' {
                        k.clone()
                    } else {
                        format!("%!{verb}(string={k})")
                    };
                    format!("{key}:{}", format_value(v, verb))
                })
                .collect();
            format!("map[{}]", inner.join(" "))
        }
        other => format!(
            "%!{verb}({}={})",
            go_type(Some(other)),
            format_value(other, 'v')
        ),
    }
}

/// A number as Helm prints it: every number of a values file is a float64.
pub(crate) fn number_text(n: &serde_json::Number) -> String {
    n.as_f64()
        .map_or_else(|| n.to_string(), gg_yaml::format_float64)
}

/// Sprig's `toString` (and the text `quote` quotes): `%v`, nil as `<nil>`.
pub(crate) fn to_string(value: Val<'_>) -> String {
    match value {
        None | Some(Value::Null) => "<nil>".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => format_value(other, 'v'),
    }
}

/// `x | quote`: the value's text as a string; nothing for nil (Sprig skips
/// nil arguments, so the template prints nothing there).
pub(crate) fn quote(value: Val<'_>) -> Option<String> {
    match value {
        None | Some(Value::Null) => None,
        Some(other) => Some(to_string(Some(other))),
    }
}

/// The JSON text of `toJson`, as Go's encoder writes it: keys sorted, no
/// spaces, `<`, `>` and `&` escaped.
pub(crate) fn to_json(value: Val<'_>) -> String {
    fn write(out: &mut String, value: &Value) {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                gg_sort::sort_by(&mut entries, |a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
                out.push('{');
                for (i, (k, v)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&json_string(k));
                    out.push(':');
                    write(out, v);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(out, v);
                }
                out.push(']');
            }
            Value::String(s) => out.push_str(&json_string(s)),
            Value::Number(n) => out.push_str(&json_number(n)),
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    match value {
        None => out.push_str("null"),
        Some(v) => write(&mut out, v),
    }
    out
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A float64 as Go's JSON encoder writes it.
fn json_number(n: &serde_json::Number) -> String {
    let Some(f) = n.as_f64() else {
        return n.to_string();
    };
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        // Exponent form, with a two-digit minimum exponent trimmed to Go's `e-07` style.
        let text = format!("{f:e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let exp: i32 = exponent.parse().unwrap_or(0);
        let sign = if exp < 0 { '-' } else { '+' };
        let digits = exp.unsigned_abs();
        if digits < 10 {
            return format!("{mantissa}e{sign}0{digits}");
        }
        return format!("{mantissa}e{sign}{digits}");
    }
    if f.fract() == 0.0 && abs < 1e21 {
        return format!("{f:.0}");
    }
    f.to_string()
}

/// `toYaml x` as a template writes it below a key: the same data, with the
/// keys of every map sorted (Go's encoder sorts them); nil is `null`.
pub(crate) fn to_yaml(value: Val<'_>) -> Value {
    match value {
        None => Value::Null,
        Some(Value::Object(map)) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            gg_sort::sort_by(&mut entries, |a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), to_yaml(Some(v))))
                    .collect(),
            )
        }
        Some(Value::Array(items)) => Value::Array(items.iter().map(|i| to_yaml(Some(i))).collect()),
        Some(other) => other.clone(),
    }
}

/// Sprig's `sha256sum`: the hex digest of the text.
pub(crate) fn sha256sum(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// `len x` of a string, list or map (others fail).
pub(crate) fn len(value: Val<'_>, expr: &str) -> Result<usize, Exec> {
    match value {
        Some(Value::String(s)) => Ok(s.len()),
        Some(Value::Array(items)) => Ok(items.len()),
        Some(Value::Object(map)) => Ok(map.len()),
        other => Err(Exec::new(
            expr,
            format!("error calling len: len of type {}", go_type(other)),
        )),
    }
}

/// Sprig's `trunc n s`: the first n characters, or for a negative n the
/// last -n (bytes, as Sprig slices them).
pub(crate) fn trunc(text: &str, n: i64) -> String {
    let len = text.len();
    let cut = usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX);
    let range = if n < 0 {
        len.saturating_sub(cut)..len
    } else {
        0..cut.min(len)
    };
    text.get(range).map_or_else(
        || String::from_utf8_lossy(text.as_bytes()).into_owned(),
        str::to_owned,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_chains_fail_as_go_does() {
        let values = json!({"a": {"b": 1}, "s": "x", "n": null});
        let v = Some(&values);
        assert_eq!(fields(v, "a.b", "e"), Ok(Some(&json!(1))));
        assert_eq!(fields(v, "a.c", "e"), Ok(None));
        assert_eq!(fields(v, "n", "e"), Ok(None));
        assert_eq!(
            fields(v, "x.y", "e").map_err(|e| e.reason),
            Err("nil pointer evaluating interface {}.y".to_owned())
        );
        assert_eq!(
            fields(v, "s.y", "e").map_err(|e| e.reason),
            Err("can't evaluate field y in type interface {}".to_owned())
        );
    }

    #[test]
    fn range_sorts_maps_and_refuses_scalars() {
        let m = json!({"b": 1, "A": 2, "a": 3});
        let keys: Vec<String> = range(Some(&m), "e")
            .unwrap()
            .into_iter()
            .map(|(k, _)| k.text)
            .collect();
        assert_eq!(keys, ["A", "a", "b"]);
        assert_eq!(range(None, "e").unwrap().len(), 0);
        assert_eq!(
            range(Some(&json!(2)), "e").map_err(|e| e.reason),
            Err("range can't iterate over 2".to_owned())
        );
    }

    #[test]
    fn printing_follows_go() {
        assert_eq!(print(Some(&json!(2150123))), "2.150123e+06");
        assert_eq!(print(Some(&json!({"b": "x", "a": 1}))), "map[a:1 b:x]");
        assert_eq!(print(Some(&json!(["a", 2, null]))), "[a 2 <nil>]");
        assert_eq!(printf("%s", &[Some(&json!(5))]), "%!s(float64=5)");
        assert_eq!(
            printf("%s-x", &[Some(&json!({"a": 1}))]),
            "map[a:%!s(float64=1)]-x"
        );
        assert_eq!(printf("%s", &[Some(&json!(true))]), "%!s(bool=true)");
        assert_eq!(printf("%s", &[None]), "%!s(<nil>)");
        assert_eq!(printf("%v", &[None]), "<nil>");
        assert_eq!(to_string(None), "<nil>");
        assert_eq!(print(None), "<no value>");
        assert_eq!(quote(None), None);
        assert_eq!(
            quote(Some(&json!(2150123))).as_deref(),
            Some("2.150123e+06")
        );
    }

    #[test]
    fn comparisons_and_string_parameters_fail_as_go_does() {
        assert_eq!(eq_str(None, "x", "e"), Ok(false));
        assert_eq!(eq_str(Some(&json!("x")), "x", "e"), Ok(true));
        assert!(eq_str(Some(&json!(1)), "x", "e").is_err());
        assert!(string_arg(Some(&json!(1)), "e").is_err());
        assert!(string_arg(None, "e").is_err());
    }

    #[test]
    fn to_json_writes_as_go_does() {
        assert_eq!(
            to_json(Some(&json!({"b": 1.5, "a": "<x>", "c": 100}))),
            r#"{"a":"\u003cx\u003e","b":1.5,"c":100}"#
        );
    }

    #[test]
    fn trunc_takes_the_start_or_the_end() {
        assert_eq!(trunc("abcdef", 3), "abc");
        assert_eq!(trunc("abcdef", -2), "ef");
        assert_eq!(trunc("ab", -63), "ab");
    }
}
