//! Recursive-descent parser from HCL text to [`Policy`].
#![warn(clippy::arithmetic_side_effects)]

use crate::capability::Capability;
use crate::error::VaultError;
use crate::policy::lexer::{Spanned, Token, tokenize};
use crate::policy::model::{
    Attribute, KNOWN_PATH_KEYS, Located, ObjectItem, OldPolicy, PathRule, Policy, Position, Value,
};

/// Parses a policy document. Errors carry the line and column of the offending token.
///
/// Accepts what Vault accepts at the top level (`path` blocks, an optional `name`)
/// and, inside a `path` block, `capabilities`, `policy` and [`KNOWN_PATH_KEYS`].
/// Glob mistakes are not errors here; [`crate::lint`] reports them.
pub fn parse_policy(text: &str) -> Result<Policy, VaultError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, next: 0 };
    let items = parser.items(None)?;
    let mut policy = Policy::default();
    for item in items {
        document_item(&mut policy, item)?;
    }
    Ok(policy)
}

/// An item before interpretation: keys with positions.
struct RawItem {
    keys: Vec<Located<String>>,
    value: Located<Value>,
}

struct Parser {
    tokens: Vec<Spanned>,
    next: usize,
}

impl Parser {
    fn peek(&self) -> (Token, Position) {
        match self.tokens.get(self.next).or_else(|| self.tokens.last()) {
            Some(t) => (t.token.clone(), t.position),
            None => (Token::Eof, Position::new(1, 1)),
        }
    }

    fn bump(&mut self) -> (Token, Position) {
        let current = self.peek();
        self.next = self.next.saturating_add(1);
        current
    }

    /// Items until `closing` (or end of file when `closing` is `None`).
    fn items(&mut self, closing: Option<Position>) -> Result<Vec<RawItem>, VaultError> {
        let mut items = Vec::new();
        loop {
            let (token, position) = self.peek();
            match token {
                Token::Eof if closing.is_none() => return Ok(items),
                Token::Eof => {
                    let opened = closing.unwrap_or(position);
                    return Err(VaultError::policy(
                        opened,
                        format!(
                            "`{{` opened here is never closed (reached end of file at {position})"
                        ),
                    ));
                }
                Token::RBrace if closing.is_some() => {
                    self.bump();
                    return Ok(items);
                }
                Token::Comma if closing.is_some() && !items.is_empty() => {
                    self.bump();
                }
                Token::Ident(_) | Token::Str(_) => items.push(self.item()?),
                other => {
                    return Err(VaultError::policy(
                        position,
                        format!("expected a key, found {}", other.describe()),
                    ));
                }
            }
        }
    }

    fn item(&mut self) -> Result<RawItem, VaultError> {
        let mut keys = Vec::new();
        loop {
            let (token, position) = self.peek();
            match token {
                Token::Ident(word) if keys.is_empty() => keys.push(Located::new(word, position)),
                Token::Str(text) => keys.push(Located::new(text, position)),
                Token::Equals => {
                    self.bump();
                    let value = self.value()?;
                    return Ok(RawItem { keys, value });
                }
                Token::LBrace => {
                    self.bump();
                    let body = self.items(Some(position))?;
                    let value = Located::new(
                        Value::Object(body.into_iter().map(into_object_item).collect()),
                        position,
                    );
                    return Ok(RawItem { keys, value });
                }
                other => {
                    let key = keys.first().map(|k| k.value.clone()).unwrap_or_default();
                    return Err(VaultError::policy(
                        position,
                        format!(
                            "expected `=` or `{{` after `{key}`, found {}",
                            other.describe()
                        ),
                    ));
                }
            }
            self.bump();
        }
    }

    fn value(&mut self) -> Result<Located<Value>, VaultError> {
        let (token, position) = self.bump();
        let value = match token {
            Token::Str(text) => Value::String(text),
            Token::Number(text) => Value::Number(text),
            Token::Ident(word) if word == "true" => Value::Bool(true),
            Token::Ident(word) if word == "false" => Value::Bool(false),
            Token::LBracket => Value::List(self.list(position)?),
            Token::LBrace => Value::Object(
                self.items(Some(position))?
                    .into_iter()
                    .map(into_object_item)
                    .collect(),
            ),
            other => {
                return Err(VaultError::policy(
                    position,
                    format!("expected a value, found {}", other.describe()),
                ));
            }
        };
        Ok(Located::new(value, position))
    }

    fn list(&mut self, opened: Position) -> Result<Vec<Located<Value>>, VaultError> {
        let mut elements = Vec::new();
        loop {
            let (token, position) = self.peek();
            match token {
                Token::RBracket => {
                    self.bump();
                    return Ok(elements);
                }
                Token::Eof => {
                    return Err(VaultError::policy(
                        opened,
                        "`[` opened here is never closed",
                    ));
                }
                _ => elements.push(self.value()?),
            }
            match self.peek() {
                (Token::Comma, _) => {
                    self.bump();
                }
                (Token::RBracket, _) => {}
                (other, at) => {
                    return Err(VaultError::policy(
                        at,
                        format!(
                            "expected `,` or `]` in the list opened at {opened} (line {}), found {}",
                            position.line,
                            other.describe()
                        ),
                    ));
                }
            }
        }
    }
}

fn into_object_item(item: RawItem) -> ObjectItem {
    ObjectItem {
        keys: item.keys.into_iter().map(|k| k.value).collect(),
        value: item.value,
    }
}

fn document_item(policy: &mut Policy, item: RawItem) -> Result<(), VaultError> {
    let mut keys = item.keys.into_iter();
    let Some(key) = keys.next() else {
        return Err(VaultError::policy(item.value.position, "expected a key"));
    };
    let labels: Vec<Located<String>> = keys.collect();
    match key.value.as_str() {
        "name" => {
            if let Some(label) = labels.first() {
                return Err(VaultError::policy(label.position, "write `name = \"…\"`"));
            }
            if let Some(previous) = &policy.name {
                return Err(VaultError::policy(
                    key.position,
                    format!("`name` is set twice (first at {})", previous.position),
                ));
            }
            match item.value.value {
                Value::String(name) => policy.name = Some(Located::new(name, key.position)),
                _ => {
                    return Err(VaultError::policy(
                        item.value.position,
                        "`name` must be a string",
                    ));
                }
            }
            Ok(())
        }
        "path" => {
            let mut labels = labels.into_iter();
            let Some(pattern) = labels.next() else {
                return Err(VaultError::policy(
                    key.position,
                    "`path` needs the pattern: `path \"secret/data/app/*\" { capabilities = [\"read\"] }`",
                ));
            };
            if let Some(extra) = labels.next() {
                return Err(VaultError::policy(
                    extra.position,
                    "`path` takes exactly one pattern string",
                ));
            }
            let Value::Object(body) = item.value.value else {
                return Err(VaultError::policy(
                    item.value.position,
                    format!(
                        "the body of path \"{}\" must be a `{{ … }}` block",
                        pattern.value
                    ),
                ));
            };
            policy
                .rules
                .push(path_rule(pattern, body, item.value.position)?);
            Ok(())
        }
        other => Err(VaultError::policy(
            key.position,
            format!(
                "unknown top-level key `{other}`: a policy holds only `path \"…\" {{ … }}` blocks and an optional `name`"
            ),
        )),
    }
}

fn path_rule(
    pattern: Located<String>,
    body: Vec<ObjectItem>,
    opened: Position,
) -> Result<PathRule, VaultError> {
    let mut rule = PathRule {
        path: pattern,
        capabilities: Vec::new(),
        policy: None,
        attributes: Vec::new(),
    };
    let mut seen: Vec<(String, Position)> = Vec::new();
    for item in body {
        let position = item.value.position;
        let mut keys = item.keys.into_iter();
        let key = keys.next().unwrap_or_default();
        if keys.next().is_some() {
            return Err(VaultError::policy(
                position,
                format!("`{key}` takes no label in a path block"),
            ));
        }
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            return Err(VaultError::policy(
                position,
                format!(
                    "`{key}` is set twice in path \"{}\" (first at {first})",
                    rule.path.value
                ),
            ));
        }
        seen.push((key.clone(), position));
        match key.as_str() {
            "capabilities" => rule.capabilities = capabilities(item.value)?,
            "policy" => rule.policy = Some(old_policy(item.value)?),
            known if KNOWN_PATH_KEYS.contains(&known) => {
                rule.attributes.push(Attribute {
                    key: Located::new(key, position),
                    value: item.value,
                });
            }
            unknown => {
                return Err(VaultError::policy(
                    position,
                    format!(
                        "unknown key `{unknown}` in path \"{}\" (opened at {opened}); valid keys: capabilities, policy, {}",
                        rule.path.value,
                        KNOWN_PATH_KEYS.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(rule)
}

fn capabilities(value: Located<Value>) -> Result<Vec<Located<Capability>>, VaultError> {
    let Value::List(elements) = value.value else {
        return Err(VaultError::policy(
            value.position,
            "`capabilities` must be a list: capabilities = [\"read\", \"list\"]",
        ));
    };
    elements
        .into_iter()
        .map(|element| match element.value {
            Value::String(word) => Capability::from_keyword(&word)
                .map(|c| Located::new(c, element.position))
                .ok_or_else(|| {
                    let known: Vec<&str> = Capability::ALL.iter().map(|c| c.as_str()).collect();
                    VaultError::policy(
                        element.position,
                        format!(
                            "unknown capability \"{word}\" (known: {})",
                            known.join(", ")
                        ),
                    )
                }),
            _ => Err(VaultError::policy(
                element.position,
                "each capability must be a quoted string",
            )),
        })
        .collect()
}

fn old_policy(value: Located<Value>) -> Result<Located<OldPolicy>, VaultError> {
    match value.value {
        Value::String(word) => OldPolicy::from_keyword(&word)
            .map(|p| Located::new(p, value.position))
            .ok_or_else(|| VaultError::policy(value.position, format!("invalid policy \"{word}\" (one of deny, read, write, sudo; prefer `capabilities`)"))),
        _ => Err(VaultError::policy(value.position, "`policy` must be a string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blocks_with_comments_and_extra_keys() {
        let text = r#"
# namespace read policy
name = "poc-dev-read"
path "secret/data/p/+/dev/*" {   // trailing comment
  capabilities = ["read", ]
}
/* block
   comment */
path "sys/mounts" {
  capabilities = ["deny"]
  allowed_parameters = { "ttl" = ["1h", 2], "*" = [] }
  min_wrapping_ttl = "1s"
  control_group = { factor "ops" { identity { group_names = ["ops"] approvals = 1 } } }
}
"#;
        let policy = parse_policy(text).unwrap();
        assert_eq!(policy.name.as_ref().unwrap().value, "poc-dev-read");
        assert_eq!(policy.rules.len(), 2);
        let first = &policy.rules[0];
        assert_eq!(first.path.value, "secret/data/p/+/dev/*");
        assert_eq!(first.path.position, Position::new(4, 6));
        assert_eq!(first.capabilities[0].value, Capability::Read);
        assert_eq!(policy.rules[1].attributes.len(), 3);
        assert!(policy.rules[1].effective_capabilities().is_deny());
    }

    #[test]
    fn old_policy_shorthand_maps_to_capabilities() {
        let policy = parse_policy("path \"a\" { policy = \"write\" }").unwrap();
        assert_eq!(
            policy.rules[0].effective_capabilities().to_report(),
            vec!["create", "delete", "list", "read", "update"]
        );
    }

    fn error(text: &str) -> (u32, u32, String) {
        let err = parse_policy(text).unwrap_err();
        (
            err.position().line,
            err.position().column,
            err.message().to_owned(),
        )
    }

    #[test]
    fn errors_have_line_column_and_say_what_is_wrong() {
        let (l, c, m) = error("path \"a\" {\n  capabilities = [\"raed\"]\n}");
        assert_eq!((l, c), (2, 19));
        assert!(m.contains("unknown capability \"raed\""), "{m}");
        let (l, c, m) = error("path \"a\" {\n  capabilitie = [\"read\"]\n}");
        assert_eq!((l, c), (2, 17));
        assert!(m.contains("unknown key `capabilitie`"), "{m}");
        let (l, c, m) = error("path \"a\" {\n  capabilities = [\"read\"]\n");
        assert_eq!((l, c), (1, 10));
        assert!(m.contains("never closed"), "{m}");
        let (l, c, m) = error("policy \"a\" {}");
        assert_eq!((l, c), (1, 1));
        assert!(m.contains("unknown top-level key `policy`"), "{m}");
        let (_, _, m) = error("path \"a\" { capabilities = [\"read\"] capabilities = [] }");
        assert!(m.contains("set twice"), "{m}");
        let (l, c, m) = error("path \"a\" { capabilities = [\"read\" \"list\"] }");
        assert_eq!((l, c), (1, 35));
        assert!(m.contains("expected `,` or `]`"), "{m}");
        let (_, _, m) = error("path { }");
        assert!(m.contains("needs the pattern"), "{m}");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_text_gives_a_policy_or_a_positioned_error(text in r"[ -~\n\tä]{0,80}") {
            if let Err(err) = parse_policy(&text) {
                let lines = u32::try_from(text.lines().count().max(1)).unwrap_or(u32::MAX);
                proptest::prop_assert!(err.position().line >= 1 && err.position().line <= lines.saturating_add(1), "line out of range: {}", err);
                proptest::prop_assert!(err.position().column >= 1, "column 0: {}", err);
            }
        }
    }
}
