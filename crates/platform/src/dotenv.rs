//! `.env` files as the seed's shell scripts read them: `KEY="value"` lines,
//! `export ` prefixes, `#` comments, single quotes (literal) and `${VAR}` /
//! `$VAR` / `${VAR:-fallback}` expansion of keys defined earlier in the file.
#![warn(clippy::arithmetic_side_effects)]

use gg_yaml::{Pos, Span};

use crate::issue::issue;
use gg_diagnostic::{Diagnostic, rules};

/// One `KEY=value` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvEntry {
    /// The key.
    pub key: String,
    /// The value after unquoting and expansion.
    pub value: String,
    /// 1-based line number.
    pub line: u32,
}

/// A parsed `.env` file; a later entry of a key overrides an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnvFile {
    /// Path of the file.
    pub file: String,
    /// Entries in file order.
    pub entries: Vec<EnvEntry>,
}

impl EnvFile {
    /// The last entry for `key`.
    pub fn get(&self, key: &str) -> Option<&EnvEntry> {
        self.entries.iter().rev().find(|entry| entry.key == key)
    }
}

/// Parses a `.env` file; malformed lines become issues and are skipped.
pub fn parse_env_file(file: &str, text: &str) -> (EnvFile, Vec<Diagnostic>) {
    let mut env = EnvFile {
        file: file.to_owned(),
        entries: Vec::new(),
    };
    let mut issues = Vec::new();
    let mut offset = 0usize;
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index.saturating_add(1)).unwrap_or(u32::MAX);
        let start = offset;
        offset = offset.saturating_add(raw.len()).saturating_add(1);
        match parse_line(raw, &env) {
            Ok(Some((key, value))) => env.entries.push(EnvEntry { key, value, line }),
            Ok(None) => {}
            Err(message) => issues.push(issue(
                &rules::ENV_FILE_SYNTAX,
                file,
                Some(line_span(line, start, raw)),
                message,
                "write entries as KEY=\"value\" (optionally prefixed by `export `)",
            )),
        }
    }
    (env, issues)
}

/// The span of a whole line (1-based line, columns over its characters).
fn line_span(line: u32, offset: usize, raw: &str) -> Span {
    let width = u32::try_from(raw.chars().count()).unwrap_or(u32::MAX);
    Span {
        start: Pos {
            line,
            column: 1,
            offset,
        },
        end: Pos {
            line,
            column: width.saturating_add(1),
            offset: offset.saturating_add(raw.len()),
        },
    }
}

/// One line: `Ok(None)` for blank lines and comments.
fn parse_line(raw: &str, env: &EnvFile) -> Result<Option<(String, String)>, String> {
    let line = raw.trim_start();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let line = line.strip_prefix("export ").map_or(line, str::trim_start);
    let Some((key, rest)) = line.split_once('=') else {
        return Err(format!("`{}` is not KEY=value", line.trim_end()));
    };
    let key = key.trim_end();
    if !is_key(key) {
        return Err(format!("`{key}` is not a valid variable name"));
    }
    let value = parse_value(rest.trim_start(), env)?;
    Ok(Some((key.to_owned(), value)))
}

fn is_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn parse_value(rest: &str, env: &EnvFile) -> Result<String, String> {
    if let Some(body) = rest.strip_prefix('\'') {
        let (value, after) = body.split_once('\'').ok_or("unterminated single quote")?;
        expect_only_comment(after)?;
        return Ok(value.to_owned());
    }
    if let Some(body) = rest.strip_prefix('"') {
        let (value, after) = split_double_quoted(body)?;
        expect_only_comment(after)?;
        return Ok(expand(&value, env));
    }
    let unquoted = match rest.find(" #").or_else(|| rest.find("\t#")) {
        Some(at) => rest.get(..at).unwrap_or(rest),
        None if rest.starts_with('#') => "",
        None => rest,
    };
    Ok(expand(unquoted.trim_end(), env))
}

/// The body of a double-quoted value (escapes resolved) and the text after it.
fn split_double_quoted(body: &str) -> Result<(String, &str), String> {
    let mut value = String::new();
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Ok((value, body.get(at.saturating_add(1)..).unwrap_or(""))),
            '\\' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                // `\$` stays escaped so that expansion leaves it alone.
                Some((_, '$')) => value.push_str("\\$"),
                Some((_, other)) => value.push(other),
                None => break,
            },
            other => value.push(other),
        }
    }
    Err("unterminated double quote".to_owned())
}

fn expect_only_comment(after: &str) -> Result<(), String> {
    let after = after.trim_start();
    if after.is_empty() || after.starts_with('#') {
        Ok(())
    } else {
        Err(format!("unexpected `{after}` after the closing quote"))
    }
}

/// Expands `${VAR}`, `${VAR:-fallback}` and `$VAR` from earlier entries
/// (unknown variables expand to the empty string, as in a shell).
fn expand(value: &str, env: &EnvFile) -> String {
    let lookup = |name: &str| env.get(name).map(|entry| entry.value.clone());
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find(['$', '\\']) {
        out.push_str(rest.get(..at).unwrap_or(""));
        let tail = rest.get(at..).unwrap_or("");
        if let Some(escaped) = tail.strip_prefix("\\$") {
            out.push('$');
            rest = escaped;
        } else if let Some(other) = tail.strip_prefix('\\') {
            out.push('\\');
            rest = other;
        } else if let Some(braced) = tail.strip_prefix("${") {
            let Some(end) = braced.find('}') else {
                out.push_str(tail);
                return out;
            };
            let inner = braced.get(..end).unwrap_or("");
            let (name, fallback) = match inner.split_once(":-") {
                Some((name, fallback)) => (name, Some(fallback)),
                None => (inner, None),
            };
            let found = lookup(name).filter(|v| !v.is_empty() || fallback.is_none());
            out.push_str(&found.unwrap_or_else(|| fallback.unwrap_or("").to_owned()));
            rest = braced.get(end.saturating_add(1)..).unwrap_or("");
        } else {
            let after = tail.get(1..).unwrap_or("");
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            if len == 0 {
                out.push('$');
            } else {
                out.push_str(&lookup(after.get(..len).unwrap_or("")).unwrap_or_default());
            }
            rest = after.get(len..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (EnvFile, Vec<Diagnostic>) {
        parse_env_file(".env", text)
    }

    fn value(env: &EnvFile, key: &str) -> String {
        env.get(key)
            .map(|e| e.value.clone())
            .unwrap_or_else(|| panic!("{key} missing"))
    }

    #[test]
    fn reads_quoted_unquoted_export_and_comments() {
        let (env, issues) = parse(
            "# comment\n\nGITLAB_GROUP=\"acme\"\nexport NAMESPACE_PREFIX='shop'\nHOST=gitlab.example # trailing\nEMPTY=\"\"\nBARE=\n",
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(value(&env, "GITLAB_GROUP"), "acme");
        assert_eq!(value(&env, "NAMESPACE_PREFIX"), "shop");
        assert_eq!(value(&env, "HOST"), "gitlab.example");
        assert_eq!(value(&env, "EMPTY"), "");
        assert_eq!(value(&env, "BARE"), "");
        assert_eq!(env.get("HOST").map(|e| e.line), Some(5));
    }

    #[test]
    fn expands_earlier_keys_but_not_in_single_quotes() {
        let (env, _) = parse(
            "GROUP=\"acme\"\nREG=\"registry.gitlab.com/${GROUP}\"\nCTX=$GROUP/cfg\nLIT='${GROUP}'\nFB=\"${NOPE:-x}-${GROUP:-y}\"\nESC=\"\\$GROUP costs \\\"1\\\"\"\nLATE=\"${LATER}\"\nLATER=1\n",
        );
        assert_eq!(value(&env, "REG"), "registry.gitlab.com/acme");
        assert_eq!(value(&env, "CTX"), "acme/cfg");
        assert_eq!(value(&env, "LIT"), "${GROUP}");
        assert_eq!(value(&env, "FB"), "x-acme");
        assert_eq!(value(&env, "ESC"), "$GROUP costs \"1\"");
        assert_eq!(value(&env, "LATE"), "");
    }

    #[test]
    fn later_entries_override_earlier_ones() {
        let (env, _) = parse("A=1\nA=2\n");
        assert_eq!(value(&env, "A"), "2");
    }

    #[test]
    fn malformed_lines_are_issues_and_skipped() {
        let (env, issues) = parse("JUST_A_WORD\n1BAD=x\nOPEN=\"abc\nOK=1\nTRAIL=\"a\" b\n");
        assert_eq!(env.entries.len(), 1);
        assert_eq!(issues.len(), 4, "{issues:?}");
        assert!(issues.iter().all(|i| i.rule.as_str() == "env-file-syntax"));
        let lines: Vec<u32> = issues.iter().map(|i| i.location.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 5]);
        let third = &issues.get(2).unwrap().location;
        assert_eq!((third.column, third.end_column), (1, 10));
    }

    proptest::proptest! {
        #[test]
        fn quoted_values_round_trip(key in "[A-Za-z_][A-Za-z0-9_]{0,12}", value in r#"[^"\\$\n\r]{0,24}"#) {
            let (env, issues) = parse(&format!("export {key}=\"{value}\" # note\n"));
            proptest::prop_assert!(issues.is_empty(), "issues for {key}={value:?}: {issues:?}");
            proptest::prop_assert_eq!(env.get(&key).map(|e| e.value.clone()), Some(value));
        }

        #[test]
        fn single_quoted_values_are_literal(value in r"[^'\n\r]{0,24}") {
            let (env, _) = parse(&format!("A=x\nB='{value}'\n"));
            proptest::prop_assert_eq!(env.get("B").map(|e| e.value.clone()), Some(value));
        }

        #[test]
        fn any_text_parses_without_panicking(text in r"[\PC\n]{0,80}") {
            let (env, issues) = parse(&text);
            proptest::prop_assert!(env.entries.len().saturating_add(issues.len()) <= text.lines().count(), "one result per line at most");
        }
    }
}
