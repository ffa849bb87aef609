//! A more specific finding absorbs its consequences on the same value, so one
//! mistake reads as one finding: a relative secret path
//! (`secret-path-relative`) is also denied by the policy of every environment
//! it resolves in (`secret-path-denied`), and so is a path another
//! environment inherits (`secret-path-wrong-env`); the cause then says so.

use gg_diagnostic::{Diagnostic, Location, Rule, rules};

/// (the specific rule, the rule of its consequence) pairs.
const ABSORBS: [(&Rule, &Rule); 2] = [
    (&rules::SECRET_PATH_RELATIVE, &rules::SECRET_PATH_DENIED),
    (&rules::SECRET_PATH_WRONG_ENV, &rules::SECRET_PATH_DENIED),
];

/// `diagnostics` with every consequence at the location of its cause folded
/// into the cause's message; environments are named in `env_order`.
pub(crate) fn absorb_consequences<S: AsRef<str>>(
    diagnostics: Vec<Diagnostic>,
    env_order: &[S],
) -> Vec<Diagnostic> {
    let (mut causes, mut rest): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
        .into_iter()
        .partition(|d| ABSORBS.iter().any(|(cause, _)| d.rule == cause.id));
    for cause in &mut causes {
        let Some((_, consequence)) = ABSORBS.iter().find(|(c, _)| cause.rule == c.id) else {
            continue;
        };
        let is_consequence =
            |d: &Diagnostic| d.rule == consequence.id && same_place(&d.location, &cause.location);
        let mut envs: Vec<String> = rest
            .iter()
            .filter(|d| is_consequence(d))
            .flat_map(|d| d.envs.iter().cloned())
            .collect();
        if envs.is_empty() {
            continue;
        }
        rest.retain(|d| !is_consequence(d));
        gg_sort::sort_by_key(&mut envs, |env| {
            env_order
                .iter()
                .position(|known| known.as_ref() == env)
                .unwrap_or(usize::MAX)
        });
        envs.dedup();
        cause.message = format!(
            "{}; as resolved, Vault denies it in {} (`{}`)",
            cause.message,
            envs.join(", "),
            consequence.id.as_str()
        );
    }
    causes.extend(rest);
    causes
}

fn same_place(a: &Location, b: &Location) -> bool {
    a.file == b.file && a.line == b.line && a.column == b.column
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rule: &Rule, line: u32, env: Option<&str>) -> Diagnostic {
        let finding = rule.finding(
            Location::span("o/.cicd/default.yaml", line, 12, line, 17),
            format!("{} finding", rule.id.as_str()),
        );
        match env {
            Some(env) => finding.with_env(env),
            None => finding,
        }
    }

    #[test]
    fn a_relative_path_absorbs_the_denials_on_its_value_only() {
        let found = vec![
            at(&rules::SECRET_PATH_DENIED, 7, Some("prod")),
            at(&rules::SECRET_PATH_RELATIVE, 7, None),
            at(&rules::SECRET_PATH_DENIED, 7, Some("dev")),
            at(&rules::SECRET_PATH_DENIED, 9, Some("dev")),
        ];
        let out = absorb_consequences(found, &["dev", "staging", "prod"]);
        assert_eq!(out.len(), 2, "{out:#?}");
        let relative = out
            .iter()
            .find(|d| d.rule == rules::SECRET_PATH_RELATIVE.id)
            .map(|d| d.message.as_str())
            .unwrap_or_default();
        assert!(
            relative.ends_with("denies it in dev, prod (`secret-path-denied`)"),
            "{relative}"
        );
        assert!(
            out.iter()
                .any(|d| d.rule == rules::SECRET_PATH_DENIED.id && d.location.line == 9)
        );
    }

    #[test]
    fn a_path_of_another_environment_absorbs_its_denial() {
        let found = vec![
            at(&rules::SECRET_PATH_WRONG_ENV, 7, Some("staging")),
            at(&rules::SECRET_PATH_DENIED, 7, Some("staging")),
        ];
        let out = absorb_consequences(found, &["dev", "staging", "prod"]);
        assert_eq!(out.len(), 1, "{out:#?}");
        assert!(
            out.iter().all(|d| d.rule == rules::SECRET_PATH_WRONG_ENV.id
                && d.message
                    .ends_with("denies it in staging (`secret-path-denied`)")),
            "{out:#?}"
        );
    }

    #[test]
    fn denials_without_a_relative_path_stay() {
        let found = vec![at(&rules::SECRET_PATH_DENIED, 7, Some("dev"))];
        assert_eq!(absorb_consequences(found, &["dev"]).len(), 1);
    }
}
