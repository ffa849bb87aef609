//! The functions an ApplicationSet's Go templates may call that gitops-guard
//! evaluates: Go's comparisons and logic, `len`, `index`, `print(f)`, and
//! Sprig's common string functions (ArgoCD's `normalize` too). Others are
//! [`GoError::Unsupported`].

use serde_json::Value;

use super::gotemplate::GoError;
use crate::gotmpl;

type Out = Option<Value>;

fn text(value: String) -> Result<Out, GoError> {
    Ok(Some(Value::String(value)))
}

fn boolean(value: bool) -> Result<Out, GoError> {
    Ok(Some(Value::Bool(value)))
}

/// A string parameter (anything else fails, as Go's call does).
fn string<'a>(args: &'a [Out], index: usize, name: &str) -> Result<&'a str, GoError> {
    match args.get(index) {
        Some(Some(Value::String(s))) => Ok(s),
        other => Err(GoError::Fails(format!(
            "error calling {name}: wrong type for value; expected string; got {}",
            gotmpl::go_type(other.and_then(Option::as_ref))
        ))),
    }
}

fn arity(args: &[Out], want: usize, name: &str) -> Result<(), GoError> {
    if args.len() == want {
        Ok(())
    } else {
        Err(GoError::Fails(format!(
            "wrong number of args for {name}: want {want} got {}",
            args.len()
        )))
    }
}

/// An integer parameter (a whole number).
fn int(args: &[Out], index: usize, name: &str) -> Result<i64, GoError> {
    match args.get(index) {
        Some(Some(Value::Number(n))) => n
            .as_f64()
            .filter(|f| f.fract() == 0.0)
            .map(|f| f as i64)
            .ok_or_else(|| GoError::Fails(format!("error calling {name}: expected an integer"))),
        _ => Err(GoError::Fails(format!(
            "error calling {name}: expected an integer"
        ))),
    }
}

/// The functions [`call`] evaluates.
const KNOWN: &[&str] = &[
    "and",
    "or",
    "not",
    "eq",
    "ne",
    "len",
    "index",
    "print",
    "printf",
    "lower",
    "upper",
    "trim",
    "trimPrefix",
    "trimSuffix",
    "replace",
    "contains",
    "hasPrefix",
    "hasSuffix",
    "trunc",
    "default",
    "empty",
    "toString",
    "quote",
    "squote",
    "normalize",
];

/// Whether [`call`] evaluates `name` (checked when a template is parsed, as
/// Go checks that a function exists).
pub(super) fn known(name: &str) -> bool {
    KNOWN.contains(&name)
}

/// Calls `name` with `args` (a piped value is the last one).
pub(super) fn call(name: &str, args: &[Out]) -> Result<Out, GoError> {
    let arg = |i: usize| args.get(i).and_then(Option::as_ref);
    match name {
        "and" | "or" => {
            let want = name == "and";
            let found = args.iter().find(|a| gotmpl::truthy(a.as_ref()) != want);
            Ok(found.or(args.last()).cloned().flatten())
        }
        "not" => {
            arity(args, 1, name)?;
            boolean(!gotmpl::truthy(arg(0)))
        }
        "eq" | "ne" => {
            arity(args, 2, name)?;
            let same = equal(arg(0), arg(1))?;
            boolean(same == (name == "eq"))
        }
        "len" => {
            arity(args, 1, name)?;
            let n = gotmpl::len(arg(0), name).map_err(|e| GoError::Fails(e.reason))?;
            Ok(Some(Value::from(n)))
        }
        "index" => {
            let mut current = arg(0);
            for key in args.iter().skip(1) {
                current = match (current, key) {
                    (Some(Value::Object(map)), Some(Value::String(k))) => map.get(k),
                    (Some(Value::Array(items)), Some(Value::Number(n))) => {
                        n.as_u64().and_then(|i| items.get(usize::try_from(i).ok()?))
                    }
                    _ => {
                        return Err(GoError::Fails(
                            "error calling index: cannot index".to_owned(),
                        ));
                    }
                };
            }
            Ok(current.cloned())
        }
        "print" => text(args.iter().map(|a| gotmpl::to_string(a.as_ref())).collect()),
        "printf" => {
            let format = string(args, 0, name)?;
            let rest: Vec<Option<&Value>> = args.iter().skip(1).map(Option::as_ref).collect();
            text(gotmpl::printf(format, &rest))
        }
        "lower" => text(string(args, 0, name)?.to_lowercase()),
        "upper" => text(string(args, 0, name)?.to_uppercase()),
        "trim" => text(string(args, 0, name)?.trim().to_owned()),
        "trimPrefix" => {
            arity(args, 2, name)?;
            let (prefix, s) = (string(args, 0, name)?, string(args, 1, name)?);
            text(s.strip_prefix(prefix).unwrap_or(s).to_owned())
        }
        "trimSuffix" => {
            arity(args, 2, name)?;
            let (suffix, s) = (string(args, 0, name)?, string(args, 1, name)?);
            text(s.strip_suffix(suffix).unwrap_or(s).to_owned())
        }
        "replace" => {
            arity(args, 3, name)?;
            let (old, new, s) = (
                string(args, 0, name)?,
                string(args, 1, name)?,
                string(args, 2, name)?,
            );
            text(s.replace(old, new))
        }
        "contains" | "hasPrefix" | "hasSuffix" => {
            arity(args, 2, name)?;
            let (needle, s) = (string(args, 0, name)?, string(args, 1, name)?);
            boolean(match name {
                "contains" => s.contains(needle),
                "hasPrefix" => s.starts_with(needle),
                _ => s.ends_with(needle),
            })
        }
        "trunc" => {
            arity(args, 2, name)?;
            text(gotmpl::trunc(string(args, 1, name)?, int(args, 0, name)?))
        }
        "default" => {
            let given = if args.len() > 1 {
                arg(args.len() - 1)
            } else {
                None
            };
            Ok(gotmpl::default(given, arg(0)).cloned())
        }
        "empty" => boolean(!gotmpl::truthy(arg(0))),
        "toString" => text(gotmpl::to_string(arg(0))),
        "quote" | "squote" => {
            let mark = if name == "quote" { '"' } else { '\'' };
            let quoted: Vec<String> = args
                .iter()
                .flatten()
                .map(|a| {
                    let s = gotmpl::to_string(Some(a));
                    if mark == '"' {
                        crate::platform::go_quote(&s)
                    } else {
                        format!("'{s}'")
                    }
                })
                .collect();
            text(quoted.join(" "))
        }
        "normalize" => text(normalize(string(args, 0, name)?)),
        other => Err(GoError::Unsupported(format!("the function `{other}`"))),
    }
}

/// Go's `eq` on two values: the same kind compares; nil equals only nil;
/// different kinds fail.
fn equal(a: Option<&Value>, b: Option<&Value>) -> Result<bool, GoError> {
    match (a, b) {
        (None | Some(Value::Null), None | Some(Value::Null)) => Ok(true),
        (None | Some(Value::Null), _) | (_, None | Some(Value::Null)) => Ok(false),
        (Some(Value::Number(x)), Some(Value::Number(y))) => Ok(x.as_f64() == y.as_f64()),
        (Some(x @ (Value::String(_) | Value::Bool(_))), Some(y))
            if std::mem::discriminant(x) == std::mem::discriminant(y) =>
        {
            Ok(x == y)
        }
        _ => Err(GoError::Fails(
            "error calling eq: incompatible types for comparison".to_owned(),
        )),
    }
}

/// ArgoCD's `normalize`: lower case, anything but `a-z0-9.-` as `-`, at
/// most 253 characters, without leading or trailing `-` and `.`.
fn normalize(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut out: String = lower
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if out.len() > 253 {
        out.truncate(253);
    }
    out.trim_matches(|c| c == '-' || c == '.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn string_functions() {
        let s = |v: &str| Some(json!(v));
        assert_eq!(call("replace", &[s("/"), s("-"), s("a/b")]), Ok(s("a-b")));
        assert_eq!(call("trunc", &[Some(json!(3)), s("abcdef")]), Ok(s("abc")));
        assert_eq!(
            call("normalize", &[s("Feature/ABC_1")]),
            Ok(s("feature-abc-1"))
        );
        assert_eq!(call("default", &[s("x"), s("")]), Ok(s("x")));
        assert_eq!(call("quote", &[s("a\"b")]), Ok(s("\"a\\\"b\"")));
        assert!(call("lower", &[Some(json!(1))]).is_err());
        assert!(matches!(call("sha1sum", &[]), Err(GoError::Unsupported(_))));
    }
}
