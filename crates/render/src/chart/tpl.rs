//! Helm's `tpl`, for the template text users put in `configfiles.data`: the
//! text with its `{{ … }}` actions evaluated against the release. What real
//! values use is evaluated exactly: plain text, comments, trim markers,
//! fields of `.Values`, `.Release` and `.Chart` (also through `$`), string
//! and number literals, parentheses and pipelines through the common
//! Sprig functions. Anything else (`if`, `range`, `include`, other
//! functions) is [`TplError::Unsupported`]: the caller shows the text
//! unevaluated with a problem, never silently.

use std::iter::Peekable;
use std::str::CharIndices;

use serde_json::Value;

use super::Tpl;
use crate::action_lexer::{LexError, Piece, pieces};
use crate::error::RenderError;
use crate::gotmpl::{self, Val};

/// Why a `tpl` text could not be evaluated here.
#[derive(Debug)]
pub(crate) enum TplError {
    /// Helm fails on it too (a parse error, a field of nil, a wrong argument).
    Fails(RenderError),
    /// gitops-guard does not evaluate this construct.
    Unsupported(String),
}

impl From<RenderError> for TplError {
    fn from(error: RenderError) -> Self {
        TplError::Fails(error)
    }
}

/// Evaluates `text` as `tpl text $` does.
pub(crate) fn evaluate(t: &Tpl<'_>, text: &str) -> Result<String, TplError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let (before, after) = rest.split_at(open);
        let after = after.get(2..).unwrap_or_default();
        let trim_left = after.starts_with('-') && after[1..].starts_with(char::is_whitespace);
        out.push_str(if trim_left { before.trim_end() } else { before });
        let body_start = if trim_left { 1 } else { 0 };
        let Some(close) = after.find("}}") else {
            return Err(parse_error(t, "unclosed action"));
        };
        let mut body = after.get(body_start..close).unwrap_or_default();
        let trim_right =
            body.ends_with('-') && body[..body.len() - 1].ends_with(char::is_whitespace);
        if trim_right {
            body = &body[..body.len() - 1];
        }
        rest = after.get(close + 2..).unwrap_or_default();
        if trim_right {
            rest = rest.trim_start();
        }
        let body = body.trim();
        if body.starts_with("/*") {
            if !body.ends_with("*/") {
                return Err(parse_error(t, "unclosed comment"));
            }
            continue;
        }
        let value = Parser::new(t, body).pipeline_to_end()?;
        out.push_str(&gotmpl::print(value.as_ref()));
    }
    out.push_str(rest);
    Ok(out.replace(gotmpl::NO_VALUE, ""))
}

fn parse_error(t: &Tpl<'_>, reason: &str) -> TplError {
    TplError::Fails(RenderError::Template {
        template: t.path.to_owned(),
        detail: format!("error calling tpl: cannot parse template: {reason}"),
    })
}

/// A token of an action.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// `.a.b`, `$.a.b`, `.`, `$`.
    Field(String),
    /// A function or keyword name.
    Ident(String),
    /// A string literal, decoded.
    Str(String),
    /// A number literal.
    Num(f64),
    Pipe,
    Open,
    Close,
}

struct Parser<'t, 'a> {
    t: &'t Tpl<'a>,
    tokens: Vec<Token>,
    pos: usize,
    error: Option<String>,
}

fn lex(body: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    for piece in pieces(body, escape) {
        match piece.map_err(lex_error)? {
            Piece::Pipe => tokens.push(Token::Pipe),
            Piece::Open => tokens.push(Token::Open),
            Piece::Close => tokens.push(Token::Close),
            Piece::Str(text) => tokens.push(Token::Str(text)),
            Piece::Word(word) => operands(word, &mut tokens)?,
        }
    }
    Ok(tokens)
}

/// The escapes of a `"…"` literal Helm's `tpl` meets in real values.
fn escape(c: char) -> Option<char> {
    match c {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        '\\' | '"' => Some(c),
        _ => None,
    }
}

/// The parse error a string literal that does not lex gives `tpl`.
fn lex_error(error: LexError) -> String {
    match error {
        LexError::Unterminated { .. } => "unterminated quoted string".to_owned(),
        LexError::Escape(other) => format!("unsupported escape {other:?}"),
    }
}

/// The fields, numbers and names a word holds, e.g. `.a.b`, `-1`, `quote`
/// (`.a-1` is a field and a number).
fn operands(word: &str, tokens: &mut Vec<Token>) -> Result<(), String> {
    let mut chars = word.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            '.' | '$' => {
                let field = run(word, &mut chars, i, |ch| {
                    ch.is_alphanumeric() || matches!(ch, '.' | '_' | '$')
                });
                tokens.push(Token::Field(field.to_owned()));
            }
            c if c.is_ascii_digit() || c == '-' => {
                let text = run(word, &mut chars, i, |ch| {
                    ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-' | '+')
                });
                let number = text
                    .parse::<f64>()
                    .map_err(|_| format!("bad number syntax: {text:?}"))?;
                tokens.push(Token::Num(number));
            }
            c if c.is_alphabetic() || c == '_' => {
                let name = run(word, &mut chars, i, |ch| ch.is_alphanumeric() || ch == '_');
                tokens.push(Token::Ident(name.to_owned()));
            }
            other => return Err(format!("unexpected {other:?} in operand")),
        }
    }
    Ok(())
}

/// The run of `word` from `start` whose characters `keep` takes, consumed.
fn run<'w>(
    word: &'w str,
    chars: &mut Peekable<CharIndices<'_>>,
    start: usize,
    keep: fn(char) -> bool,
) -> &'w str {
    let mut end = start;
    while let Some((j, ch)) = chars.next_if(|&(_, ch)| keep(ch)) {
        end = j + ch.len_utf8();
    }
    word.get(start..end).unwrap_or_default()
}

/// The functions evaluated here (others are unsupported, not errors).
const FUNCTIONS: [&str; 15] = [
    "quote",
    "squote",
    "default",
    "upper",
    "lower",
    "trim",
    "trimPrefix",
    "trimSuffix",
    "replace",
    "toString",
    "printf",
    "b64enc",
    "toJson",
    "indent",
    "nindent",
];

impl<'t, 'a> Parser<'t, 'a> {
    fn new(t: &'t Tpl<'a>, body: &str) -> Self {
        let (tokens, error) = match lex(body) {
            Ok(tokens) => (tokens, None),
            Err(error) => (Vec::new(), Some(error)),
        };
        Self {
            t,
            tokens,
            pos: 0,
            error,
        }
    }

    fn pipeline_to_end(mut self) -> Result<Option<Value>, TplError> {
        if let Some(error) = self.error.take() {
            return Err(parse_error(self.t, &error));
        }
        if let Some(Token::Ident(word)) = self.tokens.first()
            && matches!(
                word.as_str(),
                "if" | "else"
                    | "end"
                    | "range"
                    | "with"
                    | "define"
                    | "template"
                    | "block"
                    | "break"
                    | "continue"
            )
        {
            return Err(TplError::Unsupported(format!("`{{{{ {word} … }}}}`")));
        }
        if self.tokens.iter().any(|t| matches!(t, Token::Field(f) if f.starts_with('$') && f.len() > 1 && !f.starts_with("$.")))
        {
            return Err(TplError::Unsupported("template variables".to_owned()));
        }
        let value = self.pipeline()?;
        if self.pos < self.tokens.len() {
            return Err(parse_error(self.t, "unexpected token after the pipeline"));
        }
        Ok(value)
    }

    fn pipeline(&mut self) -> Result<Option<Value>, TplError> {
        let mut value = self.command(None)?;
        while self.tokens.get(self.pos) == Some(&Token::Pipe) {
            self.pos += 1;
            value = self.command(Some(value))?;
        }
        Ok(value)
    }

    /// One command; `piped` is the previous command's result, passed last.
    fn command(&mut self, piped: Option<Option<Value>>) -> Result<Option<Value>, TplError> {
        match self.tokens.get(self.pos).cloned() {
            Some(Token::Ident(name)) if !matches!(name.as_str(), "true" | "false" | "nil") => {
                self.pos += 1;
                let mut args = Vec::new();
                while !matches!(
                    self.tokens.get(self.pos),
                    None | Some(Token::Pipe | Token::Close)
                ) {
                    args.push(self.operand()?);
                }
                if let Some(piped) = piped {
                    args.push(piped);
                }
                self.call(&name, args)
            }
            Some(_) => {
                if piped.is_some() {
                    return Err(parse_error(self.t, "non-function command in a pipeline"));
                }
                let value = self.operand()?;
                if !matches!(
                    self.tokens.get(self.pos),
                    None | Some(Token::Pipe | Token::Close)
                ) {
                    return Err(parse_error(
                        self.t,
                        "can't give an argument to a non-function",
                    ));
                }
                Ok(value)
            }
            None => Err(parse_error(self.t, "missing value for command")),
        }
    }

    fn operand(&mut self) -> Result<Option<Value>, TplError> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        match token {
            Some(Token::Str(text)) => Ok(Some(Value::String(text))),
            Some(Token::Num(n)) => Ok(serde_json::Number::from_f64(n).map(Value::Number)),
            Some(Token::Ident(word)) => match word.as_str() {
                "true" => Ok(Some(Value::Bool(true))),
                "false" => Ok(Some(Value::Bool(false))),
                "nil" => Ok(None),
                other => Err(TplError::Unsupported(format!("`{other}` as an argument"))),
            },
            Some(Token::Field(field)) => self.field(&field),
            Some(Token::Open) => {
                let value = self.pipeline()?;
                if self.tokens.get(self.pos) != Some(&Token::Close) {
                    return Err(parse_error(self.t, "unclosed left paren"));
                }
                self.pos += 1;
                Ok(value)
            }
            Some(Token::Pipe | Token::Close) | None => Err(parse_error(self.t, "missing operand")),
        }
    }

    /// `.Values.a`, `.Release.Name`, `.Chart.Version`, through `$` too.
    fn field(&self, field: &str) -> Result<Option<Value>, TplError> {
        let chain = field.trim_start_matches('$').trim_start_matches('.');
        let (head, rest) = chain.split_once('.').unwrap_or((chain, ""));
        let t = self.t;
        match head {
            "Values" if rest.is_empty() => {
                Err(TplError::Unsupported("`.Values` as a whole".to_owned()))
            }
            "Values" => Ok(t.val(rest)?.cloned()),
            "Release" | "Chart" => {
                let text = match (head, rest) {
                    ("Release", "Name") => t.release().to_owned(),
                    ("Release", "Namespace") => t.namespace().to_owned(),
                    ("Release", "Service") => "Helm".to_owned(),
                    ("Chart", "Name") => "app".to_owned(),
                    ("Chart", "Version") => t.chart().to_string(),
                    _ => return Err(TplError::Unsupported(format!("`{field}`"))),
                };
                Ok(Some(Value::String(text)))
            }
            _ => Err(TplError::Unsupported(format!("`{field}`"))),
        }
    }

    fn call(&self, name: &str, args: Vec<Option<Value>>) -> Result<Option<Value>, TplError> {
        if !FUNCTIONS.contains(&name) {
            return Err(TplError::Unsupported(format!("the function `{name}`")));
        }
        let t = self.t;
        let expr = name;
        let arg = |i: usize| args.get(i).and_then(Option::as_ref);
        let string =
            |i: usize| -> Result<String, TplError> { Ok(t.string(arg(i), expr)?.to_owned()) };
        let want = |n: usize| -> Result<(), TplError> {
            if args.len() == n {
                Ok(())
            } else {
                Err(TplError::Fails(t.exec(gotmpl::Exec::new(
                    expr,
                    format!(
                        "wrong number of args for {name}: want {n} got {}",
                        args.len()
                    ),
                ))))
            }
        };
        let text = |s: String| Ok(Some(Value::String(s)));
        match name {
            "quote" => text(
                args.iter()
                    .filter_map(|a| gotmpl::quote(a.as_ref()).map(|s| super::secrets::go_quote(&s)))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            "squote" => text(
                args.iter()
                    .filter_map(|a| gotmpl::quote(a.as_ref()).map(|s| format!("'{s}'")))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            "default" => {
                if args.is_empty() {
                    want(1)?;
                }
                let given = args.get(1).cloned().flatten();
                Ok(if gotmpl::truthy(given.as_ref()) {
                    given
                } else {
                    args.first().cloned().flatten()
                })
            }
            "toString" => {
                want(1)?;
                text(gotmpl::to_string(arg(0)))
            }
            "toJson" => {
                want(1)?;
                text(gotmpl::to_json(arg(0)))
            }
            "printf" => {
                let format = string(0)?;
                let rest: Vec<Val<'_>> = args.iter().skip(1).map(Option::as_ref).collect();
                text(gotmpl::printf(&format, &rest))
            }
            "upper" | "lower" | "trim" | "b64enc" => {
                want(1)?;
                let s = string(0)?;
                text(match name {
                    "upper" => s.to_uppercase(),
                    "lower" => s.to_lowercase(),
                    "trim" => s.trim().to_owned(),
                    _ => base64(&s),
                })
            }
            "trimPrefix" | "trimSuffix" => {
                want(2)?;
                let (affix, s) = (string(0)?, string(1)?);
                text(match name {
                    "trimPrefix" => s.strip_prefix(affix.as_str()).unwrap_or(&s).to_owned(),
                    _ => s.strip_suffix(affix.as_str()).unwrap_or(&s).to_owned(),
                })
            }
            "replace" => {
                want(3)?;
                let (old, new, s) = (string(0)?, string(1)?, string(2)?);
                text(s.replace(&old, &new))
            }
            "indent" | "nindent" => {
                want(2)?;
                let Some(Value::Number(width)) = arg(0) else {
                    return Err(TplError::Unsupported(format!(
                        "`{name}` with a width that is not a number"
                    )));
                };
                let width = usize::try_from(width.as_i64().unwrap_or(0)).unwrap_or(0);
                let s = string(1)?;
                let pad = " ".repeat(width);
                let body = format!("{pad}{}", s.replace('\n', &format!("\n{pad}")));
                text(if name == "nindent" {
                    format!("\n{body}")
                } else {
                    body
                })
            }
            _ => Err(TplError::Unsupported(format!("the function `{name}`"))),
        }
    }
}

/// Standard base64 with padding, as Sprig's `b64enc`.
fn base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = usize::try_from((n >> (18 - 6 * i)) & 63).unwrap_or(0);
                out.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_pads() {
        assert_eq!(base64("a"), "YQ==");
        assert_eq!(base64("ab"), "YWI=");
        assert_eq!(base64("abc"), "YWJj");
    }
}
