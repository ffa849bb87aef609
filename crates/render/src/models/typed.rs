//! `models.json` from the typed models (k8s-openapi's JSON Schemas and
//! [`crate::crd`]'s), and the read-back held to the typed round trip it
//! replaces: deserialise into the model, serialise, compare.
//!
//! `UPDATE_GOLDEN=1 cargo nextest run -p gg-render models_json` rewrites the file.

use std::collections::BTreeMap;

use k8s_openapi::api::{apps, autoscaling, batch, core, networking, policy, rbac, storage};
use schemars::generate::SchemaGenerator;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use proptest::prelude::*;

use super::{MODELS, models};
use crate::crd;
use crate::verify::without_nulls;

/// One kind: `apiVersion kind`, the schema of its model, and the typed read-back.
struct Kind {
    key: &'static str,
    schema: Value,
    round_trip: fn(&Value) -> Result<Value, String>,
}

fn round_trip<T: DeserializeOwned + Serialize>(object: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(object.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

macro_rules! kinds {
    ($generator:ident; $($key:literal => $ty:ty),* $(,)?) => {
        vec![$(Kind {
            key: $key,
            schema: $generator.subschema_for::<$ty>().to_value(),
            round_trip: round_trip::<$ty>,
        }),*]
    };
}

/// Every kind gitops-guard renders, with its schema; and the generator's definitions.
fn kinds() -> (Vec<Kind>, Map<String, Value>) {
    let mut generator = SchemaGenerator::default();
    let kinds = kinds![generator;
        "apps/v1 Deployment" => apps::v1::Deployment,
        "v1 Service" => core::v1::Service,
        "v1 ConfigMap" => core::v1::ConfigMap,
        "v1 ServiceAccount" => core::v1::ServiceAccount,
        "v1 Namespace" => core::v1::Namespace,
        "v1 PersistentVolumeClaim" => core::v1::PersistentVolumeClaim,
        "autoscaling/v2 HorizontalPodAutoscaler" => autoscaling::v2::HorizontalPodAutoscaler,
        "policy/v1 PodDisruptionBudget" => policy::v1::PodDisruptionBudget,
        "batch/v1 Job" => batch::v1::Job,
        "batch/v1 CronJob" => batch::v1::CronJob,
        "rbac.authorization.k8s.io/v1 ClusterRole" => rbac::v1::ClusterRole,
        "rbac.authorization.k8s.io/v1 ClusterRoleBinding" => rbac::v1::ClusterRoleBinding,
        "storage.k8s.io/v1 StorageClass" => storage::v1::StorageClass,
        "networking.k8s.io/v1 Ingress" => networking::v1::Ingress,
        "secrets.hashicorp.com/v1beta1 VaultStaticSecret" => crd::VaultStaticSecret,
        "secrets.hashicorp.com/v1beta1 VaultAuth" => crd::VaultAuth,
        "gateway.networking.k8s.io/v1 HTTPRoute" => crd::HttpRoute,
        "gateway.networking.k8s.io/v1 Gateway" => crd::Gateway,
        "monitoring.coreos.com/v1 ServiceMonitor" => crd::ServiceMonitor,
        "monitoring.coreos.com/v1 PrometheusRule" => crd::PrometheusRule,
        "koudingspawn.de/v1 Vault" => crd::KoudingspawnVault,
        "argoproj.io/v1alpha1 Application" => crd::Application,
        "argoproj.io/v1alpha1 ApplicationSet" => crd::ApplicationSet,
        "secrets-store.csi.x-k8s.io/v1 SecretProviderClass" => crd::SecretProviderClass,
    ];
    let definitions = generator.definitions().clone();
    (kinds, definitions)
}

/// The definition a `$ref` names.
fn definition<'d>(
    schema: &Value,
    definitions: &'d Map<String, Value>,
) -> Option<(String, &'d Value)> {
    let name = schema.get("$ref")?.as_str()?.strip_prefix("#/$defs/")?;
    Some((name.to_owned(), definitions.get(name)?))
}

/// The `models.json` text of what a schema holds; object types go to `types`.
fn field(
    schema: &Value,
    definitions: &Map<String, Value>,
    types: &mut BTreeMap<String, Value>,
) -> Value {
    if let Some((name, target)) = definition(schema, definitions) {
        if name.ends_with(".IntOrString") {
            return json!("int32-or-string");
        }
        if target.get("properties").is_some() {
            if !types.contains_key(&name) {
                types.insert(name.clone(), Value::Null); // placeholder against cycles
                // k8s-openapi reads a missing required field as its default
                // (timestamps aside, which gitops-guard never renders); our
                // custom resources refuse it
                let object = object_type(target, definitions, types, !name.starts_with("io.k8s."));
                types.insert(name.clone(), object);
            }
            return json!(format!("@{name}"));
        }
        return field(target, definitions, types);
    }
    if schema.get("x-kubernetes-int-or-string") == Some(&json!(true)) {
        return json!("number-or-string"); // a quantity: any number, or a string
    }
    if let Some(Value::Array(alternatives)) = schema.get("anyOf").or_else(|| schema.get("oneOf")) {
        let not_null: Vec<&Value> = alternatives
            .iter()
            .filter(|a| **a != json!({"type": "null"}))
            .collect();
        if let [only] = not_null.as_slice() {
            return field(only, definitions, types);
        }
        return json!("any");
    }
    let kind: &str = match schema.get("type") {
        Some(Value::String(kind)) => kind,
        Some(Value::Array(kinds)) => {
            let mut not_null = kinds
                .iter()
                .filter_map(Value::as_str)
                .filter(|k| *k != "null");
            match (not_null.next(), not_null.next()) {
                (Some(only), None) => only,
                _ => return json!("any"),
            }
        }
        _ => return json!("any"),
    };
    match kind {
        "string" => json!("string"),
        "boolean" => json!("boolean"),
        "number" => json!("number"),
        "integer" => match schema.get("format").and_then(Value::as_str) {
            Some("int32" | "uint32" | "uint16" | "int16" | "uint8" | "int8") => json!("int32"),
            _ => json!("int64"),
        },
        "array" => {
            json!({"list": schema.get("items").map_or(json!("any"), |items| field(items, definitions, types))})
        }
        "object" if schema.get("properties").is_some() => {
            panic!("an inline object type: {schema}")
        }
        "object" => match schema.get("additionalProperties") {
            Some(Value::Object(item)) => {
                json!({"map": field(&Value::Object(item.clone()), definitions, types)})
            }
            _ => json!("any"),
        },
        _ => json!("any"),
    }
}

fn object_type(
    schema: &Value,
    definitions: &Map<String, Value>,
    types: &mut BTreeMap<String, Value>,
    with_required: bool,
) -> Value {
    let mut fields = BTreeMap::new();
    for (name, property) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        fields.insert(name.clone(), field(property, definitions, types));
    }
    let required = match schema.get("required") {
        Some(required) if with_required => required.clone(),
        _ => json!([]),
    };
    if required.as_array().is_some_and(Vec::is_empty) {
        json!({"fields": fields})
    } else {
        json!({"fields": fields, "required": required})
    }
}

/// `models.json` as the typed models describe themselves.
fn derived() -> String {
    let (kinds, definitions) = kinds();
    let mut types = BTreeMap::new();
    let mut roots = BTreeMap::new();
    for kind in &kinds {
        let Value::String(root) = field(&kind.schema, &definitions, &mut types) else {
            panic!("{} is not an object type", kind.key);
        };
        roots.insert(kind.key, root.trim_start_matches('@').to_owned());
    }
    let mut text = serde_json::to_string(&json!({"kinds": roots, "types": types})).unwrap();
    text.push('\n');
    text
}

#[test]
fn models_json_is_what_the_typed_models_say() {
    let text = derived();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/models.json");
        std::fs::write(path, &text).unwrap();
        return;
    }
    assert!(
        text == MODELS,
        "src/models.json is stale: rerun with UPDATE_GOLDEN=1"
    );
}

/// Differences between what was rendered and what the typed model read back.
fn differences(path: &str, rendered: &Value, read: Option<&Value>, out: &mut Vec<String>) {
    let Some(read) = read else {
        out.push(format!("unknown field `{}`", path.trim_start_matches('.')));
        return;
    };
    match (rendered, read) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                differences(&format!("{path}.{key}"), value, b.get(key), out);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, value) in a.iter().enumerate() {
                differences(&format!("{path}[{i}]"), value, b.get(i), out);
            }
        }
        (Value::Object(a), _) if a.is_empty() => {}
        (a, b) if a == b => {}
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        // A quantity given as a number: the model keeps it as a string, the
        // API server takes either; not a problem for the read-back.
        (Value::Number(_), Value::String(_)) => {}
        (a, b) => out.push(format!("`{path}`: {a} is read back as {b}")),
    }
}

/// The typed round trip's verdict: the unknown fields, or `Err` when it does
/// not read or reads a value differently (a struct given as a sequence).
fn typed_verdict(kind: &Kind, object: &Value) -> Result<Vec<String>, String> {
    let read = (kind.round_trip)(object)?;
    let mut found = Vec::new();
    differences("", object, Some(&read), &mut found);
    match found.iter().find(|p| !p.starts_with("unknown field")) {
        Some(different) => Err(different.clone()),
        None => Ok(found),
    }
}

/// The read-back's verdict in the same terms.
fn data_verdict(kind: &Kind, object: &Value) -> Result<Vec<String>, String> {
    let (api_version, name) = kind.key.split_once(' ').unwrap();
    let found = models().read_back(api_version, name, object).unwrap();
    match found.iter().find(|p| !p.starts_with("unknown field")) {
        Some(error) => Err(error.clone()),
        None => Ok(found),
    }
}

/// Both agree: the same unknown fields, or both find an error.
fn assert_agree(kind: &Kind, object: &Value) -> Result<(), TestCaseError> {
    let object = without_nulls(object);
    match (typed_verdict(kind, &object), data_verdict(kind, &object)) {
        (Ok(typed), Ok(data)) => prop_assert_eq!(typed, data, "{}", object),
        (Err(_), Err(_)) => {}
        // custom resources refuse unknown fields where built-in kinds drop them;
        // the read-back reports both the same way
        (Err(typed), Ok(data)) if typed.starts_with("unknown field `") => {
            let key = typed
                .trim_start_matches("unknown field `")
                .split('`')
                .next()
                .unwrap_or("");
            prop_assert!(
                data.iter().any(|p| p.ends_with(&format!("{key}`"))),
                "typed {}, data {:?}",
                typed,
                data
            );
        }
        (typed, data) => prop_assert!(false, "typed {:?}, data {:?} on {}", typed, data, object),
    }
    Ok(())
}

/// The kinds, made once.
static KINDS: std::sync::LazyLock<Vec<Kind>> = std::sync::LazyLock::new(|| kinds().0);

/// The objects of the example platform, read once.
static CORPUS: std::sync::LazyLock<Vec<(usize, Value)>> = std::sync::LazyLock::new(corpus);

/// Every object of the golden renders of the example platform, with its kind.
fn corpus() -> Vec<(usize, Value)> {
    let kinds = &*KINDS;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/render/example");
    let mut files = vec![format!("{root}/platform.yaml")];
    for service in std::fs::read_dir(root).unwrap() {
        let dir = service.unwrap().path();
        if dir.is_dir() {
            for env in std::fs::read_dir(&dir).unwrap() {
                files.push(env.unwrap().path().display().to_string());
            }
        }
    }
    let mut objects = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for document in gg_yaml::load_documents(&text, &file, &gg_yaml::Limits::default()).unwrap()
        {
            let object = without_nulls(&document.root.to_json());
            let key = format!(
                "{} {}",
                object["apiVersion"].as_str().unwrap_or(""),
                object["kind"].as_str().unwrap_or("")
            );
            if let Some(i) = kinds.iter().position(|k| k.key == key) {
                objects.push((i, object));
            }
        }
    }
    objects
}

#[test]
fn the_example_platform_reads_back_as_the_typed_models_read_it() {
    let (kinds, corpus) = (&*KINDS, &*CORPUS);
    assert!(corpus.len() > 50, "{} objects", corpus.len());
    let mut seen = std::collections::BTreeSet::new();
    for (i, object) in corpus {
        seen.insert(kinds[*i].key);
        assert_agree(&kinds[*i], object).unwrap();
        assert_eq!(data_verdict(&kinds[*i], object), Ok(vec![]), "{object}");
    }
    assert!(seen.len() >= 12, "kinds seen: {seen:?}");
}

/// A change made to one place of an object.
#[derive(Debug, Clone)]
enum Change {
    /// A key no model has.
    AddUnknownKey,
    /// A scalar replaced by one of another type.
    Retype(Value),
    /// A key removed.
    Remove,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        Just(Change::AddUnknownKey),
        Just(Change::Remove),
        prop_oneof![
            Just(json!(7)),
            Just(json!(-3_000_000_000_i64)),
            Just(json!(1.5)),
            Just(json!("7")),
            Just(json!("text")),
            Just(json!(true)),
            Just(json!([])),
            Just(json!({})),
            Just(json!(["a"])),
            Just(json!({"a": "b"})),
        ]
        .prop_map(Change::Retype),
    ]
}

/// Applies `change` at the `pick`-th node of `value` (depth first); true when done.
fn apply(value: &mut Value, change: &Change, pick: &mut usize) -> bool {
    if *pick == 0 {
        match (change, &mut *value) {
            (Change::AddUnknownKey, Value::Object(map)) => {
                map.insert("zzUnknownKey".to_owned(), json!("x"));
                return true;
            }
            (Change::Retype(new), v) if !v.is_object() || !new.is_object() => {
                *v = new.clone();
                return true;
            }
            _ => {}
        }
    }
    match value {
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                *pick = pick.saturating_sub(1);
                if *pick == 0 && matches!(change, Change::Remove) {
                    map.shift_remove(&key);
                    return true;
                }
                if let Some(child) = map.get_mut(&key)
                    && apply(child, change, pick)
                {
                    return true;
                }
            }
            false
        }
        Value::Array(items) => items.iter_mut().any(|item| {
            *pick = pick.saturating_sub(1);
            apply(item, change, pick)
        }),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Objects of the example platform with an unknown key, a value of another
    /// type or a key removed somewhere: the read-back finds what the typed
    /// round trip finds.
    #[test]
    fn changed_objects_read_back_as_the_typed_models_read_them(
        which in any::<prop::sample::Index>(),
        pick in 0usize..400,
        change in change(),
    ) {
        let (kinds, corpus) = (&*KINDS, &*CORPUS);
        let (i, object) = &corpus[which.index(corpus.len())];
        let mut object = object.clone();
        let mut pick = pick;
        apply(&mut object, &change, &mut pick);
        // the kind is looked up by these two, so they always match it
        let (original, _) = (&corpus[which.index(corpus.len())].1, ());
        prop_assume!(object.get("apiVersion") == original.get("apiVersion") && object.get("kind") == original.get("kind"));
        assert_agree(&kinds[*i], &object)?;
    }
}
