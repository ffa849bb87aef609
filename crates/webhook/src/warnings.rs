//! Fitting messages into Kubernetes' limits for admission warnings: at most
//! 256 characters each and 4096 in total (they travel as HTTP headers).

/// Longest warning the API server passes on unchanged.
pub const MAX_WARNING: usize = 256;
/// Most characters of all warnings of one response together.
pub const MAX_TOTAL: usize = 4096;

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

/// The warnings of `messages`, each cut to [`MAX_WARNING`], as many as fit in
/// [`MAX_TOTAL`]; when some do not fit, the last one says how many were left
/// out.
pub fn fit(messages: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut total = 0;
    for (index, message) in messages.iter().enumerate() {
        let warning = cut(message, MAX_WARNING);
        let size = warning.chars().count();
        let remaining = messages.len() - index - 1;
        let reserve = if remaining > 0 { OMITTED_RESERVE } else { 0 };
        if total + size + reserve > MAX_TOTAL {
            out.push(omitted(messages.len() - index));
            return out;
        }
        total += size;
        out.push(warning);
    }
    out
}

/// Room kept for the "… more" line while others may follow.
const OMITTED_RESERVE: usize = 64;

fn omitted(count: usize) -> String {
    format!("… and {count} more finding(s): see the webhook's log or run `gitops-guard lint`")
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let messages: Vec<String> = (0..100)
            .map(|i| format!("{i} {}", "x ".repeat(200)))
            .collect();
        let warnings = fit(&messages);
        let total: usize = warnings.iter().map(|w| w.chars().count()).sum();
        assert!(total <= MAX_TOTAL, "{total}");
        assert!(warnings.iter().all(|w| w.chars().count() <= MAX_WARNING));
        let last = warnings.last().unwrap();
        assert!(last.starts_with("… and "), "{last}");
        assert!(
            last.contains(&format!("{} more", 100 - (warnings.len() - 1))),
            "{last}"
        );
    }
}
