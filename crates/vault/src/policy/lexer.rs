//! Tokens of the HCL subset Vault policies use, with positions.
#![warn(clippy::arithmetic_side_effects)]

use crate::error::VaultError;
use crate::policy::Position;

/// A token kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    Ident(String),
    Str(String),
    Number(String),
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Equals,
    Comma,
    Eof,
}

impl Token {
    /// How the token is named in error messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Token::Ident(word) => format!("`{word}`"),
            Token::Str(text) => format!("string \"{text}\""),
            Token::Number(text) => format!("number {text}"),
            Token::LBrace => "`{`".to_owned(),
            Token::RBrace => "`}`".to_owned(),
            Token::LBracket => "`[`".to_owned(),
            Token::RBracket => "`]`".to_owned(),
            Token::Equals => "`=`".to_owned(),
            Token::Comma => "`,`".to_owned(),
            Token::Eof => "end of file".to_owned(),
        }
    }
}

/// A token and where it starts.
#[derive(Debug, Clone)]
pub(crate) struct Spanned {
    pub(crate) token: Token,
    pub(crate) position: Position,
}

struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    position: Position,
}

impl Cursor<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.position = Position::new(self.position.line.saturating_add(1), 1);
        } else {
            self.position = self.position.advanced(1);
        }
        Some(c)
    }

    fn bump_while(&mut self, keep: impl Fn(char) -> bool, out: &mut String) {
        while let Some(c) = self.peek().filter(|c| keep(*c)) {
            out.push(c);
            self.bump();
        }
    }
}

/// Splits `text` into tokens, skipping whitespace and `#`, `//`, `/* */` comments.
pub(crate) fn tokenize(text: &str) -> Result<Vec<Spanned>, VaultError> {
    let mut cursor = Cursor {
        chars: text.chars().peekable(),
        position: Position::new(1, 1),
    };
    let mut tokens = Vec::new();
    loop {
        skip_trivia(&mut cursor)?;
        let position = cursor.position;
        let Some(c) = cursor.peek() else {
            tokens.push(Spanned {
                token: Token::Eof,
                position,
            });
            return Ok(tokens);
        };
        let token = match c {
            '{' | '}' | '[' | ']' | '=' | ',' => {
                cursor.bump();
                match c {
                    '{' => Token::LBrace,
                    '}' => Token::RBrace,
                    '[' => Token::LBracket,
                    ']' => Token::RBracket,
                    '=' => Token::Equals,
                    _ => Token::Comma,
                }
            }
            '"' => Token::Str(string(&mut cursor)?),
            '<' => {
                return Err(VaultError::policy(
                    position,
                    "heredoc strings (`<<EOF`) are not supported in policies; use a quoted string",
                ));
            }
            c if c == '-' || c.is_ascii_digit() => Token::Number(number(&mut cursor)?),
            c if c.is_alphabetic() || c == '_' => {
                let mut word = String::new();
                cursor.bump_while(
                    |c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'),
                    &mut word,
                );
                Token::Ident(word)
            }
            other => {
                return Err(VaultError::policy(
                    position,
                    format!("unexpected character `{other}`"),
                ));
            }
        };
        tokens.push(Spanned { token, position });
    }
}

fn skip_trivia(cursor: &mut Cursor<'_>) -> Result<(), VaultError> {
    loop {
        match cursor.peek() {
            Some(c) if c.is_whitespace() => {
                cursor.bump();
            }
            Some('#') => skip_line(cursor),
            Some('/') => {
                let start = cursor.position;
                cursor.bump();
                match cursor.bump() {
                    Some('/') => skip_line(cursor),
                    Some('*') => skip_block_comment(cursor, start)?,
                    _ => {
                        return Err(VaultError::policy(
                            start,
                            "unexpected `/`: comments start with `#`, `//` or `/*`",
                        ));
                    }
                }
            }
            _ => return Ok(()),
        }
    }
}

fn skip_line(cursor: &mut Cursor<'_>) {
    while let Some(c) = cursor.bump() {
        if c == '\n' {
            return;
        }
    }
}

fn skip_block_comment(cursor: &mut Cursor<'_>, start: Position) -> Result<(), VaultError> {
    let mut previous = None;
    while let Some(c) = cursor.bump() {
        if previous == Some('*') && c == '/' {
            return Ok(());
        }
        previous = Some(c);
    }
    Err(VaultError::policy(start, "unterminated `/*` comment"))
}

fn string(cursor: &mut Cursor<'_>) -> Result<String, VaultError> {
    let start = cursor.position;
    cursor.bump();
    let mut out = String::new();
    loop {
        let here = cursor.position;
        match cursor.bump() {
            None | Some('\n') => {
                return Err(VaultError::policy(
                    start,
                    "unterminated string: a closing `\"` is missing on this line",
                ));
            }
            Some('"') => return Ok(out),
            Some('\\') => out.push(escape(cursor, here)?),
            Some(c) => out.push(c),
        }
    }
}

fn escape(cursor: &mut Cursor<'_>, at: Position) -> Result<char, VaultError> {
    match cursor.bump() {
        Some('"') => Ok('"'),
        Some('\\') => Ok('\\'),
        Some('n') => Ok('\n'),
        Some('t') => Ok('\t'),
        Some('r') => Ok('\r'),
        Some('u') => unicode_escape(cursor, at, 4),
        Some('U') => unicode_escape(cursor, at, 8),
        Some(other) => Err(VaultError::policy(
            at,
            format!("unknown escape `\\{other}` (use \\\\, \\\", \\n, \\t, \\r, \\uXXXX)"),
        )),
        None => Err(VaultError::policy(at, "unterminated escape at end of file")),
    }
}

fn unicode_escape(
    cursor: &mut Cursor<'_>,
    at: Position,
    digits: usize,
) -> Result<char, VaultError> {
    let mut hex = String::new();
    for _ in 0..digits {
        match cursor.bump() {
            Some(c) if c.is_ascii_hexdigit() => hex.push(c),
            _ => {
                return Err(VaultError::policy(
                    at,
                    format!("`\\u` escape needs {digits} hex digits"),
                ));
            }
        }
    }
    u32::from_str_radix(&hex, 16)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| VaultError::policy(at, format!("`{hex}` is not a Unicode scalar value")))
}

fn number(cursor: &mut Cursor<'_>) -> Result<String, VaultError> {
    let start = cursor.position;
    let mut text = String::new();
    if cursor.peek() == Some('-') {
        text.push('-');
        cursor.bump();
    }
    let before = text.len();
    cursor.bump_while(|c| c.is_ascii_digit(), &mut text);
    if text.len() == before {
        return Err(VaultError::policy(start, "`-` must be followed by a digit"));
    }
    if cursor.peek() == Some('.') {
        text.push('.');
        cursor.bump();
        let before = text.len();
        cursor.bump_while(|c| c.is_ascii_digit(), &mut text);
        if text.len() == before {
            return Err(VaultError::policy(
                start,
                format!("`{text}`: a digit must follow the decimal point"),
            ));
        }
    }
    if let Some(e) = cursor.peek().filter(|c| matches!(c, 'e' | 'E')) {
        text.push(e);
        cursor.bump();
        if let Some(sign) = cursor.peek().filter(|c| matches!(c, '+' | '-')) {
            text.push(sign);
            cursor.bump();
        }
        let before = text.len();
        cursor.bump_while(|c| c.is_ascii_digit(), &mut text);
        if text.len() == before {
            return Err(VaultError::policy(
                start,
                format!("`{text}`: the exponent needs digits"),
            ));
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Token> {
        tokenize(text)
            .unwrap()
            .into_iter()
            .map(|t| t.token)
            .collect()
    }

    #[test]
    fn comments_of_three_kinds_are_skipped() {
        let tokens = kinds("# a\n// b\n/* c\n d */ path");
        assert_eq!(tokens, vec![Token::Ident("path".into()), Token::Eof]);
    }

    #[test]
    fn positions_are_one_based_characters() {
        let tokens = tokenize("ä = \"x\"\n  [").unwrap();
        let positions: Vec<_> = tokens
            .iter()
            .map(|t| (t.position.line, t.position.column))
            .collect();
        assert_eq!(positions, vec![(1, 1), (1, 3), (1, 5), (2, 3), (2, 4)]);
    }

    #[test]
    fn string_escapes_resolve() {
        assert_eq!(
            kinds(r#""a\"b\\c\n\u00e9""#),
            vec![Token::Str("a\"b\\c\né".into()), Token::Eof]
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let err = tokenize("path \"abc\n").unwrap_err();
        assert_eq!(err.position(), Position::new(1, 6));
        assert!(err.message().contains("unterminated string"), "{err}");
        let err = tokenize("x /* open").unwrap_err();
        assert_eq!(err.position(), Position::new(1, 3));
        let err = tokenize("  $").unwrap_err();
        assert_eq!(err.to_string(), "1:3: unexpected character `$`");
    }
}
