//! Go's text/template as an ApplicationSet with `goTemplate: true` uses it
//! on every string of its template: text, comments, trim markers, fields of
//! the generator's parameters (`.service`, `.a.b`, `$`), string, number and
//! boolean literals, parentheses, pipelines, `if` / `else if` / `else`, the
//! comparison and logic functions and the common Sprig string functions.
//! `missingkey=error` makes a missing key fail; without it a missing key
//! prints `<no value>`. Anything else (`range`, variables, regular
//! expressions, other functions) is [`GoError::Unsupported`], never a silent
//! guess.

use serde_json::Value;

use crate::action_lexer::{LexError, Piece, pieces};
use crate::gotmpl::{self, Val};

/// Why a template string could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GoError {
    /// ArgoCD fails too: the text does not parse, or executing it fails.
    Fails(String),
    /// gitops-guard does not evaluate this construct.
    Unsupported(String),
}

/// Evaluates `text` with `data` as `.`.
pub(crate) fn render(text: &str, data: &Value, missing_key_error: bool) -> Result<String, GoError> {
    let nodes = Parser::new(text)?.nodes(false)?.0;
    let mut out = String::new();
    let eval = Eval {
        data,
        missing_key_error,
    };
    eval.nodes(&nodes, &mut out)?;
    Ok(out)
}

/// A parsed piece of a template.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Action(Vec<Command>),
    If {
        condition: Vec<Command>,
        then: Vec<Node>,
        otherwise: Vec<Node>,
    },
}

/// One command of a pipeline: a function and its arguments, or one operand.
type Command = Vec<Operand>;

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    /// `.a.b` (empty for `.`), or `$.a.b` when `root`.
    Field {
        root: bool,
        chain: Vec<String>,
    },
    Str(String),
    Num(f64),
    Bool(bool),
    Nil,
    Func(String),
    Pipeline(Vec<Command>),
}

/// The parser state: the text still to read.
struct Parser<'t> {
    rest: &'t str,
    trim_next: bool,
}

/// How a list of nodes ended.
#[derive(Debug, PartialEq)]
enum Closer {
    Eof,
    End,
    Else,
    ElseIf(Vec<Command>),
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Result<Self, GoError> {
        Ok(Self {
            rest: text,
            trim_next: false,
        })
    }

    /// Nodes up to the end of the text, or (`inside`) up to `{{end}}` / `{{else}}`.
    fn nodes(&mut self, inside: bool) -> Result<(Vec<Node>, Closer), GoError> {
        let mut nodes = Vec::new();
        loop {
            let (text, action) = self.next_action()?;
            if !text.is_empty() {
                nodes.push(Node::Text(text));
            }
            let Some(body) = action else {
                return if inside {
                    Err(GoError::Fails("unexpected EOF".to_owned()))
                } else {
                    Ok((nodes, Closer::Eof))
                };
            };
            let body = body.trim();
            if body.starts_with("/*") {
                if !body.ends_with("*/") {
                    return Err(GoError::Fails("unclosed comment".to_owned()));
                }
                continue;
            }
            let mut words = body.splitn(2, char::is_whitespace);
            match (
                words.next().unwrap_or_default(),
                words.next().unwrap_or_default(),
            ) {
                ("end", "") if inside => return Ok((nodes, Closer::End)),
                ("else", "") if inside => return Ok((nodes, Closer::Else)),
                ("else", rest) if inside && rest.trim_start().starts_with("if ") => {
                    let condition = pipeline(rest.trim_start().trim_start_matches("if"))?;
                    return Ok((nodes, Closer::ElseIf(condition)));
                }
                ("end" | "else", _) => {
                    return Err(GoError::Fails(format!("unexpected {{{{{body}}}}}")));
                }
                ("if", rest) => nodes.push(self.if_node(pipeline(rest)?)?),
                (
                    word @ ("range" | "with" | "define" | "template" | "block" | "break"
                    | "continue"),
                    _,
                ) => {
                    return Err(GoError::Unsupported(format!("`{{{{{word}}}}}`")));
                }
                _ => nodes.push(Node::Action(pipeline(body)?)),
            }
        }
    }

    fn if_node(&mut self, condition: Vec<Command>) -> Result<Node, GoError> {
        let (then, end) = self.nodes(true)?;
        let otherwise = match end {
            Closer::End => Vec::new(),
            Closer::Else => match self.nodes(true)? {
                (nodes, Closer::End) => nodes,
                _ => return Err(GoError::Fails("expected {{end}}".to_owned())),
            },
            Closer::ElseIf(next) => vec![self.if_node(next)?],
            Closer::Eof => return Err(GoError::Fails("unexpected EOF".to_owned())),
        };
        Ok(Node::If {
            condition,
            then,
            otherwise,
        })
    }

    /// The text before the next action and the action's body (without its
    /// delimiters and trim markers), trimming as the markers say.
    fn next_action(&mut self) -> Result<(String, Option<&'t str>), GoError> {
        let mut text_part = match self.rest.find("{{") {
            Some(open) => self.rest.get(..open).unwrap_or_default().to_owned(),
            None => self.rest.to_owned(),
        };
        if self.trim_next {
            text_part = text_part.trim_start().to_owned();
        }
        let Some(open) = self.rest.find("{{") else {
            self.rest = "";
            return Ok((text_part, None));
        };
        let after = self.rest.get(open + 2..).unwrap_or_default();
        let trim_left =
            after.starts_with("- ") || after.starts_with("-\t") || after.starts_with("-\n");
        if trim_left {
            text_part = text_part.trim_end().to_owned();
        }
        let body_start = usize::from(trim_left);
        let close =
            find_close(after).ok_or_else(|| GoError::Fails("unclosed action".to_owned()))?;
        let mut body = after.get(body_start..close).unwrap_or_default();
        let trim_right = body.ends_with(" -") || body.ends_with("\t-") || body.ends_with("\n-");
        if trim_right {
            body = body.get(..body.len() - 1).unwrap_or_default();
        }
        self.trim_next = trim_right;
        self.rest = after.get(close + 2..).unwrap_or_default();
        Ok((text_part, Some(body)))
    }
}

/// The index of the `}}` closing an action, skipping quoted strings.
fn find_close(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' | b'`' => {
                let quote = b;
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    if c == b'\\' && quote == b'"' {
                        i += 2;
                        continue;
                    }
                    if c == quote {
                        break;
                    }
                    i += 1;
                }
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// A pipeline: commands separated by `|`.
fn pipeline(text: &str) -> Result<Vec<Command>, GoError> {
    let tokens = lex(text)?;
    let mut at = 0;
    let commands = commands(&tokens, &mut at)?;
    if at != tokens.len() {
        return Err(GoError::Fails(format!("unexpected token in `{text}`")));
    }
    if commands.is_empty() {
        return Err(GoError::Fails("missing value for command".to_owned()));
    }
    Ok(commands)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Operand(Operand),
    Pipe,
    Open,
    Close,
}

fn commands(tokens: &[Token], at: &mut usize) -> Result<Vec<Command>, GoError> {
    let mut found = Vec::new();
    let mut current = Vec::new();
    while let Some(token) = tokens.get(*at) {
        match token {
            Token::Close => break,
            Token::Pipe => {
                if current.is_empty() {
                    return Err(GoError::Fails("missing value for command".to_owned()));
                }
                found.push(std::mem::take(&mut current));
                *at += 1;
            }
            Token::Open => {
                *at += 1;
                let inner = commands(tokens, at)?;
                if tokens.get(*at) != Some(&Token::Close) {
                    return Err(GoError::Fails("unclosed left paren".to_owned()));
                }
                *at += 1;
                current.push(Operand::Pipeline(inner));
            }
            Token::Operand(operand) => {
                current.push(operand.clone());
                *at += 1;
            }
        }
    }
    if !current.is_empty() {
        found.push(current);
    }
    Ok(found)
}

fn lex(text: &str) -> Result<Vec<Token>, GoError> {
    pieces(text, escape)
        .map(|piece| {
            Ok(match piece.map_err(lex_error)? {
                Piece::Pipe => Token::Pipe,
                Piece::Open => Token::Open,
                Piece::Close => Token::Close,
                Piece::Str(value) => Token::Operand(Operand::Str(value)),
                Piece::Word(w) => Token::Operand(word(w)?),
            })
        })
        .collect()
}

/// The escapes of a `"…"` literal: `\n`, `\t`, any other character as itself.
fn escape(c: char) -> Option<char> {
    Some(match c {
        'n' => '\n',
        't' => '\t',
        other => other,
    })
}

/// Go's message for a string literal that does not lex.
fn lex_error(error: LexError) -> GoError {
    GoError::Fails(
        match error {
            LexError::Unterminated { raw: true } => "unterminated raw quoted string",
            LexError::Unterminated { raw: false } | LexError::Escape(_) => {
                "unterminated quoted string"
            }
        }
        .to_owned(),
    )
}

fn word(word: &str) -> Result<Operand, GoError> {
    let chain = |rest: &str| {
        rest.split('.')
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect()
    };
    Ok(match word {
        "true" => Operand::Bool(true),
        "false" => Operand::Bool(false),
        "nil" => Operand::Nil,
        "$" => Operand::Field {
            root: true,
            chain: Vec::new(),
        },
        w if w.starts_with("$.") => Operand::Field {
            root: true,
            chain: chain(&w[2..]),
        },
        w if w.starts_with('$') || w.contains(":=") || w.contains('=') => {
            return Err(GoError::Unsupported(format!("the variable `{w}`")));
        }
        w if w.starts_with('.') => Operand::Field {
            root: false,
            chain: chain(w),
        },
        w if w.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') => w
            .parse::<f64>()
            .map(Operand::Num)
            .map_err(|_| GoError::Fails(format!("bad number syntax: {w}")))?,
        w if w.chars().all(|c| c.is_alphanumeric() || c == '_') => {
            if !super::functions::known(w) {
                return Err(GoError::Unsupported(format!("the function `{w}`")));
            }
            Operand::Func(w.to_owned())
        }
        w => return Err(GoError::Fails(format!("unexpected `{w}` in command"))),
    })
}

/// An evaluated value: Go's nil is `None`.
type Out = Option<Value>;

struct Eval<'d> {
    data: &'d Value,
    missing_key_error: bool,
}

impl Eval<'_> {
    fn nodes(&self, nodes: &[Node], out: &mut String) -> Result<(), GoError> {
        for node in nodes {
            match node {
                Node::Text(text) => out.push_str(text),
                Node::Action(commands) => {
                    let value = self.pipeline(commands)?;
                    out.push_str(&gotmpl::print(value.as_ref()));
                }
                Node::If {
                    condition,
                    then,
                    otherwise,
                } => {
                    let value = self.pipeline(condition)?;
                    let branch = if gotmpl::truthy(value.as_ref()) {
                        then
                    } else {
                        otherwise
                    };
                    self.nodes(branch, out)?;
                }
            }
        }
        Ok(())
    }

    fn pipeline(&self, commands: &[Command]) -> Result<Out, GoError> {
        let mut piped: Option<Out> = None;
        for command in commands {
            piped = Some(self.command(command, piped)?);
        }
        Ok(piped.flatten())
    }

    fn command(&self, command: &[Operand], piped: Option<Out>) -> Result<Out, GoError> {
        let Some((first, rest)) = command.split_first() else {
            return Err(GoError::Fails("empty command".to_owned()));
        };
        if let Operand::Func(name) = first {
            let mut args = rest
                .iter()
                .map(|operand| self.operand(operand))
                .collect::<Result<Vec<Out>, GoError>>()?;
            if let Some(value) = piped {
                args.push(value);
            }
            return super::functions::call(name, &args);
        }
        if !rest.is_empty() || piped.is_some() {
            return Err(GoError::Fails(
                "can't give argument to non-function".to_owned(),
            ));
        }
        self.operand(first)
    }

    fn operand(&self, operand: &Operand) -> Result<Out, GoError> {
        match operand {
            Operand::Field { chain, .. } => self.field(chain),
            Operand::Str(s) => Ok(Some(Value::String(s.clone()))),
            Operand::Num(n) => Ok(serde_json::Number::from_f64(*n).map(Value::Number)),
            Operand::Bool(b) => Ok(Some(Value::Bool(*b))),
            Operand::Nil => Ok(None),
            Operand::Func(name) => super::functions::call(name, &[]),
            Operand::Pipeline(commands) => self.pipeline(commands),
        }
    }

    fn field(&self, chain: &[String]) -> Result<Out, GoError> {
        let mut current: Val<'_> = Some(self.data);
        for key in chain {
            current = match current {
                Some(Value::Object(map)) => match map.get(key) {
                    Some(Value::Null) => None,
                    Some(value) => Some(value),
                    None if self.missing_key_error => {
                        return Err(GoError::Fails(format!(
                            "map has no entry for key \"{key}\""
                        )));
                    }
                    None => None,
                },
                None | Some(Value::Null) if self.missing_key_error => {
                    return Err(GoError::Fails(format!(
                        "nil data; no entry for key \"{key}\""
                    )));
                }
                None | Some(Value::Null) => None,
                Some(other) => {
                    return Err(GoError::Fails(format!(
                        "can't evaluate field {key} in type {}",
                        gotmpl::go_type(Some(other))
                    )));
                }
            };
        }
        Ok(current.cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(text: &str, data: &Value) -> Result<String, GoError> {
        render(text, data, true)
    }

    #[test]
    fn fields_pipelines_and_conditions() {
        let data = json!({"service": "Orders", "env": "dev", "n": 3, "meta": {"team": "a"}});
        assert_eq!(run("{{.service}}-{{ .env }}", &data).unwrap(), "Orders-dev");
        assert_eq!(run("{{ .service | lower }}", &data).unwrap(), "orders");
        assert_eq!(run("{{ .meta.team }}/{{ $.n }}", &data).unwrap(), "a/3");
        assert_eq!(
            run(
                "{{ if eq .env \"prod\" }}p{{ else if eq .env \"dev\" }}d{{ else }}x{{ end }}",
                &data
            )
            .unwrap(),
            "d"
        );
        assert_eq!(run("a  {{- .env -}}  b", &data).unwrap(), "adevb");
        assert_eq!(
            run(
                "{{/* note */}}{{ printf \"%s-%s\" .env (upper .service) }}",
                &data
            )
            .unwrap(),
            "dev-ORDERS"
        );
        assert_eq!(
            run("{{ default \"x\" .missing }}", &json!({"missing": ""})).unwrap(),
            "x"
        );
    }

    #[test]
    fn missing_keys_follow_the_option() {
        let data = json!({"a": "1"});
        assert_eq!(render("{{ .b }}", &data, false).unwrap(), "<no value>");
        assert!(
            matches!(render("{{ .b }}", &data, true), Err(GoError::Fails(m)) if m.contains("no entry for key \"b\""))
        );
    }

    #[test]
    fn what_is_not_evaluated_says_so() {
        let data = json!({});
        assert!(matches!(
            run("{{ range .x }}{{ end }}", &data),
            Err(GoError::Unsupported(_))
        ));
        assert!(matches!(
            run("{{ regexFind \"a\" .x }}", &data),
            Err(GoError::Unsupported(_))
        ));
        assert!(matches!(
            run("{{ $x := 1 }}", &data),
            Err(GoError::Unsupported(_))
        ));
        assert!(matches!(run("{{ .a", &data), Err(GoError::Fails(_))));
    }
}
