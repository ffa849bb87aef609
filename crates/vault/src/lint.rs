//! Policy lint: findings of the catalog's `vault-*` rules, at the line and
//! column of the policy text.

use gg_diagnostic::{Diagnostic, Location, Rule, rules};

use crate::acl::Acl;
use crate::kv2::{Kv2Api, Kv2Mount};
use crate::pattern::{Pattern, PatternKind};
use crate::policy::{PathRule, Policy, Position, parse_policy};

/// One finding in a policy, before it is placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    rule: &'static Rule,
    position: Position,
    message: String,
    help: String,
}

impl Found {
    fn new(rule: &'static Rule, position: Position, message: String, help: String) -> Self {
        Self {
            rule,
            position,
            message,
            help,
        }
    }

    /// The finding in `file`.
    fn in_file(self, file: &str) -> Diagnostic {
        let location = Location::point(file, self.position.line, self.position.column);
        self.rule
            .finding(location, self.message)
            .with_help(self.help)
    }
}

/// The platform's intent for secret paths: `{mount}/data/{prefix}/{service}/{env}/…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformScope {
    /// The KV v2 mount of service secrets.
    pub mount: Kv2Mount,
    /// `vaultPathPrefix`, e.g. `gitops-poc-dzha`.
    pub vault_path_prefix: String,
    /// The enabled environments.
    pub environments: Vec<String>,
}

/// What the lint needs to know beyond the policy text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintContext {
    /// The KV v2 mounts (default: `secret`).
    pub kv2_mounts: Vec<Kv2Mount>,
    /// The platform's scope, for `vault-grant-spans-envs` (skipped when `None`).
    pub platform: Option<PlatformScope>,
}

impl Default for LintContext {
    fn default() -> Self {
        Self {
            kv2_mounts: vec![Kv2Mount::default()],
            platform: None,
        }
    }
}

/// Parses and lints the policy text of `file`; a syntax error is one
/// `vault-policy-syntax` finding.
pub fn lint_policy_text(file: &str, text: &str, context: &LintContext) -> Vec<Diagnostic> {
    match parse_policy(text) {
        Ok(policy) => lint_policy(file, &policy, context),
        Err(err) => vec![Found::new(
            &rules::VAULT_POLICY_SYNTAX,
            err.position(),
            err.message().to_owned(),
            "Vault policies are HCL: `path \"secret/data/app/*\" { capabilities = [\"read\"] }`"
                .to_owned(),
        )
        .in_file(file)],
    }
}

/// Lints the parsed policy of `file`; findings come sorted by position, then rule id.
pub fn lint_policy(file: &str, policy: &Policy, context: &LintContext) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for rule in &policy.rules {
        glob_findings(rule, &mut findings);
        for mount in &context.kv2_mounts {
            kv2_findings(rule, mount, &mut findings);
        }
        if let Some(scope) = &context.platform {
            span_findings(rule, scope, &mut findings);
        }
    }
    shadow_findings(policy, &mut findings);
    gg_sort::sort_by(&mut findings, |a, b| {
        (a.position, &a.rule.id).cmp(&(b.position, &b.rule.id))
    });
    findings
        .into_iter()
        .map(|found| found.in_file(file))
        .collect()
}

/// Position of character `index` of a rule's pattern (after the opening quote).
fn char_position(rule: &PathRule, index: usize) -> Position {
    rule.path.position.advanced(index.saturating_add(1))
}

fn glob_findings(rule: &PathRule, findings: &mut Vec<Found>) {
    let written = rule.path.value.as_str();
    let chars: Vec<char> = written.chars().collect();
    let last = chars.len().saturating_sub(1);
    let mut segment_start = 0usize;
    for (index, c) in chars.iter().enumerate() {
        let next = chars.get(index.saturating_add(1)).copied();
        let previous = index.checked_sub(1).and_then(|i| chars.get(i)).copied();
        match c {
            '/' => segment_start = index.saturating_add(1),
            '+' if next == Some('*') => findings.push(Found::new(
                &rules::VAULT_GLOB_INVALID,
                char_position(rule, index),
                format!("`+*` in \"{written}\": Vault rejects the whole policy (\"invalid use of wildcards\")"),
                "`+` already matches one whole segment and `*` is a prefix glob; write `+/*` for everything below one segment".to_owned(),
            )),
            '*' if index != last && previous != Some('+') => findings.push(Found::new(
                &rules::VAULT_GLOB_INVALID,
                char_position(rule, index),
                format!("`*` is a glob only as the last character; here it is a literal `*`, so \"{written}\" matches only paths that contain a `*`"),
                match suggest_plus(written) {
                    Some(fixed) => format!("to match any one segment use `+`: \"{fixed}\""),
                    None => "move `*` to the end, or use `+` for one whole segment".to_owned(),
                },
            )),
            '+' if segment_length(&chars, segment_start) > 1 => findings.push(Found::new(
                &rules::VAULT_GLOB_INVALID,
                char_position(rule, index),
                format!(
                    "`+` matches a segment only when it stands alone between slashes; in `{}` it is a literal `+`",
                    chars.iter().skip(segment_start).take_while(|c| **c != '/').collect::<String>()
                ),
                "write the segment as `+` (any one segment) or spell it out without `+`".to_owned(),
            )),
            _ => {}
        }
    }
}

fn segment_length(chars: &[char], start: usize) -> usize {
    chars.iter().skip(start).take_while(|c| **c != '/').count()
}

/// The pattern with every whole-segment `*` before the end replaced by `+`.
fn suggest_plus(written: &str) -> Option<String> {
    let parts: Vec<&str> = written.split('/').collect();
    let last = parts.len().saturating_sub(1);
    let mut changed = false;
    let fixed: Vec<&str> = parts
        .iter()
        .enumerate()
        .map(|(index, part)| {
            if *part == "*" && index != last {
                changed = true;
                "+"
            } else {
                part
            }
        })
        .collect();
    changed.then(|| fixed.join("/"))
}

fn kv2_findings(rule: &PathRule, mount: &Kv2Mount, findings: &mut Vec<Found>) {
    let written = rule.path.value.as_str();
    let stripped = written.strip_prefix('/').unwrap_or(written);
    let Some(rest) = stripped
        .strip_prefix(mount.name())
        .and_then(|r| r.strip_prefix('/'))
    else {
        return;
    };
    let (segment, tail) = rest
        .split_once('/')
        .map_or((rest, None), |(s, t)| (s, Some(t)));
    let is_api = Kv2Api::ALL.iter().any(|api| api.segment() == segment) || segment == "config";
    let glob_covers_api = tail.is_none()
        && segment
            .strip_suffix('*')
            .is_some_and(|p| Kv2Api::ALL.iter().any(|api| api.segment().starts_with(p)));
    if rest.is_empty() || segment == "+" || is_api || glob_covers_api {
        return;
    }
    let skipped = written
        .len()
        .saturating_sub(stripped.len())
        .saturating_add(mount.name().len())
        .saturating_add(1);
    let index = written.get(..skipped).map_or(0, |s| s.chars().count());
    let name = mount.name();
    findings.push(Found::new(
        &rules::VAULT_POLICY_KV2_DATA,
        char_position(rule, index),
        format!("`{name}` is a KV v2 mount: reads go to `{name}/data/…` and listings to `{name}/metadata/…`, so \"{written}\" matches no secret request"),
        format!("write \"{name}/data/{rest}\" (read) and \"{name}/metadata/{rest}\" (list)"),
    ));
}

fn span_findings(rule: &PathRule, scope: &PlatformScope, findings: &mut Vec<Found>) {
    let Ok(pattern) = Pattern::parse(&rule.path.value) else {
        return;
    };
    if pattern.kind == PatternKind::Exact || rule.effective_capabilities().grants_nothing() {
        return;
    }
    let service_index = scope.mount.name().split('/').count().saturating_add(2);
    let service = match pattern.key.split('/').nth(service_index) {
        Some(s)
            if s != "+"
                && !s.contains('*')
                && pattern.key.split('/').count() > service_index.saturating_add(1) =>
        {
            s
        }
        _ => "svc",
    };
    if service == "platform" {
        return;
    }
    let prefix = scope.vault_path_prefix.as_str();
    for api in [Kv2Api::Data, Kv2Api::Metadata] {
        let reached: Vec<&str> = scope
            .environments
            .iter()
            .filter(|env| {
                pattern.matches(
                    &scope
                        .mount
                        .api_path(api, &format!("{prefix}/{service}/{env}/config")),
                )
            })
            .map(String::as_str)
            .collect();
        if reached.len() > 1 {
            findings.push(Found::new(
                &rules::VAULT_GRANT_SPANS_ENVS,
                rule.path.position,
                format!(
                    "\"{}\" grants {} on secrets of several environments ({}); the platform scopes every grant to one environment (`{prefix}/<service>/<env>/…`)",
                    rule.path.value,
                    rule.effective_capabilities(),
                    reached.join(", ")
                ),
                format!("name the environment in its segment, one rule per environment, e.g. \"{}\"", scope.mount.api_path(api, &format!("{prefix}/+/{}/*", reached.first().copied().unwrap_or("dev")))),
            ));
            return;
        }
    }
}

const FRESH: &str = "\u{0}gg";

/// Request paths where `pattern` is most likely to decide: wildcards filled with a
/// segment no literal pattern can match, prefixes with and without a tail.
fn witnesses(pattern: &Pattern) -> Vec<String> {
    let (body, prefix) = match pattern.kind {
        PatternKind::Exact => return vec![pattern.key.clone()],
        PatternKind::Prefix => (pattern.key.clone(), true),
        PatternKind::Segment => match pattern.key.strip_suffix('*') {
            Some(body) => (body.to_owned(), true),
            None => (pattern.key.clone(), false),
        },
    };
    let filled = body
        .split('/')
        .map(|part| if part == "+" { FRESH } else { part })
        .collect::<Vec<_>>()
        .join("/");
    if prefix {
        vec![
            filled.clone(),
            format!("{filled}{FRESH}"),
            format!("{filled}{FRESH}/{FRESH}"),
        ]
    } else {
        vec![filled]
    }
}

fn shadow_findings(policy: &Policy, findings: &mut Vec<Found>) {
    let Ok(acl) = Acl::new(std::slice::from_ref(policy)) else {
        return;
    };
    let mut seen: Vec<String> = Vec::new();
    for rule in &policy.rules {
        let Ok(pattern) = Pattern::parse(&rule.path.value) else {
            continue;
        };
        let written = pattern.written();
        if pattern.kind == PatternKind::Exact || seen.contains(&written) {
            continue;
        }
        seen.push(written.clone());
        let winners: Vec<_> = witnesses(&pattern)
            .iter()
            .filter_map(|w| acl.decide(w).matched)
            .collect();
        if winners.iter().any(|m| m.pattern == written) {
            continue;
        }
        let Some(winner) = winners.first() else {
            continue;
        };
        let line = winner
            .origins
            .first()
            .and_then(|o| policy.rules.get(o.rule))
            .map_or(String::new(), |r| {
                format!(" (line {})", r.path.position.line)
            });
        findings.push(Found::new(
            &rules::VAULT_RULE_SHADOWED,
            rule.path.position,
            format!("\"{}\" never decides a request: every path it matches is decided by the more specific \"{}\"{line}", rule.path.value, winner.pattern),
            "Vault applies only the most specific matching rule, capabilities are not added up across patterns; delete this rule or merge its capabilities into the winning one".to_owned(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_and_positions(text: &str, context: &LintContext) -> Vec<(String, u32, u32)> {
        lint_policy_text("p.hcl", text, context)
            .into_iter()
            .map(|f| {
                (
                    f.rule.as_str().to_owned(),
                    f.location.line,
                    f.location.column,
                )
            })
            .collect()
    }

    #[test]
    fn seed_readme_mid_path_star_is_reported_where_it_stands() {
        let text =
            "path \"secret/data/gitops-poc-dzha/*/dev/*\" {\n  capabilities = [\"read\"]\n}\n";
        let findings = lint_policy_text("p.hcl", text, &LintContext::default());
        assert_eq!(findings.len(), 1, "{findings:?}");
        let f = &findings[0];
        assert_eq!(
            (f.rule.as_str(), f.location.line, f.location.column),
            ("vault-glob-invalid", 1, 35)
        );
        assert!(
            f.help.contains("secret/data/gitops-poc-dzha/+/dev/*"),
            "{}",
            f.help
        );
    }

    #[test]
    fn glob_mistakes() {
        let ctx = LintContext::default();
        assert_eq!(
            ids_and_positions("path \"a/b+c/d\" {}", &ctx),
            vec![("vault-glob-invalid".into(), 1, 10)]
        );
        assert_eq!(
            ids_and_positions("path \"a/+*\" {}", &ctx),
            vec![("vault-glob-invalid".into(), 1, 9)]
        );
        assert_eq!(ids_and_positions("path \"+/a/+/*\" {}", &ctx), vec![]);
        assert_eq!(
            ids_and_positions("path \"a/*\" { capabilities = [\"raed\"] }", &ctx)[0].0,
            "vault-policy-syntax"
        );
    }

    #[test]
    fn kv2_paths_need_data_or_metadata() {
        let ctx = LintContext::default();
        assert_eq!(
            ids_and_positions("path \"secret/gitops/a\" {}", &ctx),
            vec![("vault-policy-kv2-data".into(), 1, 14)]
        );
        for ok in [
            "secret/data/a",
            "secret/metadata/a/*",
            "secret/*",
            "secret/+/a",
            "secret/d*",
            "other/a",
            "/secret/data/x",
        ] {
            assert_eq!(
                ids_and_positions(&format!("path \"{ok}\" {{}}"), &ctx),
                vec![],
                "{ok}"
            );
        }
    }

    #[test]
    fn shadowed_rules() {
        let ctx = LintContext::default();
        let text = "path \"secret/data/a/+\" { capabilities = [\"read\"] }\npath \"secret/data/a/+/*\" { capabilities = [\"list\"] }\npath \"secret/data/a/x\" { capabilities = [\"list\"] }\npath \"secret/data/a/+x\" { capabilities = [\"list\"] }\n";
        assert_eq!(
            ids_and_positions(text, &ctx),
            vec![("vault-glob-invalid".into(), 4, 21)]
        );
        let shadowed = "path \"secret/data/*\" { capabilities = [\"read\"] }\npath \"secret/data/+\" { capabilities = [\"list\"] }\npath \"secret/data/+/*\" { capabilities = [\"list\"] }\npath \"secret/data/*\" { capabilities = [\"update\"] }";
        assert_eq!(
            ids_and_positions(shadowed, &ctx),
            vec![("vault-rule-shadowed".into(), 3, 6)],
            "fewer wildcards win: `*` beats `+/*`"
        );
        let never = "path \"secret/data/a*\" { capabilities = [\"read\"] }\npath \"secret/data/+*\" { capabilities = [\"list\"] }";
        assert_eq!(
            ids_and_positions(never, &ctx),
            vec![("vault-glob-invalid".into(), 2, 19)]
        );
        let really = "path \"secret/data/+/b\" { capabilities = [\"read\"] }\npath \"secret/data/+/b*\" { capabilities = [\"list\"] }\npath \"secret/data/+/+\" { capabilities = [\"list\"] }";
        let findings = lint_policy_text("p.hcl", really, &ctx);
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn prefix_fully_covered_is_shadowed() {
        let text = "path \"secret/data/x/+/*\" { capabilities = [\"read\"] }\npath \"secret/data/x/*\" { capabilities = [\"list\"] }\npath \"secret/data/x/+\" { capabilities = [\"list\"] }";
        let findings = lint_policy_text("p.hcl", text, &LintContext::default());
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(
            (findings[0].rule.as_str(), findings[0].location.line),
            ("vault-rule-shadowed", 1)
        );
        assert!(
            findings[0].message.contains("\"secret/data/x/*\" (line 2)"),
            "{}",
            findings[0].message
        );
        let text = "path \"a/+/*\" { capabilities = [\"read\"] }\npath \"a/+/b*\" { capabilities = [\"list\"] }\npath \"a/+/b\" { capabilities = [\"update\"] }\npath \"a/+/bc*\" { capabilities = [\"update\"] }";
        let findings = lint_policy_text("p.hcl", text, &LintContext::default());
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn grants_spanning_environments() {
        let scope = PlatformScope {
            mount: Kv2Mount::default(),
            vault_path_prefix: "p".into(),
            environments: vec!["dev".into(), "staging".into(), "prod".into()],
        };
        let ctx = LintContext {
            platform: Some(scope),
            ..LintContext::default()
        };
        let text = "path \"secret/data/p/+/dev/*\" { capabilities = [\"read\"] }\npath \"secret/data/p/platform/*\" { capabilities = [\"read\"] }\npath \"secret/data/p/+/+/config\" { capabilities = [\"read\"] }\npath \"secret/data/p/api/*\" { capabilities = [\"read\"] }\npath \"secret/data/p/+/*\" { capabilities = [\"deny\"] }";
        assert_eq!(
            ids_and_positions(text, &ctx),
            vec![
                ("vault-grant-spans-envs".into(), 3, 6),
                ("vault-grant-spans-envs".into(), 4, 6)
            ]
        );
    }
}
