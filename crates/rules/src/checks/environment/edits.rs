//! The mechanical fixes of `environment-mismatch`: write the overlay's own
//! environment over a wrong one, or add it above the overlay's first key.

use gg_diagnostic::Edit;
use gg_platform::ServiceFile;
use gg_yaml::Node;

/// Replaces the value `node` of `file` with `env`, keeping the rest of its
/// line (key, comment); `None` unless the value is a one-line scalar.
pub(crate) fn replace_value(file: &ServiceFile, node: &Node, env: &str) -> Option<Edit> {
    let text = file.file.text.as_deref()?;
    let (start, end) = (node.span.start, node.span.end);
    if start.line != end.line || node.as_map().is_some() || node.as_seq().is_some() {
        return None;
    }
    let line_start = text.get(..start.offset)?.rfind('\n').map_or(0, |i| i + 1);
    let rest = text.get(start.offset..)?;
    let line = rest.split_inclusive('\n').next()?;
    let before = text.get(line_start..start.offset)?;
    let after = line.get(scalar_len(line)?..)?;
    Some(Edit {
        file: file.file.path.clone(),
        first_line: start.line,
        last_line: start.line,
        text: with_newline(format!("{before}{}{after}", scalar(env))),
    })
}

/// Adds `environment: {env}` above the first key of the overlay `file`;
/// `None` unless its document is a block mapping starting at column 1.
pub(crate) fn add_environment(file: &ServiceFile, env: &str) -> Option<Edit> {
    let text = file.file.text.as_deref()?;
    let root = file.file.node.as_ref()?;
    let (first, _) = root.as_map()?.entries.first()?;
    let line = first.span.start;
    if line.column != 1 || root.span.start.column != 1 {
        return None;
    }
    let original = text
        .split_inclusive('\n')
        .nth(usize::try_from(line.line).ok()?.checked_sub(1)?)?;
    Some(Edit {
        file: file.file.path.clone(),
        first_line: line.line,
        last_line: line.line,
        text: format!(
            "environment: {}\n{}",
            scalar(env),
            with_newline(original.to_owned())
        ),
    })
}

/// The length of the one-line scalar `line` starts with (a span's end may
/// reach past a trailing comment).
fn scalar_len(line: &str) -> Option<usize> {
    let mut chars = line.char_indices();
    match chars.next()? {
        (_, '"') => {
            let mut escaped = false;
            chars
                .find(|&(_, c)| {
                    let closes = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    closes
                })
                .map(|(i, _)| i + 1)
        }
        (_, '\'') => {
            let closing = line.get(1..)?.replace("''", "  ").find('\'')?;
            Some(closing + 2)
        }
        _ => {
            let content = line.trim_end_matches(['\n', '\r']);
            let content = content
                .find(" #")
                .map_or(content, |i| content.get(..i).unwrap_or(content));
            Some(content.trim_end().len())
        }
    }
}

/// `env` as a YAML scalar Helm reads back as that string: plain when it is a
/// plain word, quoted when YAML 1.1 would read a boolean, null or number.
fn scalar(env: &str) -> String {
    const NOT_STRINGS: [&str; 11] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "",
    ];
    let plain = env
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !env.bytes().all(|b| b.is_ascii_digit())
        && !NOT_STRINGS.contains(&env);
    if plain {
        env.to_owned()
    } else {
        format!("{env:?}")
    }
}

fn with_newline(mut line: String) -> String {
    if !line.ends_with('\n') {
        line.push('\n');
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use gg_platform::{FileRole, YamlFile};
    use gg_yaml::{Limits, load_values};

    fn overlay(text: &str) -> ServiceFile {
        let path = "svc/.cicd/staging.yaml";
        let node = load_values(text, path, &Limits::default())
            .ok()
            .map(|d| d.root);
        ServiceFile {
            role: FileRole::Overlay("staging".into()),
            file: YamlFile {
                path: path.into(),
                node,
                notes: Vec::new(),
                text: Some(text.into()),
            },
        }
    }

    fn applied(file: &ServiceFile, edit: Option<Edit>) -> Option<String> {
        edit?.apply(file.file.text.as_deref()?)
    }

    #[test]
    fn a_wrong_value_is_rewritten_keeping_its_comment() {
        let file = overlay("# staging\nenvironment: \"dev\"  # copied\nreplicas: 2\n");
        let value = file
            .file
            .node
            .as_ref()
            .and_then(|n| n.get_path(&["environment"]));
        let edit = value.and_then(|node| replace_value(&file, node, "staging"));
        assert_eq!(
            applied(&file, edit).as_deref(),
            Some("# staging\nenvironment: staging  # copied\nreplicas: 2\n")
        );
    }

    #[test]
    fn the_environment_is_added_above_the_first_key_after_comments() {
        let file = overlay("# staging overrides\n---\nimage:\n  tag: v1\n");
        assert_eq!(
            applied(&file, add_environment(&file, "staging")).as_deref(),
            Some("# staging overrides\n---\nenvironment: staging\nimage:\n  tag: v1\n")
        );
    }

    #[test]
    fn a_plain_or_single_quoted_value_is_rewritten_to_its_end() {
        assert_eq!(scalar_len("dev # x\n"), Some(3));
        assert_eq!(scalar_len("dev\n"), Some(3));
        assert_eq!(scalar_len("'it''s' # x"), Some(7));
        assert_eq!(scalar_len("\"a\\\"b\" # x"), Some(6));
    }

    #[test]
    fn no_edit_where_there_is_no_block_mapping_to_extend() {
        for text in [
            "# nothing yet\n",
            "{image: {tag: v1}}\n",
            "  image:\n    tag: v1\n",
        ] {
            assert_eq!(add_environment(&overlay(text), "staging"), None, "{text}");
        }
    }

    #[test]
    fn words_yaml_would_not_read_as_strings_are_quoted() {
        assert_eq!(scalar("staging"), "staging");
        assert_eq!(scalar("eu-1"), "eu-1");
        assert_eq!(scalar("on"), "\"on\"");
        assert_eq!(scalar("2024"), "\"2024\"");
        assert_eq!(scalar("Prod"), "\"Prod\"");
    }
}
