//! Glob patterns of `.gitops-guard.yaml`'s `ignore` list, with the meaning
//! globset gives them by default (which the tool used before): `*` and `?`
//! also match `/`, `**` as a whole path segment matches any number of
//! segments, `[a-z]` / `[!a]` / `[[:digit:]]` classes, `{a,b}` alternatives
//! and `\` escapes. Paths are matched as bytes: `?` reads one byte.
//!
//! Patterns are compiled to a small automaton run over all its states at once,
//! so no pattern makes matching slower than its length times the path's.

use std::fmt;

/// How deeply `{…}` alternatives may nest.
const MAX_NESTING: usize = 100;

/// Why a pattern is not a glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobError {
    /// A `[` without its `]`.
    UnclosedClass,
    /// A class range whose end comes before its start, e.g. `[z-a]`.
    InvalidRange(char, char),
    /// A `{` without its `}`.
    UnclosedAlternates,
    /// A `}` without its `{`.
    UnopenedAlternates,
    /// `{` nested more than [`MAX_NESTING`] deep.
    TooDeeplyNested,
    /// A `\` at the end of the pattern.
    DanglingEscape,
}

impl fmt::Display for GlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnclosedClass => f.write_str("unclosed character class; missing ']'"),
            Self::InvalidRange(start, end) => write!(f, "invalid range; '{start}' > '{end}'"),
            Self::UnclosedAlternates => f.write_str("unclosed alternate group; missing '}'"),
            Self::UnopenedAlternates => f.write_str("unopened alternate group; missing '{'"),
            Self::TooDeeplyNested => write!(f, "alternate groups nested deeper than {MAX_NESTING}"),
            Self::DanglingEscape => f.write_str("dangling '\\'"),
        }
    }
}

/// One element of a parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `?`
    Any,
    /// `*`
    ZeroOrMore,
    /// `**/` at the start: nothing, or anything ending in `/`.
    RecursivePrefix,
    /// `/**` at the end: `/` and anything.
    RecursiveSuffix,
    /// `/**/`: `/`, or `/` anything `/`.
    RecursiveZeroOrMore,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    Alternates(Vec<Vec<Token>>),
}

/// The pattern parser (globset's grammar).
struct Parser<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    prev: Option<char>,
    cur: Option<char>,
    /// Where each open `{` started in `branches`.
    open: Vec<usize>,
    /// The branches being parsed; tokens go to the last one.
    branches: Vec<Vec<Token>>,
}

impl Parser<'_> {
    fn bump(&mut self) -> Option<char> {
        self.prev = self.cur;
        self.cur = self.chars.next();
        self.cur
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    fn push(&mut self, token: Token) {
        if let Some(branch) = self.branches.last_mut() {
            branch.push(token);
        }
    }

    fn parse(mut self) -> Result<Vec<Token>, GlobError> {
        while let Some(c) = self.bump() {
            match c {
                '?' => self.push(Token::Any),
                '*' => self.star(),
                '[' => self.class()?,
                '{' => {
                    if self.open.len() >= MAX_NESTING {
                        return Err(GlobError::TooDeeplyNested);
                    }
                    self.open.push(self.branches.len());
                    self.branches.push(Vec::new());
                }
                '}' => {
                    let start = self.open.pop().ok_or(GlobError::UnopenedAlternates)?;
                    let alternatives = self.branches.split_off(start);
                    self.push(Token::Alternates(alternatives));
                }
                ',' if !self.open.is_empty() => self.branches.push(Vec::new()),
                '\\' => {
                    let escaped = self.bump().ok_or(GlobError::DanglingEscape)?;
                    self.push(Token::Literal(escaped));
                }
                c => self.push(Token::Literal(c)),
            }
        }
        if self.branches.len() > 1 {
            return Err(GlobError::UnclosedAlternates);
        }
        Ok(self.branches.pop().unwrap_or_default())
    }

    /// After a `*`: `*`, or `**` in one of its recursive positions.
    fn star(&mut self) {
        let prev = self.prev;
        if self.peek() != Some('*') {
            self.push(Token::ZeroOrMore);
            return;
        }
        self.bump();
        let twice = |parser: &mut Self| {
            parser.push(Token::ZeroOrMore);
            parser.push(Token::ZeroOrMore);
        };
        if self.branches.last().is_none_or(Vec::is_empty) {
            if self.peek().is_none_or(|c| c == '/') {
                self.push(Token::RecursivePrefix);
                self.bump();
            } else {
                twice(self);
            }
            return;
        }
        // (globset also lets an escaped `,` or `{` inside `{…}` stand for a `/`)
        let after_comma = self.branches.len() > 1 && matches!(prev, Some(',' | '{'));
        if prev != Some('/') && !after_comma {
            twice(self);
            return;
        }
        let suffix = match self.peek() {
            None => true,
            Some(',' | '}') if self.branches.len() >= 2 => true,
            Some('/') => {
                self.bump();
                false
            }
            Some(_) => {
                twice(self);
                return;
            }
        };
        let replaced = self.branches.last_mut().and_then(Vec::pop);
        self.push(match replaced {
            Some(Token::RecursivePrefix) => Token::RecursivePrefix,
            Some(Token::RecursiveSuffix) => Token::RecursiveSuffix,
            _ if suffix => Token::RecursiveSuffix,
            _ => Token::RecursiveZeroOrMore,
        });
    }

    /// After a `[`: the class up to its `]`.
    fn class(&mut self) -> Result<(), GlobError> {
        let mut ranges: Vec<(char, char)> = Vec::new();
        let negated = matches!(self.peek(), Some('!' | '^'));
        if negated {
            self.bump();
        }
        let extend = |ranges: &mut Vec<(char, char)>, end: char| match ranges.last_mut() {
            Some(last) if end >= last.0 => {
                last.1 = end;
                Ok(())
            }
            Some(last) => Err(GlobError::InvalidRange(last.0, end)),
            None => Ok(()),
        };
        let mut first = true;
        let mut in_range = false;
        loop {
            let c = self.bump().ok_or(GlobError::UnclosedClass)?;
            match c {
                ']' if !first => break,
                ']' => ranges.push((']', ']')),
                '-' if first => ranges.push(('-', '-')),
                '-' if in_range => {
                    extend(&mut ranges, '-')?;
                    in_range = false;
                }
                '-' => in_range = true,
                '[' if !in_range && self.peek() == Some(':') => match self.posix_class() {
                    Some(class) => ranges.extend_from_slice(class),
                    None => ranges.push(('[', '[')),
                },
                c if in_range => {
                    extend(&mut ranges, c)?;
                    in_range = false;
                }
                c => ranges.push((c, c)),
            }
            first = false;
        }
        if in_range {
            ranges.push(('-', '-'));
        }
        self.push(Token::Class { negated, ranges });
        Ok(())
    }

    /// `[:name:]` inside a class, or `None` (and nothing consumed).
    fn posix_class(&mut self) -> Option<&'static [(char, char)]> {
        let saved = (self.chars.clone(), self.prev, self.cur);
        self.bump(); // ':'
        let mut name = String::new();
        let found = loop {
            match self.bump() {
                Some(':') if self.peek() == Some(']') => {
                    self.bump();
                    break posix_class(&name);
                }
                Some(c) if c.is_ascii_lowercase() && name.len() < 8 => name.push(c),
                _ => break None,
            }
        };
        if found.is_none() {
            (self.chars, self.prev, self.cur) = saved;
        }
        found
    }
}

/// The ASCII ranges of a POSIX class name.
fn posix_class(name: &str) -> Option<&'static [(char, char)]> {
    Some(match name {
        "alnum" => &[('0', '9'), ('A', 'Z'), ('a', 'z')],
        "alpha" => &[('A', 'Z'), ('a', 'z')],
        "blank" => &[('\t', '\t'), (' ', ' ')],
        "cntrl" => &[('\x00', '\x1f'), ('\x7f', '\x7f')],
        "digit" => &[('0', '9')],
        "graph" => &[('!', '~')],
        "lower" => &[('a', 'z')],
        "print" => &[(' ', '~')],
        "punct" => &[('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        "space" => &[('\t', '\r'), (' ', ' ')],
        "upper" => &[('A', 'Z')],
        "xdigit" => &[('0', '9'), ('A', 'F'), ('a', 'f')],
        _ => return None,
    })
}

/// What one automaton state reads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// This byte.
    Byte(u8),
    /// Any byte.
    AnyByte,
    /// A byte of a class (inclusive byte ranges), or of none of them.
    Class {
        negated: bool,
        ranges: Vec<(u8, u8)>,
    },
    /// Either state, reading nothing.
    Split(usize, usize),
    /// The next state, reading nothing.
    Jump,
    /// The whole path matched.
    Done,
}

impl Step {
    fn reads(&self, byte: u8) -> bool {
        match self {
            Self::Byte(b) => *b == byte,
            Self::AnyByte => true,
            Self::Class { negated, ranges } => {
                ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&byte)) != *negated
            }
            Self::Split(..) | Self::Jump | Self::Done => false,
        }
    }
}

/// A compiled pattern: states, each followed by the state at `next[i]`
/// unless it is a [`Step::Split`].
#[derive(Debug, Clone, Default)]
struct Automaton {
    steps: Vec<Step>,
    next: Vec<usize>,
}

impl Automaton {
    /// Appends a state whose successor is patched later; returns its index.
    fn add(&mut self, step: Step) -> usize {
        self.steps.push(step);
        self.next.push(usize::MAX);
        self.steps.len() - 1
    }

    fn link(&mut self, from: usize, to: usize) {
        if let Some(next) = self.next.get_mut(from) {
            *next = to;
        }
    }

    fn set_split(&mut self, at: usize, a: usize, b: usize) {
        if let Some(step) = self.steps.get_mut(at) {
            *step = Step::Split(a, b);
        }
    }

    /// A chain reading `bytes`: (first state, last state).
    fn bytes(&mut self, bytes: &[u8], mut from: usize) -> usize {
        for byte in bytes {
            let state = self.add(Step::Byte(*byte));
            self.link(from, state);
            from = state;
        }
        from
    }

    /// `.*` after `from`; returns the state to continue from.
    fn any_run(&mut self, from: usize) -> usize {
        let split = self.add(Step::Jump);
        self.link(from, split);
        let read = self.add(Step::AnyByte);
        self.link(read, split);
        let out = self.add(Step::Jump);
        self.set_split(split, read, out);
        out
    }

    /// Compiles `tokens` after state `from`; returns the last state.
    fn tokens(&mut self, tokens: &[Token], mut from: usize) -> usize {
        for token in tokens {
            from = self.token(token, from);
        }
        from
    }

    fn token(&mut self, token: &Token, from: usize) -> usize {
        match token {
            Token::Literal(c) => self.bytes(c.encode_utf8(&mut [0; 4]).as_bytes(), from),
            Token::Any => {
                let state = self.add(Step::AnyByte);
                self.link(from, state);
                state
            }
            Token::ZeroOrMore => self.any_run(from),
            Token::RecursivePrefix => {
                // `(?:/?|.*/)`: nothing, or anything then `/` (which covers `/`)
                let split = self.add(Step::Jump);
                self.link(from, split);
                let run = self.any_run(split);
                let slash = self.bytes(b"/", run);
                let out = self.add(Step::Jump);
                self.link(slash, out);
                let start_of_run = self.next.get(split).copied().unwrap_or(usize::MAX);
                self.set_split(split, start_of_run, out);
                out
            }
            Token::RecursiveSuffix => {
                let slash = self.bytes(b"/", from);
                self.any_run(slash)
            }
            Token::RecursiveZeroOrMore => {
                // `(?:/|/.*/)`: `/`, then nothing or anything then `/`
                let slash = self.bytes(b"/", from);
                self.token(&Token::RecursivePrefix, slash)
            }
            Token::Class { negated, ranges } => {
                let state = self.add(Step::Class {
                    negated: *negated,
                    ranges: byte_ranges(ranges),
                });
                self.link(from, state);
                state
            }
            Token::Alternates(branches) => {
                let branches: Vec<&Vec<Token>> =
                    branches.iter().filter(|b| matches_something(b)).collect();
                let out = self.add(Step::Jump);
                if branches.is_empty() {
                    self.link(from, out);
                    return out;
                }
                // a chain of splits, one per branch, each branch ending in `out`
                let mut entry = from;
                for (i, branch) in branches.iter().enumerate() {
                    let start = self.add(Step::Jump);
                    let end = self.tokens(branch, start);
                    self.link(end, out);
                    if i + 1 == branches.len() {
                        self.link(entry, start);
                    } else {
                        let split = self.add(Step::Jump);
                        self.link(entry, split);
                        let rest = self.add(Step::Jump);
                        self.set_split(split, start, rest);
                        entry = rest;
                    }
                }
                out
            }
        }
    }

    /// Whether the automaton reads all of `path` and ends done.
    fn matches(&self, path: &[u8]) -> bool {
        let mut current = vec![false; self.steps.len()];
        let mut next = vec![false; self.steps.len()];
        let mut stack = Vec::new();
        self.close(0, &mut current, &mut stack);
        for byte in path {
            next.iter_mut().for_each(|on| *on = false);
            let mut any = false;
            for (state, on) in current.iter().enumerate() {
                if *on && self.steps.get(state).is_some_and(|s| s.reads(*byte)) {
                    let to = self.next.get(state).copied().unwrap_or(usize::MAX);
                    self.close(to, &mut next, &mut stack);
                    any = true;
                }
            }
            if !any {
                return false;
            }
            std::mem::swap(&mut current, &mut next);
        }
        current
            .iter()
            .zip(&self.steps)
            .any(|(on, step)| *on && *step == Step::Done)
    }

    /// Marks `state` and every state it reaches without reading.
    fn close(&self, state: usize, set: &mut [bool], stack: &mut Vec<usize>) {
        stack.push(state);
        while let Some(state) = stack.pop() {
            match set.get_mut(state) {
                Some(on) if !*on => *on = true,
                _ => continue,
            }
            match self.steps.get(state) {
                Some(Step::Split(a, b)) => stack.extend([*b, *a]),
                Some(Step::Jump) => stack.extend(self.next.get(state)),
                _ => {}
            }
        }
    }
}

/// Whether a branch of `{…}` reads anything (globset drops those that do not).
fn matches_something(tokens: &[Token]) -> bool {
    tokens.iter().any(|token| match token {
        Token::Alternates(branches) => branches.iter().any(|b| matches_something(b)),
        _ => true,
    })
}

/// A class's char ranges as byte ranges, as globset's byte-oriented regex reads
/// them: the bytes of a non-ASCII character each stand for themselves, and a
/// range joins the last byte of its start to the first byte of its end.
fn byte_ranges(ranges: &[(char, char)]) -> Vec<(u8, u8)> {
    let mut out = Vec::new();
    for (start, end) in ranges {
        let (mut a, mut b) = ([0; 4], [0; 4]);
        let a = start.encode_utf8(&mut a).as_bytes();
        let b = end.encode_utf8(&mut b).as_bytes();
        if start == end {
            out.extend(a.iter().map(|byte| (*byte, *byte)));
            continue;
        }
        let (Some((a_last, a_rest)), Some((b_first, b_rest))) = (a.split_last(), b.split_first())
        else {
            continue;
        };
        out.extend(a_rest.iter().map(|byte| (*byte, *byte)));
        out.push((*a_last, *b_first));
        out.extend(b_rest.iter().map(|byte| (*byte, *byte)));
    }
    out
}

/// A compiled glob pattern.
#[derive(Debug, Clone, Default)]
pub struct Glob {
    automaton: Automaton,
}

impl Glob {
    /// Parses and compiles `pattern`.
    ///
    /// # Errors
    /// An unclosed `[` or `{`, a `}` without `{`, a reversed range, a trailing `\`.
    pub fn new(pattern: &str) -> Result<Self, GlobError> {
        let tokens = Parser {
            chars: pattern.chars().peekable(),
            prev: None,
            cur: None,
            open: Vec::new(),
            branches: vec![Vec::new()],
        }
        .parse()?;
        let mut automaton = Automaton::default();
        let start = automaton.add(Step::Jump);
        let end = if tokens == [Token::RecursivePrefix] {
            automaton.any_run(start) // `**` alone matches everything
        } else {
            automaton.tokens(&tokens, start)
        };
        let done = automaton.add(Step::Done);
        automaton.link(end, done);
        Ok(Self { automaton })
    }

    /// Whether the whole of `path` matches.
    pub fn is_match(&self, path: &str) -> bool {
        self.automaton.matches(path.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn globset(pattern: &str) -> Option<globset::GlobMatcher> {
        globset::Glob::new(pattern)
            .ok()
            .map(|g| g.compile_matcher())
    }

    #[test]
    fn the_documented_forms_match() {
        let glob = Glob::new("shared/templates/**").unwrap();
        assert!(glob.is_match("shared/templates/service-repo/.cicd/default.yaml"));
        assert!(!glob.is_match("shared/other.yaml"));
        let glob = Glob::new("**/legacy-*/.cicd/{dev,prod}.yaml").unwrap();
        assert!(glob.is_match("legacy-a/.cicd/dev.yaml"));
        assert!(glob.is_match("x/y/legacy-b/.cicd/prod.yaml"));
        assert!(!glob.is_match("x/legacy-b/.cicd/staging.yaml"));
        assert!(
            Glob::new("services/[a-c]*/**")
                .unwrap()
                .is_match("services/cart/.cicd/x")
        );
        assert!(Glob::new("**").unwrap().is_match("a/b/c"));
    }

    #[test]
    fn bad_patterns_are_refused() {
        for (pattern, error) in [
            ("a/[", GlobError::UnclosedClass),
            ("[z-a]", GlobError::InvalidRange('z', 'a')),
            ("{a,b", GlobError::UnclosedAlternates),
            ("a}", GlobError::UnopenedAlternates),
            ("a\\", GlobError::DanglingEscape),
        ] {
            assert_eq!(Glob::new(pattern).unwrap_err(), error, "{pattern}");
        }
        assert_eq!(
            Glob::new(&"{".repeat(200)).unwrap_err(),
            GlobError::TooDeeplyNested
        );
    }

    #[test]
    fn long_patterns_match_in_linear_time() {
        let glob = Glob::new(&"*a".repeat(40)).unwrap();
        assert!(!glob.is_match(&"a".repeat(39)));
        assert!(glob.is_match(&"a".repeat(400)));
    }

    /// Characters that mean something in a pattern, and a few that do not.
    const PATTERN: &str = r"[ab/*?\[\]{},!^:\-\\.é\n]{0,12}";
    const PATH: &str = r"[ab/.é\n\-\]\[*{},]{0,10}";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The same verdicts as globset on every pattern it accepts, and the
        /// same patterns refused.
        #[test]
        fn agrees_with_globset(pattern in PATTERN, paths in proptest::collection::vec(PATH, 8)) {
            let ours = Glob::new(&pattern);
            let theirs = globset(&pattern);
            prop_assert_eq!(ours.is_ok(), theirs.is_some(), "{:?}: {:?}", pattern, ours);
            if let (Ok(ours), Some(theirs)) = (ours, theirs) {
                for path in paths {
                    prop_assert_eq!(ours.is_match(&path), theirs.is_match(&path), "{:?} on {:?}", pattern, path);
                }
            }
        }

        /// Paths made to match (by filling the pattern's wildcards) agree too.
        #[test]
        fn agrees_with_globset_on_matching_paths(pattern in r"[ab/*]{0,3}(\*\*/)?[ab]{0,2}(/\*\*)?(\{a,b/\*\}|[ab/])?") {
            let ours = Glob::new(&pattern).unwrap();
            let theirs = globset(&pattern).unwrap();
            for path in ["a", "ab", "a/b", "b/a/b", "/a", "a/", "ab/b/a", "", "a/b/c/d", "b//a"] {
                prop_assert_eq!(ours.is_match(path), theirs.is_match(path), "{:?} on {:?}", pattern, path);
            }
        }
    }
}
