//! Escaping text for XML 1.0 documents.

/// `text` escaped for an XML attribute value in double quotes.
///
/// Line breaks and tabs become character references so that attribute value
/// normalization does not turn them into spaces.
pub(crate) fn attribute(text: &str) -> String {
    escape(text, true)
}

/// `text` escaped for XML character data.
pub(crate) fn text(text: &str) -> String {
    escape(text, false)
}

fn escape(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\'' if in_attribute => out.push_str("&apos;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            // Not even a character reference may carry these in XML 1.0.
            _ => out.push(char::REPLACEMENT_CHARACTER),
        }
    }
    out
}

/// The XML 1.0 `Char` production (surrogates cannot occur in a `char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            attribute(r#"a<b>&"c"'d'"#),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(text(r#"a<b>&"c""#), r#"a&lt;b&gt;&amp;"c""#);
    }

    #[test]
    fn line_breaks_survive_in_attributes_and_control_characters_are_replaced() {
        assert_eq!(attribute("a\nb\tc\r"), "a&#10;b&#9;c&#13;");
        assert_eq!(
            text("a\nb\u{0}c\u{1b}d\u{FFFE}"),
            "a\nb\u{FFFD}c\u{FFFD}d\u{FFFD}"
        );
    }
}
