//! What Helm does to a template's output after rendering it: removes every
//! `<no value>` Go printed, and reads each document's head (`apiVersion`,
//! `kind`, `metadata.name`, `metadata.annotations`) into typed fields — a
//! number where a string belongs fails the whole render there.

use serde_json::Value;

use crate::gotmpl::NO_VALUE;

/// Removes `<no value>` from every string and key, as Helm does to the text.
pub(crate) fn remove_no_value(value: &mut Value) {
    match value {
        Value::String(text) if text.contains(NO_VALUE) => *text = text.replace(NO_VALUE, ""),
        Value::Array(items) => items.iter_mut().for_each(remove_no_value),
        Value::Object(map) => {
            if map.keys().any(|k| k.contains(NO_VALUE)) {
                let entries = std::mem::take(map);
                for (key, mut item) in entries {
                    remove_no_value(&mut item);
                    map.insert(key.replace(NO_VALUE, ""), item);
                }
            } else {
                map.values_mut().for_each(remove_no_value);
            }
        }
        _ => {}
    }
}

/// Helm's `SimpleHead`: the fields it reads from every document, with the
/// types it reads them into (a scalar is turned into the string a string
/// field wants; a map or list is not).
pub(crate) fn check(object: &Value) -> Result<(), String> {
    let text = |value: Option<&Value>, field: &str| match value {
        None | Some(Value::Null | Value::String(_) | Value::Number(_) | Value::Bool(_)) => Ok(()),
        Some(other) => Err(format!(
            "error unmarshaling JSON: `{field}` is {other}, not a string"
        )),
    };
    let map = match object {
        Value::Object(map) => map,
        Value::Null => return Ok(()),
        other => {
            return Err(format!(
                "error unmarshaling JSON: the document is {other}, not a mapping"
            ));
        }
    };
    text(map.get("apiVersion"), "apiVersion")?;
    text(map.get("kind"), "kind")?;
    let metadata = match map.get("metadata") {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Object(metadata)) => metadata,
        Some(other) => {
            return Err(format!(
                "error unmarshaling JSON: `metadata` is {other}, not a mapping"
            ));
        }
    };
    text(metadata.get("name"), "metadata.name")?;
    match metadata.get("annotations") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(annotations)) => annotations
            .iter()
            .try_for_each(|(key, value)| text(Some(value), &format!("metadata.annotations.{key}"))),
        Some(other) => Err(format!(
            "error unmarshaling JSON: `metadata.annotations` is {other}, not a mapping"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn heads_need_string_names_and_annotations() {
        assert!(
            check(
                &json!({"apiVersion": "v1", "metadata": {"name": "a", "annotations": {"x": "1"}}})
            )
            .is_ok()
        );
        assert!(check(&json!({"metadata": {"name": 123}})).is_ok());
        assert!(check(&json!({"metadata": {"annotations": {"port": 8080}}})).is_ok());
        assert!(check(&json!({"metadata": {"annotations": {"port": {"a": 1}}}})).is_err());
        assert!(check(&json!({"metadata": {"annotations": {"x": null}}})).is_ok());
        assert!(check(&json!(["a"])).is_err());
    }

    #[test]
    fn no_value_disappears() {
        let mut v = json!({"a<no value>": ["x<no value>y"]});
        remove_no_value(&mut v);
        assert_eq!(v, json!({"a": ["xy"]}));
    }
}
