//! Finding platform namespace names written into config values.

use std::ops::Range;

use serde::Serialize;

use crate::service_ref::ScanContext;

/// A known namespace written as a whole token (bounded by anything but `a-z A-Z 0-9 _ -`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamespaceMention {
    /// The namespace.
    pub namespace: String,
    /// Byte range of the namespace in the scanned string.
    pub range: Range<usize>,
}

/// Finds every known namespace of `ctx` that `input` names as a whole token: `poc-dev` in
/// `db.poc-dev.svc` or `/data/poc-dev/`, but not in `poc-dev-read` or `xpoc-dev`.
///
/// ```
/// use gg_naming::{find_namespace_mentions, ScanContext};
/// let ctx = ScanContext::new().with_environment("poc", "staging", None);
/// let found = find_namespace_mentions("ns=poc-staging policy=poc-staging-read", &ctx);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].range, 3..14);
/// ```
#[must_use]
pub fn find_namespace_mentions(input: &str, ctx: &ScanContext) -> Vec<NamespaceMention> {
    let mut out = Vec::new();
    let mut start = None;
    let boundary = input.len();
    for (index, c) in input.char_indices().chain(std::iter::once((boundary, ' '))) {
        let in_token = c.is_ascii_alphanumeric() || c == '-' || c == '_';
        match (in_token, start) {
            (true, None) => start = Some(index),
            (false, Some(token_start)) => {
                start = None;
                if let Some(token) = input.get(token_start..index)
                    && ctx.is_known_namespace(token)
                {
                    out.push(NamespaceMention {
                        namespace: token.to_owned(),
                        range: token_start..index,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_tokens_only() {
        let ctx = ScanContext::new().with_environment("poc", "dev", None);
        let text = "poc-dev /x/poc-dev/ poc-dev-read xpoc-dev db.infra-dev.svc poc_dev";
        let found: Vec<_> = find_namespace_mentions(text, &ctx)
            .into_iter()
            .map(|m| (m.namespace, &text[m.range]))
            .collect();
        assert_eq!(
            found,
            [
                ("poc-dev".to_owned(), "poc-dev"),
                ("poc-dev".to_owned(), "poc-dev"),
                ("infra-dev".to_owned(), "infra-dev"),
            ]
        );
    }
}
