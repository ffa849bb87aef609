//! Unrendered template placeholders (`{{SERVICE_NAME}}`, `{{ .Values.x }}`).

/// Byte ranges (`start..end`, `end` just past the closing `}}`) of every
/// `{{ … }}` placeholder in `text`, in order. An unclosed `{{` is not one.
pub fn find_placeholders(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text.get(from..).and_then(|rest| rest.find("{{")) {
        let start = from + open;
        let Some(close) = text.get(start + 2..).and_then(|rest| rest.find("}}")) else {
            break;
        };
        let end = start + 2 + close + 2;
        found.push((start, end));
        from = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_placeholder() {
        let text = "{{A}}-x-{{ .Values.b }}";
        assert_eq!(find_placeholders(text), vec![(0, 5), (8, 23)]);
        assert_eq!(text.get(8..23), Some("{{ .Values.b }}"));
    }

    #[test]
    fn ignores_unclosed_and_plain_braces() {
        assert!(find_placeholders("{a: b}").is_empty());
        assert!(find_placeholders("{{ open").is_empty());
        assert_eq!(find_placeholders("é{{x}}"), vec![(2, 7)]);
    }
}
