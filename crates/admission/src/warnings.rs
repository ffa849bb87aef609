//! Findings as admission warnings, within Kubernetes' limits: at most 256
//! characters each and 4096 in total (they travel as HTTP `Warning` headers;
//! the API server truncates longer ones). One finding is one warning.

use gg_diagnostic::{Diagnostic, Fix};

/// Longest warning the API server passes on unchanged.
pub const MAX_WARNING: usize = 256;
/// Most characters of all warnings of one response together.
pub const MAX_TOTAL: usize = 4096;

/// Between a finding's message and its fix.
const ARROW: &str = " → ";

/// One finding as one warning line of at most [`MAX_WARNING`] characters:
/// `[rule] `pointer`: message → fix` (the help when the fix is not known).
/// When that is too long the message and the fix are shortened, never split
/// into two warnings: a part shorter than half the line stays whole and the
/// other gets the rest, two long parts get half each. The rule id and the
/// pointer come first, so they survive any cut.
pub fn warning(finding: &Diagnostic) -> String {
    let head = one_line(&format!("[{}] {}", finding.rule, finding.message));
    let fix = one_line(
        &finding
            .fix
            .as_ref()
            .map_or_else(|| finding.help.clone(), Fix::instruction),
    );
    let room = MAX_WARNING - ARROW.chars().count();
    let (head_len, fix_len) = (head.chars().count(), fix.chars().count());
    if head_len + fix_len <= room {
        return format!("{head}{ARROW}{fix}");
    }
    let fix_room = fix_len.min((room / 2).max(room.saturating_sub(head_len)));
    let head_room = room - fix_room;
    format!("{}{ARROW}{}", cut(&head, head_room), cut(&fix, fix_room))
}

/// `text` on one line: line breaks and tabs become spaces (a warning is an
/// HTTP header value).
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Cuts `text` to at most `max` characters, at a word boundary when one is
/// near, ending with `…` when it was cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = keep
        .rfind(' ')
        .filter(|space| {
            keep.get(..*space)
                .is_some_and(|head| head.chars().count() * 4 >= max * 3)
        })
        .and_then(|space| keep.get(..space));
    format!("{}…", at_word.unwrap_or(&keep).trim_end())
}

/// The warnings of `lines`, each cut to [`MAX_WARNING`], as many as fit in
/// [`MAX_TOTAL`]; when some do not fit, the last one says how many were left
/// out and where to see them.
pub fn fit(lines: &[String]) -> Vec<String> {
    let reserve = omitted(lines.len()).chars().count();
    let mut out: Vec<String> = Vec::new();
    let mut total = 0;
    for (index, line) in lines.iter().enumerate() {
        let warning = cut(line, MAX_WARNING);
        let size = warning.chars().count();
        let last = index + 1 == lines.len();
        if total + size + if last { 0 } else { reserve } > MAX_TOTAL {
            out.push(omitted(lines.len() - index));
            return out;
        }
        total += size;
        out.push(warning);
    }
    out
}

/// The last warning when `count` findings did not fit.
fn omitted(count: usize) -> String {
    format!(
        "… and {count} more finding(s): run `gitops-guard lint` on the service's .cicd files to see them all"
    )
}

#[cfg(test)]
mod tests {
    use gg_diagnostic::{Location, Owner, rules};

    use super::*;

    fn finding(message: &str, fix: Option<Fix>) -> Diagnostic {
        let finding = rules::IMAGE_PULL_SECRETS_MISSING
            .finding(Location::file_start("Deployment shop-prod/orders"), message)
            .with_help("list the platform's registry secret in `imagePullSecrets`");
        match fix {
            Some(fix) => finding.with_fix(fix),
            None => finding,
        }
    }

    fn fix(files: usize) -> Fix {
        Fix {
            key: Some("imagePullSecrets".to_owned()),
            files: (0..files)
                .map(|i| format!("services/orders-{i}/.cicd/prod.yaml"))
                .collect(),
            owner: Some(Owner {
                service: "orders".to_owned(),
                application: "orders-prod".to_owned(),
            }),
            edits: Vec::new(),
        }
    }

    #[test]
    fn a_short_finding_is_one_whole_line() {
        let line = warning(&finding("`/spec/x`: wrong", Some(fix(2))));
        assert_eq!(
            line,
            "[image-pull-secrets-missing] `/spec/x`: wrong → fix `imagePullSecrets` in services/orders-0/.cicd/prod.yaml or services/orders-1/.cicd/prod.yaml"
        );
        let without_fix = warning(&finding("`/spec/x`: wrong", None));
        assert!(
            without_fix.ends_with("→ list the platform's registry secret in `imagePullSecrets`"),
            "{without_fix}"
        );
    }

    #[test]
    fn a_long_message_is_shortened_and_the_fix_kept() {
        let message = format!(
            "`/spec/template/spec/imagePullSecrets`: {}",
            "word ".repeat(80)
        );
        let line = warning(&finding(&message, Some(fix(2))));
        assert!(line.chars().count() <= MAX_WARNING, "{line}");
        assert!(
            line.starts_with(
                "[image-pull-secrets-missing] `/spec/template/spec/imagePullSecrets`: word"
            ),
            "{line}"
        );
        assert!(
            line.ends_with("… → fix `imagePullSecrets` in services/orders-0/.cicd/prod.yaml or services/orders-1/.cicd/prod.yaml"),
            "{line}"
        );
    }

    #[test]
    fn two_long_parts_share_the_line() {
        let message = format!("`/data/KEY`: {}", "word ".repeat(80));
        let line = warning(&finding(&message, Some(fix(8))));
        assert!(line.chars().count() <= MAX_WARNING, "{line}");
        let (head, tail) = line.split_once(ARROW).unwrap();
        assert!(head.starts_with("[image-pull-secrets-missing] `/data/KEY`: "));
        assert!(head.ends_with('…') && tail.ends_with('…'), "{line}");
        assert!(
            head.chars().count() >= 100 && tail.chars().count() >= 100,
            "{line}"
        );
    }

    #[test]
    fn line_breaks_never_reach_a_header() {
        let line = warning(&finding("`/data/A`: one\ntwo\r\nthree\tfour", None));
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert!(line.contains("one two  three four"), "{line}");
    }

    #[test]
    fn short_messages_stay_whole() {
        assert_eq!(cut("abc", 256), "abc");
        assert_eq!(fit(&["a".to_owned(), "b".to_owned()]), ["a", "b"]);
    }

    #[test]
    fn long_messages_are_cut_cleanly() {
        let long = "word ".repeat(100);
        let cut = cut(&long, MAX_WARNING);
        assert!(
            cut.chars().count() <= MAX_WARNING,
            "{}",
            cut.chars().count()
        );
        assert!(cut.ends_with("word…"), "{cut}");
        let multibyte = "é".repeat(300);
        let cut_multibyte = super::cut(&multibyte, MAX_WARNING);
        assert_eq!(cut_multibyte.chars().count(), MAX_WARNING);
    }

    #[test]
    fn the_total_stays_within_the_limit() {
        for length in [10, 100, 200, 255, 256, 300] {
            let messages: Vec<String> = (0..100)
                .map(|i| format!("{i} {}", "x".repeat(length)))
                .collect();
            let warnings = fit(&messages);
            let total: usize = warnings.iter().map(|w| w.chars().count()).sum();
            assert!(total <= MAX_TOTAL, "{length}: {total}");
            assert!(warnings.iter().all(|w| w.chars().count() <= MAX_WARNING));
            let last = warnings.last().unwrap();
            if length > 30 {
                assert!(
                    last.starts_with(&format!("… and {} more", 100 - (warnings.len() - 1))),
                    "{last}"
                );
            }
        }
    }
}
