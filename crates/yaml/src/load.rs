//! Loading YAML text into span-carrying [`Node`] trees the way Helm reads values.
#![warn(clippy::arithmetic_side_effects)]

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScanError, Span as ParserSpan, Tag};
use serde::Serialize;

use crate::error::{ErrorKind, YamlError};
use crate::gofmt::format_float32;
use crate::limits::Limits;
use crate::node::{Key, Mapping, Node, NodeKind, Pos, ScalarStyle, Span};
use crate::placeholder::find_placeholders;
use crate::position::{SourceMap, line_of_bytes, pos_in_prefix};
use crate::scalar::{ScalarError, is_merge_key, resolve};

/// One loaded YAML document and what the loader noticed while reading it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The document's top node.
    pub root: Node,
    /// Facts worth telling the author that did not stop loading.
    pub notes: Vec<Note>,
}

/// Something the loader noticed that is not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// What was noticed.
    pub kind: NoteKind,
    /// Where.
    pub span: Span,
    /// A human-readable explanation.
    pub message: String,
}

/// The kinds of [`Note`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    /// A values file holds more than one document; Helm reads only the first.
    IgnoredDocuments,
    /// A non-string key that Helm turns into a different string (`yes:` → `true`).
    ConvertedKey,
}

/// Loads a Helm values file: the first document, which must be a mapping.
///
/// An empty file, a file of comments only, or a top-level `null` gives an empty
/// mapping (Helm reads it as `{}`). Later documents are ignored, as Helm does,
/// and reported as a [`NoteKind::IgnoredDocuments`] note.
///
/// # Errors
/// Any [`ErrorKind`]: limits, syntax, duplicate or invalid keys, placeholders,
/// and [`ErrorKind::NotAMapping`] for a top level that is not a mapping.
pub fn load_values(text: &str, file: &str, limits: &Limits) -> Result<Document, YamlError> {
    check_text(text, file, limits)?;
    let loader = Loader::new(text, file, limits);
    let mut stream = loader.run(true)?;
    let mut document = stream.documents.pop().unwrap_or_else(|| Document {
        root: empty_mapping(Span::default()),
        notes: Vec::new(),
    });
    document.notes.extend(stream.notes);
    document.root = match document.root.kind {
        NodeKind::Map(_) => document.root,
        NodeKind::Null => empty_mapping(document.root.span),
        _ => {
            let source = SourceMap::new(text);
            let start = document.root.span.start;
            return Err(YamlError::new(
                file,
                ErrorKind::NotAMapping,
                start,
                format!(
                    "values file must be a mapping (`key: value` lines), found {}",
                    document.root.type_name()
                ),
                source.line_text(start.line),
            ));
        }
    };
    Ok(document)
}

/// Loads a Helm values file given as raw bytes (checked for size and UTF-8 first).
///
/// # Errors
/// As [`decode_text`] and [`load_values`].
pub fn load_bytes(bytes: &[u8], file: &str, limits: &Limits) -> Result<Document, YamlError> {
    load_values(decode_text(bytes, file, limits)?, file, limits)
}

/// Loads every document of a YAML stream (any top-level kind). An empty stream
/// gives no documents.
///
/// # Errors
/// Any [`ErrorKind`] except [`ErrorKind::NotAMapping`].
pub fn load_documents(text: &str, file: &str, limits: &Limits) -> Result<Vec<Document>, YamlError> {
    check_text(text, file, limits)?;
    Ok(Loader::new(text, file, limits).run(false)?.documents)
}

/// Checks raw bytes (size first, then UTF-8, then control characters) and
/// returns them as text.
///
/// # Errors
/// [`ErrorKind::TooLarge`], [`ErrorKind::InvalidUtf8`] or
/// [`ErrorKind::ControlCharacter`], with the position of the first bad byte.
pub fn decode_text<'b>(bytes: &'b [u8], file: &str, limits: &Limits) -> Result<&'b str, YamlError> {
    check_size(bytes.len(), file, limits)?;
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let at = error.valid_up_to();
        let pos = pos_in_prefix(bytes.get(..at).unwrap_or_default());
        let byte = bytes.get(at).copied().unwrap_or_default();
        YamlError::new(
            file,
            ErrorKind::InvalidUtf8,
            pos,
            format!("invalid UTF-8 (byte 0x{byte:02X}): YAML files must be UTF-8 text"),
            &line_of_bytes(bytes, at),
        )
    })?;
    check_text(text, file, limits)?;
    Ok(text)
}

fn check_size(len: usize, file: &str, limits: &Limits) -> Result<(), YamlError> {
    if len <= limits.max_bytes {
        return Ok(());
    }
    Err(YamlError::new(
        file,
        ErrorKind::TooLarge,
        Pos {
            line: 1,
            column: 1,
            offset: 0,
        },
        format!(
            "file is {len} bytes, more than the limit of {} bytes",
            limits.max_bytes
        ),
        "",
    ))
}

/// Size and character checks done before parsing.
fn check_text(text: &str, file: &str, limits: &Limits) -> Result<(), YamlError> {
    check_size(text.len(), file, limits)?;
    let Some((at, c)) = text.char_indices().find(|&(_, c)| is_forbidden(c)) else {
        return Ok(());
    };
    let source = SourceMap::new(text);
    let pos = source.pos_at_byte(at);
    Err(YamlError::new(
        file,
        ErrorKind::ControlCharacter,
        pos,
        format!(
            "control character U+{:04X} is not allowed in YAML (binary data or a corrupted file?)",
            u32::from(c)
        ),
        source.line_text(pos.line),
    ))
}

/// Characters outside YAML's printable set (tab, line breaks and NEL are fine).
fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\x7F'
        | '\u{80}'..='\u{84}' | '\u{86}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}')
}

fn empty_mapping(span: Span) -> Node {
    Node {
        kind: NodeKind::Map(Mapping::default()),
        span,
        style: None,
        quirk: None,
    }
}

/// A finished node with its size and height (for the limits).
#[derive(Debug, Clone)]
struct Built {
    node: Node,
    /// Nodes in the subtree, itself included.
    count: usize,
    /// Collection levels in the subtree (0 for a scalar).
    height: usize,
}

/// A collection being read.
#[derive(Debug)]
struct Frame {
    start: Pos,
    /// Written in flow style (`{…}` / `[…]`): the end event marks the closing bracket.
    flow: bool,
    anchor: usize,
    count: usize,
    height: usize,
    end: Pos,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Seq(Vec<Node>),
    Map(MapBody),
}

#[derive(Debug, Default)]
struct MapBody {
    entries: Vec<(Key, Node)>,
    /// Entry index of each key name.
    index: HashMap<String, usize>,
    /// Line of each key written in this mapping (merged keys excluded).
    written: HashMap<String, u32>,
    pending: Pending,
}

/// What the next node of a mapping is.
#[derive(Debug, Default)]
enum Pending {
    #[default]
    Key,
    Value(Key),
    Merge,
}

/// The result of reading a stream.
struct Stream {
    documents: Vec<Document>,
    /// Notes about the stream itself (ignored documents).
    notes: Vec<Note>,
}

struct Loader<'a> {
    file: &'a str,
    limits: &'a Limits,
    source: SourceMap<'a>,
    anchors: HashMap<usize, Built>,
    stack: Vec<Frame>,
    root: Option<Node>,
    notes: Vec<Note>,
    nodes: usize,
    alias_nodes: usize,
    aliases: usize,
}

impl<'a> Loader<'a> {
    fn new(text: &'a str, file: &'a str, limits: &'a Limits) -> Self {
        Self {
            file,
            limits,
            source: SourceMap::new(text),
            anchors: HashMap::new(),
            stack: Vec::new(),
            root: None,
            notes: Vec::new(),
            nodes: 0,
            alias_nodes: 0,
            aliases: 0,
        }
    }

    fn run(mut self, first_only: bool) -> Result<Stream, YamlError> {
        let text = self.source.text();
        let mut parser = Parser::new_from_str(text);
        let mut stream = Stream {
            documents: Vec::new(),
            notes: Vec::new(),
        };
        let mut document_start = Pos::default();
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| self.scan_error(&e))?;
            match event {
                Event::DocumentStart(_) => {
                    if first_only && !stream.documents.is_empty() {
                        let span = self.span(&span);
                        stream.notes.push(Note {
                            kind: NoteKind::IgnoredDocuments,
                            span,
                            message: format!(
                                "documents after the first one (from line {}) are ignored: Helm reads only the first document of a values file",
                                span.start.line
                            ),
                        });
                        break;
                    }
                    document_start = self.source.pos(&span.start);
                }
                Event::DocumentEnd => {
                    let root = self.root.take().unwrap_or(Node {
                        kind: NodeKind::Null,
                        span: Span {
                            start: document_start,
                            end: document_start,
                        },
                        style: None,
                        quirk: None,
                    });
                    stream.documents.push(Document {
                        root,
                        notes: std::mem::take(&mut self.notes),
                    });
                }
                Event::Scalar(text, style, anchor, tag) => {
                    self.scalar(&text, style, anchor, tag.as_deref(), &span)?;
                }
                Event::SequenceStart(anchor, _) => {
                    self.open(anchor, &span, Body::Seq(Vec::new()))?
                }
                Event::MappingStart(anchor, _) => {
                    self.open(anchor, &span, Body::Map(MapBody::default()))?;
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(&span)?,
                Event::Alias(id) => self.alias(id, &span)?,
                Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            }
        }
        Ok(stream)
    }

    // ----- events -------------------------------------------------------------

    fn scalar(
        &mut self,
        text: &str,
        style: saphyr_parser::ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: &ParserSpan,
    ) -> Result<(), YamlError> {
        let span = self.span(span);
        let style = style_of(style);
        self.count_nodes(1, span.start)?;
        if let Some(map) = self.pending_key()
            && is_merge_key(text, style, tag)
        {
            map.pending = Pending::Merge;
            return Ok(());
        }
        let resolved = resolve(text, style, tag).map_err(|e| self.scalar_error(e, span.start))?;
        let node = Node {
            kind: resolved.kind,
            span,
            style: Some(style),
            quirk: resolved.quirk,
        };
        if self.pending_key().is_some() {
            let name = self.key_name(&node, text)?;
            if style == ScalarStyle::Plain && name != text {
                self.notes.push(Note {
                    kind: NoteKind::ConvertedKey,
                    span,
                    message: format!(
                        "key `{text}` is read by Helm as `{name}`; quote it to keep `{text}`"
                    ),
                });
            }
            if let Some(map) = self.pending_key() {
                map.pending = Pending::Value(Key { name, span });
            }
            if anchor != 0 {
                self.anchors.insert(
                    anchor,
                    Built {
                        node,
                        count: 1,
                        height: 0,
                    },
                );
            }
            return Ok(());
        }
        let built = Built {
            node,
            count: 1,
            height: 0,
        };
        if anchor != 0 {
            self.anchors.insert(anchor, built.clone());
        }
        self.deliver(built)
    }

    fn open(&mut self, anchor: usize, span: &ParserSpan, body: Body) -> Result<(), YamlError> {
        let start = self.skip_properties(self.source.pos(&span.start), self.source.pos(&span.end));
        if self.pending_key().is_some() {
            return Err(self.collection_key_error(start, matches!(body, Body::Map(_))));
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.error(
                ErrorKind::TooDeep,
                start,
                format!("nesting deeper than {} levels", self.limits.max_depth),
            ));
        }
        self.count_nodes(1, start)?;
        let flow = matches!(self.char_at(start.offset), Some('{' | '['));
        self.stack.push(Frame {
            start,
            flow,
            anchor,
            count: 1,
            height: 1,
            end: start,
            body,
        });
        Ok(())
    }

    fn close(&mut self, span: &ParserSpan) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let end = if frame.flow {
            self.source.pos(&span.end)
        } else {
            frame.end
        };
        let kind = match frame.body {
            Body::Seq(items) => NodeKind::Seq(items),
            Body::Map(map) => NodeKind::Map(Mapping {
                entries: map.entries,
            }),
        };
        let built = Built {
            node: Node {
                kind,
                span: Span {
                    start: frame.start,
                    end,
                },
                style: None,
                quirk: None,
            },
            count: frame.count,
            height: frame.height,
        };
        if frame.anchor != 0 {
            self.anchors.insert(frame.anchor, built.clone());
        }
        self.deliver(built)
    }

    fn alias(&mut self, id: usize, span: &ParserSpan) -> Result<(), YamlError> {
        let at = self.source.pos(&span.start);
        self.aliases = self.aliases.saturating_add(1);
        if self.aliases > self.limits.max_aliases {
            return Err(self.error(
                ErrorKind::AliasLimit,
                at,
                format!("more than {} aliases", self.limits.max_aliases),
            ));
        }
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(self.error(ErrorKind::Syntax, at, "alias to an unknown anchor"));
        };
        let (count, height) = (anchored.count, anchored.height);
        self.alias_nodes = self.alias_nodes.saturating_add(count);
        if self.alias_nodes > self.limits.max_alias_nodes {
            return Err(self.error(
                ErrorKind::AliasLimit,
                at,
                format!(
                    "aliases expand to more than {} nodes (an alias bomb?)",
                    self.limits.max_alias_nodes
                ),
            ));
        }
        if self.stack.len().saturating_add(height) > self.limits.max_depth {
            return Err(self.error(
                ErrorKind::TooDeep,
                at,
                format!(
                    "alias expands to nesting deeper than {} levels",
                    self.limits.max_depth
                ),
            ));
        }
        self.count_nodes(count, at)?;
        let built = self
            .anchors
            .get(&id)
            .cloned()
            .ok_or_else(|| self.error(ErrorKind::Syntax, at, "alias to an unknown anchor"))?;
        if self.pending_key().is_some() {
            let text = built.node.helm_text().unwrap_or_default();
            let name = self.key_name(&built.node, &text)?;
            if let Some(map) = self.pending_key() {
                map.pending = Pending::Value(Key {
                    name,
                    span: built.node.span,
                });
            }
            return Ok(());
        }
        self.deliver(built)
    }

    /// Hands a finished node to its parent (or makes it the document root).
    fn deliver(&mut self, built: Built) -> Result<(), YamlError> {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(built.node);
            return Ok(());
        };
        frame.count = frame.count.saturating_add(built.count);
        frame.height = frame.height.max(built.height.saturating_add(1));
        frame.end = frame.end.max(built.node.span.end);
        match &mut frame.body {
            Body::Seq(items) => {
                items.push(built.node);
                Ok(())
            }
            Body::Map(map) => match std::mem::take(&mut map.pending) {
                Pending::Value(key) => {
                    let check = !self.limits.last_duplicate_wins;
                    if let Some(&first) = map.written.get(&key.name).filter(|_| check) {
                        let (name, at) = (key.name, key.span.start);
                        return Err(self.error(
                            ErrorKind::DuplicateKey,
                            at,
                            format!("duplicate key `{name}` (first defined on line {first})"),
                        ));
                    }
                    map.written.insert(key.name.clone(), key.span.start.line);
                    set_entry(map, key, built.node);
                    Ok(())
                }
                Pending::Merge => {
                    let at = built.node.span.start;
                    if merge_into(map, built.node) {
                        Ok(())
                    } else {
                        Err(self.error(
                            ErrorKind::InvalidMerge,
                            at,
                            "a `<<` merge needs a mapping or a sequence of mappings",
                        ))
                    }
                }
                Pending::Key => Err(self.error(
                    ErrorKind::InvalidKey,
                    built.node.span.start,
                    "unexpected node in key position",
                )),
            },
        }
    }

    // ----- helpers ------------------------------------------------------------

    /// The innermost mapping, when it waits for a key.
    fn pending_key(&mut self) -> Option<&mut MapBody> {
        match self.stack.last_mut().map(|frame| &mut frame.body) {
            Some(Body::Map(map)) if matches!(map.pending, Pending::Key) => Some(map),
            _ => None,
        }
    }

    /// The string Helm makes of a scalar key (sigs.k8s.io/yaml's conversion).
    fn key_name(&self, node: &Node, text: &str) -> Result<String, YamlError> {
        match &node.kind {
            NodeKind::String(s) => Ok(s.clone()),
            NodeKind::Int(i) => Ok(i.to_string()),
            NodeKind::Float(f) => Ok(format_float32(*f)),
            NodeKind::Bool(b) => Ok(b.to_string()),
            NodeKind::Null => Err(self.error(
                ErrorKind::InvalidKey,
                node.span.start,
                format!("null key `{text}`: Helm values need string keys"),
            )),
            NodeKind::Seq(_) | NodeKind::Map(_) => {
                Err(self
                    .collection_key_error(node.span.start, matches!(node.kind, NodeKind::Map(_))))
            }
        }
    }

    /// A mapping or sequence used as a key: usually an unrendered `{{ … }}`.
    fn collection_key_error(&self, start: Pos, is_map: bool) -> YamlError {
        let text = self.source.text();
        let placeholder_at = [start.offset.checked_sub(1), Some(start.offset)]
            .into_iter()
            .flatten()
            .find(|&at| text.get(at..).is_some_and(|rest| rest.starts_with("{{")));
        if let Some(at) = placeholder_at {
            let line_end = text
                .get(at..)
                .and_then(|rest| rest.find(['\n', '\r']))
                .map_or(text.len(), |n| at.saturating_add(n));
            let line = text.get(at..line_end).unwrap_or_default();
            let shown = find_placeholders(line)
                .first()
                .and_then(|&(s, e)| line.get(s..e))
                .unwrap_or("{{");
            return self.error(
                ErrorKind::Placeholder,
                self.source.pos_at_byte(at),
                placeholder_message(shown, "YAML reads it as a mapping used as a key"),
            );
        }
        let what = if is_map { "a mapping" } else { "a sequence" };
        self.error(
            ErrorKind::InvalidKey,
            start,
            format!("{what} cannot be a key: Helm values need string keys"),
        )
    }

    fn count_nodes(&mut self, count: usize, at: Pos) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(count);
        if self.nodes > self.limits.max_nodes {
            return Err(self.error(
                ErrorKind::TooManyNodes,
                at,
                format!("more than {} nodes", self.limits.max_nodes),
            ));
        }
        Ok(())
    }

    /// The span of an event, starting after any `&anchor` / `!tag` properties.
    fn span(&self, span: &ParserSpan) -> Span {
        let end = self.source.pos(&span.end);
        Span {
            start: self.skip_properties(self.source.pos(&span.start), end),
            end,
        }
    }

    /// Moves `start` past node properties (`&anchor`, `!tag`), the blanks and
    /// comments after them, never beyond `end`.
    fn skip_properties(&self, start: Pos, end: Pos) -> Pos {
        let text = self.source.text();
        let mut offset = start.offset;
        let mut in_property = false;
        let mut in_comment = false;
        for c in text
            .get(start.offset..end.offset.max(start.offset))
            .unwrap_or_default()
            .chars()
        {
            let keep_going = match c {
                '\n' | '\r' => {
                    in_comment = false;
                    in_property = false;
                    true
                }
                _ if in_comment => true,
                ' ' | '\t' => {
                    in_property = false;
                    true
                }
                '#' if !in_property => {
                    in_comment = true;
                    true
                }
                '&' | '!' if !in_property => {
                    in_property = true;
                    true
                }
                _ => in_property,
            };
            if !keep_going {
                break;
            }
            offset = offset.saturating_add(c.len_utf8());
        }
        if offset >= end.offset {
            end
        } else {
            self.source.pos_after(start, offset)
        }
    }

    fn char_at(&self, offset: usize) -> Option<char> {
        self.source.text().get(offset..)?.chars().next()
    }

    fn error(&self, kind: ErrorKind, pos: Pos, message: impl Into<String>) -> YamlError {
        YamlError::new(
            self.file,
            kind,
            pos,
            message,
            self.source.line_text(pos.line),
        )
    }

    fn scalar_error(&self, error: ScalarError, at: Pos) -> YamlError {
        match error {
            ScalarError::TagMismatch(message) => self.error(ErrorKind::TagMismatch, at, message),
            ScalarError::NotJson(message) => self.error(ErrorKind::NotJson, at, message),
        }
    }

    /// A parser error; on a line with an unquoted `{{ … }}` before the error
    /// column, the placeholder is the likely cause and is reported instead.
    fn scan_error(&self, error: &ScanError) -> YamlError {
        let pos = self.source.pos(error.marker());
        let line = self.source.line_text(pos.line);
        let error_column = usize::try_from(pos.column).unwrap_or(usize::MAX);
        let placeholder = find_placeholders(line).into_iter().find(|&(start, _)| {
            line.get(..start)
                .is_some_and(|before| before.chars().count() < error_column)
        });
        if let Some((start, end)) = placeholder {
            let at = self
                .source
                .pos_at_byte(self.source.line_start(pos.line).saturating_add(start));
            let shown = line.get(start..end).unwrap_or("{{");
            return self.error(
                ErrorKind::Placeholder,
                at,
                placeholder_message(shown, &format!("the YAML parser says: {}", error.info())),
            );
        }
        if error.info().contains("found a tab")
            && let Some(tab) = self.source.next_tab(pos.offset)
        {
            return self.error(
                ErrorKind::Syntax,
                self.source.pos_at_byte(tab),
                format!(
                    "YAML syntax error: a tab character; YAML indents and separates with spaces only (the parser: {})",
                    error.info()
                ),
            );
        }
        if error.info().contains("recursion limit") {
            return self.error(
                ErrorKind::TooDeep,
                pos,
                format!("nesting too deep for the YAML parser ({})", error.info()),
            );
        }
        self.error(
            ErrorKind::Syntax,
            pos,
            format!("YAML syntax error: {}", error.info()),
        )
    }
}

fn placeholder_message(placeholder: &str, detail: &str) -> String {
    format!(
        "unrendered template placeholder `{placeholder}`: {detail}; this file is a template, render it first or quote the value"
    )
}

/// Sets `key` in a mapping, replacing an entry a merge brought in.
fn set_entry(map: &mut MapBody, key: Key, node: Node) {
    match map
        .index
        .get(&key.name)
        .and_then(|&i| map.entries.get_mut(i))
    {
        Some(entry) => *entry = (key, node),
        None => {
            map.index.insert(key.name.clone(), map.entries.len());
            map.entries.push((key, node));
        }
    }
}

/// Applies a `<<` merge the way go-yaml v2 does: at its place in the mapping,
/// overwriting keys set so far; in a sequence, earlier mappings win.
fn merge_into(map: &mut MapBody, value: Node) -> bool {
    match value.kind {
        NodeKind::Map(mapping) => {
            for (key, node) in mapping.entries {
                set_entry(map, key, node);
            }
            true
        }
        NodeKind::Seq(items) => {
            if !items
                .iter()
                .all(|item| matches!(item.kind, NodeKind::Map(_)))
            {
                return false;
            }
            items.into_iter().rev().all(|item| merge_into(map, item))
        }
        _ => false,
    }
}

fn style_of(style: saphyr_parser::ScalarStyle) -> ScalarStyle {
    match style {
        saphyr_parser::ScalarStyle::Plain => ScalarStyle::Plain,
        saphyr_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        saphyr_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        saphyr_parser::ScalarStyle::Literal => ScalarStyle::Literal,
        saphyr_parser::ScalarStyle::Folded => ScalarStyle::Folded,
    }
}

#[cfg(test)]
mod tests;
