//! Any text as a Vault policy: parsing and linting never panic; every position
//! (errors, rules, findings) names a place in the text; a parsed policy prints
//! to text that parses back to the same policy, and printing is stable.
#![no_main]

use gg_fuzz::assert_line_column_in;
use gg_vault::{LintContext, lint_policy_text, parse_policy, print_policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for finding in lint_policy_text("p.hcl", text, &LintContext::default()) {
        let at = &finding.location;
        assert_line_column_in(text, at.line, at.column, "finding");
        assert!(
            (at.line, at.column) <= (at.end_line, at.end_column),
            "{finding:?}"
        );
    }
    let policy = match parse_policy(text) {
        Ok(policy) => policy,
        Err(error) => {
            let at = error.position();
            assert_line_column_in(text, at.line, at.column, "error");
            return;
        }
    };
    for rule in &policy.rules {
        let at = rule.path.position;
        assert_line_column_in(text, at.line, at.column, "path");
    }
    let printed = print_policy(&policy);
    let reparsed = parse_policy(&printed)
        .unwrap_or_else(|e| panic!("printed policy does not parse: {e}\n{printed}"));
    assert_eq!(reparsed, policy, "print changed the policy:\n{printed}");
    assert_eq!(print_policy(&reparsed), printed, "printing is not stable");
});
