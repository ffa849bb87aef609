//! Finds host-shaped tokens in a config value and the syntax around them (scheme, port).
//!
//! The input is cut into words at whitespace, `;`, quotes and brackets. Inside a word:
//! * every `scheme://` starts a URL whose authority (`[userinfo@]host[:port][,host[:port]…]`)
//!   yields hosts; its path, query and fragment are skipped;
//! * text before the first URL is split at `,`, `=` and `&` into items that each may start with
//!   `host[:port]`, followed by nothing or a path; once a path starts, the rest is skipped.
#![warn(clippy::arithmetic_side_effects)]

use std::ops::Range;

/// A host-shaped token: where it is and what surrounds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Candidate {
    /// Byte range of the host text in the scanned input.
    pub range: Range<usize>,
    /// The `:port` after the host, if any.
    pub port: Option<u16>,
    /// Whether the host stands in the authority of a `scheme://` URL.
    pub in_url: bool,
}

/// Every host-shaped token of `input`, in order of position.
pub(super) fn candidates(input: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (start, word) in pieces(input, is_word_separator) {
        scan_word(word, start, &mut out);
    }
    out
}

fn is_word_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ';' | '"' | '\'' | '`' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '|' | '\\'
        )
}

fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
}

fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-' | ':')
}

/// Non-empty pieces of `text` between separators, with their byte offsets.
fn pieces(text: &str, is_separator: impl Fn(char) -> bool) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (index, c) in text.char_indices() {
        if is_separator(c) {
            push_piece(text, start..index, &mut out);
            start = index.saturating_add(c.len_utf8());
        }
    }
    push_piece(text, start..text.len(), &mut out);
    out
}

fn push_piece<'a>(text: &'a str, range: Range<usize>, out: &mut Vec<(usize, &'a str)>) {
    if let Some(piece) = text.get(range.clone()).filter(|p| !p.is_empty()) {
        out.push((range.start, piece));
    }
}

/// A `scheme://` inside a word (offsets relative to the word).
struct UrlStart {
    scheme: Range<usize>,
    authority_start: usize,
}

fn url_starts(word: &str) -> Vec<UrlStart> {
    let mut out: Vec<UrlStart> = Vec::new();
    for (index, _) in word.match_indices("://") {
        let floor = out.last().map_or(0, |previous| previous.authority_start);
        let Some(before) = word.get(floor..index) else {
            continue;
        };
        let run_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_scheme_char(c))
            .map_or(0, |(i, c)| i.saturating_add(c.len_utf8()));
        let Some(run) = before.get(run_start..) else {
            continue;
        };
        let Some(letter) = run.find(|c: char| c.is_ascii_alphabetic()) else {
            continue;
        };
        out.push(UrlStart {
            scheme: floor.saturating_add(run_start).saturating_add(letter)..index,
            authority_start: index.saturating_add(3),
        });
    }
    out
}

fn scan_word(word: &str, base: usize, out: &mut Vec<Candidate>) {
    let urls = url_starts(word);
    let plain_end = urls.first().map_or(word.len(), |url| url.scheme.start);
    scan_plain(word.get(..plain_end).unwrap_or_default(), base, out);
    for (index, url) in urls.iter().enumerate() {
        let limit = urls
            .get(index.saturating_add(1))
            .map_or(word.len(), |next| next.scheme.start);
        let rest = word.get(url.authority_start..limit).unwrap_or_default();
        let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let scheme = word.get(url.scheme.clone()).unwrap_or_default();
        if authority_len == 0 && names_target_in_path(scheme) {
            // gRPC target syntax: `dns:///host:port`.
            let target = rest.get(1..).unwrap_or_default();
            let target_len = target.find(['/', '?', '#']).unwrap_or(target.len());
            let target = target.get(..target_len).unwrap_or_default();
            scan_authority(
                target,
                base.saturating_add(url.authority_start).saturating_add(1),
                out,
            );
        } else {
            let authority = rest.get(..authority_len).unwrap_or_default();
            scan_authority(authority, base.saturating_add(url.authority_start), out);
        }
    }
}

/// Schemes whose host stands in the path (`dns:///auth-adapter-sv:8081`).
fn names_target_in_path(scheme: &str) -> bool {
    let last = scheme.rsplit(':').next().unwrap_or_default();
    last.eq_ignore_ascii_case("dns") || last.eq_ignore_ascii_case("passthrough")
}

/// `[userinfo@]host[:port][,host[:port]…]`.
fn scan_authority(authority: &str, base: usize, out: &mut Vec<Candidate>) {
    let hosts_start = authority.rfind('@').map_or(0, |at| at.saturating_add(1));
    let hosts = authority.get(hosts_start..).unwrap_or_default();
    for (offset, part) in pieces(hosts, |c| c == ',') {
        if let Some(candidate) = host_port_prefix(
            part,
            base.saturating_add(hosts_start).saturating_add(offset),
            true,
        )
        .filter(|(_, rest)| rest.is_empty())
        .map(|(candidate, _)| candidate)
        {
            out.push(candidate);
        }
    }
}

/// Text without a scheme: `,`/`=`/`&`-separated items, each `host[:port]` plus an optional path.
fn scan_plain(text: &str, base: usize, out: &mut Vec<Candidate>) {
    for (offset, item) in pieces(text, |c| matches!(c, ',' | '=' | '&')) {
        if let Some((candidate, _)) = host_port_prefix(item, base.saturating_add(offset), false) {
            out.push(candidate);
        }
        if item.contains(['/', '?', '#']) {
            // A path or query started: what follows belongs to it.
            break;
        }
    }
}

/// Reads `host[:port]` at the start of `item` when what follows is nothing or a path, query or
/// fragment; returns the candidate and that remainder.
fn host_port_prefix(item: &str, start: usize, in_url: bool) -> Option<(Candidate, &str)> {
    let host_len = item.find(|c: char| !is_host_char(c)).unwrap_or(item.len());
    if host_len == 0 {
        return None;
    }
    let tail = item.get(host_len..)?;
    let (port, rest) = match tail.strip_prefix(':') {
        Some(after_colon) => {
            let digits = after_colon
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after_colon.len());
            let port = after_colon.get(..digits)?.parse::<u16>().ok()?;
            (Some(port), after_colon.get(digits..)?)
        }
        None => (None, tail),
    };
    match rest.chars().next() {
        None | Some('/' | '?' | '#') => Some((
            Candidate {
                range: start..start.saturating_add(host_len),
                port,
                in_url,
            },
            rest,
        )),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(input: &str) -> Vec<(&str, Option<u16>, bool)> {
        candidates(input)
            .into_iter()
            .map(|c| (&input[c.range], c.port, c.in_url))
            .collect()
    }

    #[test]
    fn url_authority_with_userinfo_and_several_hosts() {
        assert_eq!(
            hosts("mongodb://u:p@a:27017,b.ns.svc:27018/db?replicaSet=rs0"),
            [("a", Some(27017), true), ("b.ns.svc", Some(27018), true)]
        );
        assert_eq!(
            hosts("redis://:pa@ss@r.infra:6379/0"),
            [("r.infra", Some(6379), true)]
        );
    }

    #[test]
    fn jdbc_and_grpc_targets() {
        assert_eq!(
            hosts("jdbc:postgresql://h1:5432,h2/db"),
            [("h1", Some(5432), true), ("h2", None, true)]
        );
        assert_eq!(
            hosts("dns:///auth-sv:8081"),
            [("auth-sv", Some(8081), true)]
        );
        assert!(hosts("file:///etc/app.yaml").is_empty());
    }

    #[test]
    fn plain_items_and_paths() {
        assert_eq!(
            hosts("--upstream=a-sv:80,b-sv/x,c-sv"),
            [
                ("--upstream", None, false),
                ("a-sv", Some(80), false),
                ("b-sv", None, false)
            ]
        );
        assert_eq!(hosts("/etc/x a:b c@d"), []);
        assert_eq!(hosts("x:99999"), []);
    }

    #[test]
    fn path_of_a_url_is_skipped_until_the_next_url() {
        assert_eq!(
            hosts("http://a/b-sv,c-sv?u=http://d-sv:1/e"),
            [("a", None, true), ("d-sv", Some(1), true)]
        );
    }

    #[test]
    fn offsets_are_absolute() {
        let input = "é x  y-sv:1";
        let found = candidates(input);
        assert_eq!(found.last().map(|c| c.range.clone()), Some(6..10));
    }
}
