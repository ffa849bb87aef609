#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Walks `cases/service_refs.txt` (format described at its top) and reports every failing case.

use gg_naming::{RefForm, ScanContext, scan_service_refs};

const CASES: &str = include_str!("cases/service_refs.txt");

/// One expected or actual hit, in the case file's notation.
type Hit = (String, String, String, String, String);

struct Case {
    line: usize,
    ctx: ScanContext,
    input: String,
    expected: Vec<Hit>,
}

fn form_name(form: RefForm) -> &'static str {
    match form {
        RefForm::Short => "short",
        RefForm::Namespaced => "namespaced",
        RefForm::Svc => "svc",
        RefForm::ClusterLocal => "cluster-local",
    }
}

fn parse(text: &str) -> Vec<Case> {
    let mut ctx = ScanContext::new();
    let mut cases: Vec<Case> = Vec::new();
    let mut reading_input = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let mut words = line.split_whitespace();
        if let Some(input) = line.strip_prefix("> ").or_else(|| line.strip_prefix('>')) {
            if reading_input {
                let case = cases.last_mut().unwrap();
                case.input.push('\n');
                case.input.push_str(input);
            } else {
                cases.push(Case {
                    line: number,
                    ctx: ctx.clone(),
                    input: input.to_owned(),
                    expected: Vec::new(),
                });
            }
            reading_input = true;
            continue;
        }
        reading_input = false;
        match words.next() {
            None | Some("#" | "##") => {}
            Some(w) if w.starts_with('#') => {}
            Some("@reset") => ctx = ScanContext::new(),
            Some("@env") => {
                let prefix = words.next().expect("@env PREFIX ENV");
                let prefix = if prefix == "-" { "" } else { prefix };
                let env = words.next().expect("@env PREFIX ENV");
                ctx = ctx.with_environment(prefix, env, None);
            }
            Some("@namespaces") => {
                for ns in words {
                    ctx = ctx.with_namespace(ns);
                }
            }
            Some("@services") => ctx = ctx.with_services(words),
            Some("=") => {
                let fields: Vec<String> = words.map(str::to_owned).collect();
                let case = cases
                    .last_mut()
                    .unwrap_or_else(|| panic!("line {number}: '=' before '>'"));
                match fields.as_slice() {
                    [none] if none == "none" => {}
                    [host, form, service, namespace, port] => case.expected.push((
                        host.clone(),
                        form.clone(),
                        service.clone(),
                        namespace.clone(),
                        port.clone(),
                    )),
                    _ => panic!(
                        "line {number}: expected '= HOST FORM SERVICE NAMESPACE PORT' or '= none'"
                    ),
                }
            }
            Some(other) => panic!("line {number}: unknown directive {other:?}"),
        }
    }
    cases
}

#[test]
fn service_reference_cases() {
    let cases = parse(CASES);
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let refs = scan_service_refs(&case.input, &case.ctx);
        let actual: Vec<Hit> = refs
            .iter()
            .map(|r| {
                (
                    r.host.clone(),
                    form_name(r.form).to_owned(),
                    r.service.clone(),
                    r.namespace.clone().unwrap_or_else(|| "-".into()),
                    r.port.map_or_else(|| "-".into(), |p| p.to_string()),
                )
            })
            .collect();
        let ranges_ok = refs
            .iter()
            .all(|r| case.input.get(r.range.clone()) == Some(r.host.as_str()));
        if actual != case.expected || !ranges_ok {
            failures.push(format!(
                "line {}: {:?}\n  expected {:?}\n  actual   {:?}{}",
                case.line,
                case.input,
                case.expected,
                actual,
                if ranges_ok {
                    ""
                } else {
                    "\n  (a byte range does not slice back to its host)"
                }
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
