//! A static walk of a Helm template for the values keys it reads: every
//! `.Values.…`, `$.Values.…` and `$root.Values.…` path, and the fields read
//! below a values path through `with`/`range` scopes and `$var := …` bindings.

use std::collections::BTreeMap;

/// One step of a values path: a key, or any element of a list or map.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Segment {
    /// A named key.
    Key(String),
    /// Any element (`range` over a list or a map).
    Each,
}

/// A values path as the template reads it (`[ingress, locations, *, path]`).
pub(crate) type ValuesPath = Vec<Segment>;

/// Where a path is read: line in its template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Reference {
    /// The path below `.Values`.
    pub(crate) path: ValuesPath,
    /// The 1-based line of the action that reads it.
    pub(crate) line: usize,
}

/// What `.` (or a variable) stands for inside a scope.
type Binding = Option<ValuesPath>;

#[derive(Debug, Clone, Default)]
struct Scope {
    dot: Binding,
    vars: BTreeMap<String, ValuesPath>,
}

/// Builtin objects of the template root that are not values.
const BUILTINS: [&str; 6] = [
    "Release",
    "Chart",
    "Capabilities",
    "Template",
    "Files",
    "Subcharts",
];

/// Every values path `template` reads.
pub(crate) fn references(template: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut scopes = vec![Scope {
        dot: None,
        vars: BTreeMap::new(),
    }];
    for (action, line) in actions(template) {
        let words: Vec<&str> = action.split_whitespace().collect();
        let keyword = words.first().copied().unwrap_or_default();
        let resolve = |scopes: &[Scope], token: &str| resolve(scopes, token);
        for token in path_tokens(action) {
            if let Some(path) = resolve(&scopes, token).filter(|p| !p.is_empty()) {
                found.push(Reference { path, line });
            }
        }
        match keyword {
            "end" => {
                if scopes.len() > 1 {
                    scopes.pop();
                }
            }
            "if" | "block" => push_same(&mut scopes),
            "define" => scopes.push(Scope::default()),
            "with" => {
                let dot = words.get(1).and_then(|t| resolve(&scopes, t));
                let mut scope = current(&scopes);
                scope.dot = dot;
                scopes.push(scope);
            }
            "range" => {
                let mut scope = current(&scopes);
                match range_binding(&words) {
                    Some((vars, source)) => {
                        if let Some(mut path) = resolve(&scopes, source) {
                            path.push(Segment::Each);
                            if let Some(value) = vars.last() {
                                scope.vars.insert((*value).to_owned(), path);
                            }
                        }
                    }
                    None => {
                        scope.dot = words.get(1).and_then(|t| resolve(&scopes, t)).map(|mut p| {
                            p.push(Segment::Each);
                            p
                        });
                    }
                }
                scopes.push(scope);
            }
            _ => bind_assignment(&mut scopes, &words),
        }
    }
    found
}

fn current(scopes: &[Scope]) -> Scope {
    scopes.last().cloned().unwrap_or_default()
}

fn push_same(scopes: &mut Vec<Scope>) {
    let scope = current(scopes);
    scopes.push(scope);
}

/// `range $k, $v := source` → (`[$k, $v]`, `source`).
fn range_binding<'a>(words: &[&'a str]) -> Option<(Vec<&'a str>, &'a str)> {
    let assign = words.iter().position(|w| *w == ":=")?;
    let vars = words
        .get(1..assign)?
        .iter()
        .map(|w| w.trim_end_matches(','))
        .filter(|w| w.starts_with('$'))
        .collect();
    Some((vars, words.get(assign + 1)?))
}

/// `$x := path` binds `$x` in the current scope.
fn bind_assignment(scopes: &mut [Scope], words: &[&str]) {
    let (Some(var), Some(&":="), Some(source)) = (words.first(), words.get(1), words.get(2)) else {
        return;
    };
    let path = resolve(scopes, source);
    if let (Some(path), Some(scope)) = (path, scopes.last_mut()) {
        scope.vars.insert((*var).to_owned(), path);
    }
}

/// The values path a token such as `.Values.a.b`, `$root.Values.a`, `.b` (in a
/// values scope) or `$v.c` (a bound variable) stands for.
fn resolve(scopes: &[Scope], token: &str) -> Option<ValuesPath> {
    let token = token.trim_start_matches('(').trim_end_matches(')');
    let (head, fields) = match token.find('.') {
        Some(dot) => token.split_at(dot),
        None => (token, ""),
    };
    let fields: Vec<&str> = fields.split('.').filter(|f| !f.is_empty()).collect();
    let scope = scopes.last()?;
    let base: ValuesPath = if head.is_empty() || head == "$" || !scope.vars.contains_key(head) {
        match fields.first() {
            Some(&"Values") => return Some(keys(fields.get(1..)?)),
            Some(first) if BUILTINS.contains(first) => return None,
            _ if head.is_empty() => scope.dot.clone()?,
            _ => return None,
        }
    } else {
        scope.vars.get(head)?.clone()
    };
    let mut path = base;
    path.extend(keys(&fields));
    Some(path)
}

fn keys(fields: &[&str]) -> ValuesPath {
    fields
        .iter()
        .map(|f| Segment::Key((*f).to_owned()))
        .collect()
}

/// The tokens of an action that look like field paths (`.a.b`, `$x.a`).
fn path_tokens(action: &str) -> impl Iterator<Item = &str> {
    action
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '$'))
        .filter(|t| (t.starts_with('.') && t.len() > 1) || (t.starts_with('$') && t.contains('.')))
        .filter(|t| !t.ends_with('.') && !t.contains(".."))
}

/// The text inside each `{{ … }}` (trim markers and comments removed) with its
/// 1-based line.
fn actions(template: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut rest = template;
    let mut offset = 0;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        let inner = after[..close]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        let line = template[..offset + open].matches('\n').count() + 1;
        if !inner.starts_with("/*") {
            out.push((inner, line));
        }
        offset += open + 2 + close + 2;
        rest = &after[close + 2..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(template: &str) -> Vec<String> {
        references(template)
            .into_iter()
            .map(|r| {
                r.path
                    .iter()
                    .map(|s| match s {
                        Segment::Key(k) => k.clone(),
                        Segment::Each => "*".into(),
                    })
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .collect()
    }

    #[test]
    fn follows_with_range_and_variables() {
        let template = "{{ $root := . }}{{ with .Values.pdb }}{{ .annotations | toJson }}{{ end }}\n\
            {{ range $k, $v := .Values.worker.spec }}{{ $v.replicas }}{{ $root.Values.image.tag }}{{ end }}\n\
            {{ range .Values.ingress.locations }}{{ .path }}{{ end }}{{ .Release.Name }}";
        assert_eq!(
            paths(template),
            [
                "pdb",
                "pdb.annotations",
                "worker.spec",
                "worker.spec.*.replicas",
                "image.tag",
                "ingress.locations",
                "ingress.locations.*.path",
            ]
        );
    }
}
