//! The object of an admission request as the judge reads it, in any JSON
//! tree the object checks can read ([`Tree`]).

use std::borrow::Cow;
use std::collections::BTreeMap;

use gg_rules::json::JsonTree;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use kube_core::{ApiResource, DynamicResourceScope, Resource};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A JSON tree an admitted object's fields can be decoded into and the
/// object checks read.
pub trait Tree: JsonTree + DeserializeOwned {
    /// An object of `members`, in order.
    fn object(members: Vec<(&str, Self)>) -> Self;
}

#[cfg(feature = "sonic")]
impl Tree for sonic_rs::Value {
    fn object(members: Vec<(&str, Self)>) -> Self {
        let mut object = sonic_rs::Object::with_capacity(members.len());
        for (key, value) in members {
            object.insert(&key, value);
        }
        object.into_value()
    }
}

/// The object of an admission request as the checks read it: the metadata they
/// use and the `spec` and `data` fields. Decoded in one pass (no flattening,
/// other fields such as `managedFields` or `status` are skipped unread), which
/// makes decoding several times faster than into a `DynamicObject`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(from = "WireObject<J>", bound(deserialize = "J: Tree"))]
pub struct AdmittedObject<J> {
    /// `metadata.name`, `namespace`, `labels` and `ownerReferences`.
    pub metadata: ObjectMeta,
    /// `{"spec": …, "data": …}` with the fields the object has.
    pub body: J,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "J: Tree"))]
struct WireObject<J> {
    #[serde(default)]
    metadata: WireMeta,
    spec: Option<J>,
    data: Option<J>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireMeta {
    name: Option<String>,
    namespace: Option<String>,
    labels: Option<BTreeMap<String, String>>,
    owner_references: Option<Vec<OwnerReference>>,
}

impl<J: Tree> From<WireObject<J>> for AdmittedObject<J> {
    fn from(wire: WireObject<J>) -> Self {
        let body = [("spec", wire.spec), ("data", wire.data)]
            .into_iter()
            .filter_map(|(key, value)| Some((key, value?)))
            .collect();
        Self {
            metadata: ObjectMeta {
                name: wire.metadata.name,
                namespace: wire.metadata.namespace,
                labels: wire.metadata.labels,
                owner_references: wire.metadata.owner_references,
                ..ObjectMeta::default()
            },
            body: J::object(body),
        }
    }
}

impl<J> Resource for AdmittedObject<J> {
    type DynamicType = ApiResource;
    type Scope = DynamicResourceScope;

    fn kind(dt: &ApiResource) -> Cow<'_, str> {
        dt.kind.as_str().into()
    }

    fn group(dt: &ApiResource) -> Cow<'_, str> {
        dt.group.as_str().into()
    }

    fn version(dt: &ApiResource) -> Cow<'_, str> {
        dt.version.as_str().into()
    }

    fn api_version(dt: &ApiResource) -> Cow<'_, str> {
        dt.api_version.as_str().into()
    }

    fn plural(dt: &ApiResource) -> Cow<'_, str> {
        dt.plural.as_str().into()
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }

    fn meta_mut(&mut self) -> &mut ObjectMeta {
        &mut self.metadata
    }
}
