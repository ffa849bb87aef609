//! JSON values as block YAML. Keys keep the order of the object (the
//! template's order; `toYaml` parts arrive sorted). Strings are quoted
//! whenever YAML 1.1 or 1.2 could read them as anything but that string;
//! multi-line strings use literal blocks.

use serde_json::Value;

/// The value as a YAML document body (ends with a newline).
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        scalar => {
            out.push_str(&inline(scalar, 0));
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    for (key, value) in map {
        pad(out, indent);
        out.push_str(&string(key, indent));
        out.push(':');
        write_child(out, value, indent);
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        pad(out, indent);
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // First key on the dash line, the others aligned under it.
                let mut first = true;
                for (key, value) in map {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        pad(out, indent + 2);
                    }
                    out.push_str(&string(key, indent + 2));
                    out.push(':');
                    write_child(out, value, indent + 2);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, indent + 2);
            }
            scalar => {
                out.push(' ');
                out.push_str(&inline(scalar, indent + 2));
                out.push('\n');
            }
        }
    }
}

/// After `key:`: a nested block on the next lines, or ` scalar`.
fn write_child(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, indent + 2);
        }
        scalar => {
            out.push(' ');
            out.push_str(&inline(scalar, indent + 2));
            out.push('\n');
        }
    }
}

fn inline(value: &Value, indent: usize) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s, indent),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// A string scalar: plain when safe, a literal block for multi-line text,
/// else double-quoted with JSON escapes (valid YAML).
fn string(text: &str, indent: usize) -> String {
    if text.contains('\n') && literal_ok(text) {
        return literal(text, indent);
    }
    if needs_quotes(text) {
        return serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""));
    }
    text.to_owned()
}

fn literal_ok(text: &str) -> bool {
    !text.starts_with([' ', '\t', '\n'])
        && text
            .chars()
            .all(|c| c == '\n' || (!c.is_control() && c != '\u{feff}'))
        && !text.lines().any(|line| line.ends_with([' ', '\t']))
}

fn literal(text: &str, indent: usize) -> String {
    let body = text.trim_end_matches('\n');
    let trailing = text.len() - body.len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let mut out = format!("|{chomp}");
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            pad(&mut out, indent);
            out.push_str(line);
        }
    }
    // `|+` keeps the newlines after the last line; the caller ends the line.
    out.extend(std::iter::repeat_n('\n', trailing.saturating_sub(1)));
    out
}

/// Plain scalars YAML 1.1/1.2 would read as something else, or cannot hold.
fn needs_quotes(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return true;
    };
    let lower = text.to_ascii_lowercase();
    let special_word = matches!(
        lower.as_str(),
        "~" | "null" | "true" | "false" | "yes" | "no" | "y" | "n" | "on" | "off" | "=" | "<<"
    ) || lower.starts_with(".inf")
        || lower.starts_with("-.inf")
        || lower.starts_with("+.inf")
        || lower == ".nan";
    // Numbers, octal/hex, sexagesimal and dates: only these characters.
    let numeric_start = (first.is_ascii_digit()
        || (matches!(first, '-' | '+' | '.')
            && text
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit() || c == '.')))
        && text
            .chars()
            .all(|c| c.is_ascii_hexdigit() || "._+-:xXoO".contains(c));
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    special_word
        || numeric_start
        || indicator
        || text.starts_with(' ')
        || text.ends_with(' ')
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.chars().any(|c| c.is_control() || c == '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn block_layout() {
        let doc = json!({"a": {"b": [1, {"c": "x", "d": []}], "e": {}}, "f": null});
        assert_eq!(
            to_yaml(&doc),
            "a:\n  b:\n    - 1\n    - c: x\n      d: []\n  e: {}\nf: null\n"
        );
    }

    #[test]
    fn ambiguous_strings_are_quoted() {
        for text in [
            "",
            "true",
            "yes",
            "No",
            "1",
            "0123",
            "1e3",
            "-1",
            ".5",
            "null",
            "~",
            "a: b",
            "- x",
            "*x",
            "8080",
            "0x1F",
            "12:30",
            "2001-12-14",
        ] {
            assert!(needs_quotes(text), "{text:?} must be quoted");
        }
        for text in [
            "orders",
            "v1.2.3",
            "50m",
            "registry.gitlab.com/x/y:tag",
            "/health",
            "a-b",
            "512Mi",
            "30s",
            "1h",
        ] {
            assert!(!needs_quotes(text), "{text:?} stays plain");
        }
    }

    #[test]
    fn multi_line_text_is_a_literal_block() {
        let doc = json!({"k": "a\n\nb\n"});
        assert_eq!(to_yaml(&doc), "k: |\n  a\n\n  b\n");
        assert_eq!(to_yaml(&json!({"k": "a\nb"})), "k: |-\n  a\n  b\n");
    }
}
