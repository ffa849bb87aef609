//! The status message of a denial, as `kubectl` prints it after
//! `Error from server (Forbidden): admission webhook … denied the request:`.
//! Bounded to what a terminal user reads: whole findings only, then how many
//! were left out and where to see them all.

use gg_diagnostic::Diagnostic;

use crate::warnings::cut;

/// Longest denial message, in characters: a screenful.
pub const MAX_DENIAL: usize = 4096;

/// Longest message, and longest remedy, of one finding in a denial: a
/// finding takes at most about a quarter of [`MAX_DENIAL`], so every denial
/// shows several.
const MAX_PART: usize = 480;

/// The last line when every error is shown.
const EXPLAIN: &str = "\n(see `gitops-guard explain <rule>`)";

/// The status message denying `object` for `errors` (at least one): a
/// headline, then each error with its fix as long as they fit in
/// [`MAX_DENIAL`], then either how many were left out or the `explain` hint.
pub fn denial(object: &str, errors: &[&Diagnostic]) -> String {
    let mut text = format!("gitops-guard denied {object}: {} error(s)", errors.len());
    let reserve = left_out(errors.len()).chars().count();
    for (shown, finding) in errors.iter().enumerate() {
        let block = format!(
            "\n[{}] {}\n  fix: {}",
            finding.rule,
            cut(&finding.message, MAX_PART),
            cut(&remedy(finding), MAX_PART)
        );
        let last = shown + 1 == errors.len();
        let tail = if last { EXPLAIN.len() } else { reserve };
        if shown > 0 && text.chars().count() + block.chars().count() + tail > MAX_DENIAL {
            text.push_str(&left_out(errors.len() - shown));
            return text;
        }
        text.push_str(&block);
    }
    text.push_str(EXPLAIN);
    text
}

/// Where to fix a finding and how: the fix, with its owner, then the help.
fn remedy(finding: &Diagnostic) -> String {
    match &finding.fix {
        Some(fix) => format!("{fix}; {}", finding.help),
        None => finding.help.clone(),
    }
}

/// The closing lines when `count` errors are not shown.
fn left_out(count: usize) -> String {
    format!(
        "\n… and {count} more error(s): run `gitops-guard lint` on the service's .cicd files to see them all\n(`gitops-guard explain <rule>` explains a rule)"
    )
}

#[cfg(test)]
mod tests {
    use gg_diagnostic::{Location, rules};

    use super::*;

    fn errors(count: usize, words: usize) -> Vec<Diagnostic> {
        (0..count)
            .map(|i| {
                rules::CONFIGMAP_CREDENTIALS
                    .finding(
                        Location::file_start("ConfigMap shop-prod/orders"),
                        format!("`/data/KEY_{i}`: {}", "word ".repeat(words)),
                    )
                    .with_help("keep credentials in Vault")
            })
            .collect()
    }

    #[test]
    fn a_few_errors_are_shown_whole_with_the_explain_hint() {
        let found = errors(2, 3);
        let text = denial(
            "ConfigMap shop-prod/orders",
            &found.iter().collect::<Vec<_>>(),
        );
        assert_eq!(
            text,
            "gitops-guard denied ConfigMap shop-prod/orders: 2 error(s)\n\
             [configmap-credentials] `/data/KEY_0`: word word word \n  fix: keep credentials in Vault\n\
             [configmap-credentials] `/data/KEY_1`: word word word \n  fix: keep credentials in Vault\n\
             (see `gitops-guard explain <rule>`)"
        );
    }

    #[test]
    fn many_errors_end_with_the_count_of_the_rest() {
        for (count, words) in [(80, 10), (80, 200), (12, 40), (3, 2000)] {
            let found = errors(count, words);
            let text = denial(
                "ConfigMap shop-prod/orders",
                &found.iter().collect::<Vec<_>>(),
            );
            assert!(
                text.chars().count() <= MAX_DENIAL,
                "{count}×{words}: {}",
                text.len()
            );
            let shown = text.matches("\n[configmap-credentials] ").count();
            assert!(shown >= 3.min(count), "{count}×{words}: {shown} shown");
            // whole findings: every shown one has its fix line
            assert_eq!(text.matches("\n  fix: ").count(), shown);
            if shown < count {
                assert!(
                    text.contains(&format!(
                        "\n… and {} more error(s): run `gitops-guard lint`",
                        count - shown
                    )),
                    "{text}"
                );
                assert!(text.ends_with("(`gitops-guard explain <rule>` explains a rule)"));
            } else {
                assert!(text.ends_with(EXPLAIN), "{text}");
            }
        }
    }
}
