//! The pieces of a Go-template action's body (`{{ … }}` without its
//! delimiters), as Helm's `tpl` and an ApplicationSet's goTemplate both
//! read them: white space between pieces, `|`, parentheses, `"…"` and
//! `` `…` `` string literals, and words (everything else up to white space,
//! `|`, a parenthesis or a quote). What a word means and which escapes a
//! quoted string takes is each caller's own.

use std::iter::Peekable;
use std::str::CharIndices;

/// One piece of an action's body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece<'a> {
    /// `|`.
    Pipe,
    /// `(`.
    Open,
    /// `)`.
    Close,
    /// A string literal, decoded.
    Str(String),
    /// A run of other characters, e.g. `.a.b`, `quote`, `-1`.
    Word(&'a str),
}

/// Why a string literal does not lex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LexError {
    /// The literal has no closing quote; `raw` for a `` `…` `` one.
    Unterminated {
        /// Whether the literal is a raw (back-quoted) one.
        raw: bool,
    },
    /// A `\` in a `"…"` literal before this character (`None` at the end of
    /// the body) that the caller's escapes do not take.
    Escape(Option<char>),
}

/// The pieces of `body` in order, lexed lazily so that a caller meets the
/// first error where it stands; `escape` decodes the character after a `\`
/// in a `"…"` literal (`None`: not an escape).
pub(crate) fn pieces(body: &str, escape: fn(char) -> Option<char>) -> Pieces<'_> {
    Pieces {
        body,
        chars: body.char_indices().peekable(),
        escape,
    }
}

/// The iterator [`pieces`] returns.
pub(crate) struct Pieces<'a> {
    body: &'a str,
    chars: Peekable<CharIndices<'a>>,
    escape: fn(char) -> Option<char>,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Result<Piece<'a>, LexError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
        let (start, c) = self.chars.next()?;
        Some(match c {
            '|' => Ok(Piece::Pipe),
            '(' => Ok(Piece::Open),
            ')' => Ok(Piece::Close),
            '"' => self.quoted().map(Piece::Str),
            '`' => self.raw().map(Piece::Str),
            _ => {
                let mut end = start + c.len_utf8();
                while let Some((i, c)) = self.chars.next_if(|&(_, c)| !ends_word(c)) {
                    end = i + c.len_utf8();
                }
                Ok(Piece::Word(self.body.get(start..end).unwrap_or_default()))
            }
        })
    }
}

impl Pieces<'_> {
    /// The rest of a `"…"` literal, decoded.
    fn quoted(&mut self) -> Result<String, LexError> {
        let mut text = String::new();
        while let Some((_, c)) = self.chars.next() {
            match c {
                '"' => return Ok(text),
                '\\' => {
                    let next = self.chars.next().map(|(_, e)| e);
                    match next.and_then(self.escape) {
                        Some(decoded) => text.push(decoded),
                        None => return Err(LexError::Escape(next)),
                    }
                }
                other => text.push(other),
            }
        }
        Err(LexError::Unterminated { raw: false })
    }

    /// The rest of a `` `…` `` literal, as it stands.
    fn raw(&mut self) -> Result<String, LexError> {
        let mut text = String::new();
        for (_, c) in self.chars.by_ref() {
            if c == '`' {
                return Ok(text);
            }
            text.push(c);
        }
        Err(LexError::Unterminated { raw: true })
    }
}

/// Whether `c` ends a word.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '|' | '(' | ')' | '"' | '`')
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn any(c: char) -> Option<char> {
        Some(c)
    }

    fn lexed(body: &str) -> Vec<Result<Piece<'_>, LexError>> {
        pieces(body, any).collect()
    }

    #[test]
    fn splits_words_at_white_space_pipes_parentheses_and_quotes() {
        assert_eq!(
            lexed(" .a.b|quote (x)\"s\"`r`-1 "),
            vec![
                Ok(Piece::Word(".a.b")),
                Ok(Piece::Pipe),
                Ok(Piece::Word("quote")),
                Ok(Piece::Open),
                Ok(Piece::Word("x")),
                Ok(Piece::Close),
                Ok(Piece::Str("s".to_owned())),
                Ok(Piece::Str("r".to_owned())),
                Ok(Piece::Word("-1")),
            ]
        );
    }

    #[test]
    fn raw_strings_take_no_escapes() {
        assert_eq!(lexed(r"`a\nb`"), vec![Ok(Piece::Str(r"a\nb".to_owned()))]);
    }

    #[test]
    fn quoted_strings_decode_through_the_callers_escapes() {
        let only_n = |c: char| (c == 'n').then_some('\n');
        let all: Vec<_> = pieces(r#""a\nb" "\q" .x"#, only_n).take(2).collect();
        assert_eq!(
            all,
            vec![
                Ok(Piece::Str("a\nb".to_owned())),
                Err(LexError::Escape(Some('q')))
            ]
        );
        assert_eq!(lexed("\"a\\"), vec![Err(LexError::Escape(None))]);
    }

    #[test]
    fn unterminated_literals_say_which() {
        assert_eq!(
            lexed("\"a"),
            vec![Err(LexError::Unterminated { raw: false })]
        );
        assert_eq!(lexed("`a"), vec![Err(LexError::Unterminated { raw: true })]);
    }

    #[test]
    fn multi_byte_words_stay_whole() {
        assert_eq!(
            lexed("ä€ b"),
            vec![Ok(Piece::Word("ä€")), Ok(Piece::Word("b"))]
        );
    }

    proptest! {
        #[test]
        fn words_are_the_whole_runs_between_the_other_pieces(body in "[ \t\n|()\\.$a-z0-9ä€-]{0,24}") {
            let mut rebuilt = String::new();
            for piece in pieces(&body, any) {
                let piece = piece.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                rebuilt.push_str(match piece {
                    Piece::Pipe => "|",
                    Piece::Open => "(",
                    Piece::Close => ")",
                    Piece::Str(_) => return Err(TestCaseError::fail("no quote in the body")),
                    Piece::Word(word) => {
                        let start = word.as_ptr() as usize - body.as_ptr() as usize;
                        let before = body.get(..start).unwrap_or_default();
                        let after = body.get(start + word.len()..).unwrap_or_default();
                        prop_assert!(!before.ends_with(|c: char| !ends_word(c)));
                        prop_assert!(!after.starts_with(|c: char| !ends_word(c)));
                        word
                    }
                });
            }
            let unspaced: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            prop_assert_eq!(rebuilt, unspaced);
        }
    }
}
