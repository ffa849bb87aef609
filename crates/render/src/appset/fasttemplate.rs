//! ArgoCD's default template syntax (valyala/fasttemplate): `{{name}}` is
//! replaced by the parameter `name` (spaces inside the braces trimmed) when
//! the parameter is a string; any other tag stays as written. A string with
//! no `{{…}}` on one of its lines is left alone; one whose `{{` has no `}}`
//! after it fails.

use serde_json::{Map, Value};

/// Replaces the tags of `text` with `params`.
///
/// # Errors
/// fasttemplate's message for a start tag without an end tag.
pub(crate) fn render(text: &str, params: &Map<String, Value>) -> Result<String, String> {
    if !text.lines().any(holds_tag) {
        return Ok(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 2..).unwrap_or_default();
        let Some(close) = after.find("}}") else {
            return Err(format!(
                "invalid template: cannot find end tag=\"}}}}\" in the template={text:?} starting from {after:?}"
            ));
        };
        let tag = after.get(..close).unwrap_or_default();
        match params.get(tag.trim()) {
            Some(Value::String(value)) if !tag.trim().is_empty() => out.push_str(value),
            _ => {
                out.push_str("{{");
                out.push_str(tag);
                out.push_str("}}");
            }
        }
        rest = after.get(close + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(out)
}

/// ArgoCD's `.*{{.*}}.*` on one line.
fn holds_tag(line: &str) -> bool {
    line.find("{{")
        .and_then(|open| line.get(open + 2..))
        .is_some_and(|after| after.contains("}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params() -> Map<String, Value> {
        let Value::Object(map) = json!({"service": "orders", "env": "dev", "wave": 1}) else {
            unreachable!()
        };
        map
    }

    #[test]
    fn string_parameters_replace_their_tags() {
        assert_eq!(
            render("{{service}}-{{ env }}", &params()).unwrap(),
            "orders-dev"
        );
        assert_eq!(
            render("{{wave}}/{{missing}}/{{}}", &params()).unwrap(),
            "{{wave}}/{{missing}}/{{}}"
        );
        assert_eq!(render("{{.service}}", &params()).unwrap(), "{{.service}}");
        assert_eq!(render("plain", &params()).unwrap(), "plain");
        assert_eq!(render("{{ a\n}}", &params()).unwrap(), "{{ a\n}}");
        assert!(render("{{service}} {{env", &params()).is_err());
    }
}
