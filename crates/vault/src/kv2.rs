//! KV version 2 path model: a mount, its `data/` and `metadata/` API trees, and the
//! logical secret paths that k8app and VSO write without either.

/// The API trees of a KV v2 mount that take a logical secret path after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kv2Api {
    /// `data/`: read and write secret versions.
    Data,
    /// `metadata/`: list keys, read and delete metadata.
    Metadata,
    /// `delete/`: soft-delete versions.
    Delete,
    /// `undelete/`.
    Undelete,
    /// `destroy/`: remove versions permanently.
    Destroy,
    /// `subkeys/`: key structure without values.
    Subkeys,
}

impl Kv2Api {
    /// Every API tree.
    pub const ALL: [Kv2Api; 6] = [
        Kv2Api::Data,
        Kv2Api::Metadata,
        Kv2Api::Delete,
        Kv2Api::Undelete,
        Kv2Api::Destroy,
        Kv2Api::Subkeys,
    ];

    /// The path segment of the tree.
    pub fn segment(self) -> &'static str {
        match self {
            Kv2Api::Data => "data",
            Kv2Api::Metadata => "metadata",
            Kv2Api::Delete => "delete",
            Kv2Api::Undelete => "undelete",
            Kv2Api::Destroy => "destroy",
            Kv2Api::Subkeys => "subkeys",
        }
    }
}

/// What a logical secret path wrongly carries in front (see [`Kv2Mount::leaked_prefix`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeakedPrefix {
    /// The path starts with the mount, e.g. `secret/app/dev/config`.
    Mount(String),
    /// The path starts with an API tree, e.g. `data/app/dev/config`.
    Api(Kv2Api),
}

/// A KV v2 secrets engine mount, e.g. `secret`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Kv2Mount {
    name: String,
}

impl Default for Kv2Mount {
    fn default() -> Self {
        Self::new("secret")
    }
}

impl Kv2Mount {
    /// A mount by name; surrounding slashes are dropped (`/secret/` → `secret`).
    pub fn new(name: &str) -> Self {
        Self {
            name: name.trim_matches('/').to_owned(),
        }
    }

    /// The mount path without slashes.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The API path of `logical` in `api`: `secret/data/app/dev/config`.
    pub fn api_path(&self, api: Kv2Api, logical: &str) -> String {
        format!(
            "{}/{}/{}",
            self.name,
            api.segment(),
            logical.trim_start_matches('/')
        )
    }

    /// The path a read of the secret goes to (`{mount}/data/{logical}`).
    pub fn data_path(&self, logical: &str) -> String {
        self.api_path(Kv2Api::Data, logical)
    }

    /// The path its metadata and key listing go to (`{mount}/metadata/{logical}`).
    pub fn metadata_path(&self, logical: &str) -> String {
        self.api_path(Kv2Api::Metadata, logical)
    }

    /// Splits an API path of this mount into its tree and logical path:
    /// `secret/data/a/b` → `(Data, "a/b")`. `None` for other mounts or unknown trees.
    pub fn split_api_path<'p>(&self, api_path: &'p str) -> Option<(Kv2Api, &'p str)> {
        let rest = api_path
            .trim_start_matches('/')
            .strip_prefix(self.name.as_str())?
            .strip_prefix('/')?;
        let (segment, logical) = rest.split_once('/').unwrap_or((rest, ""));
        Kv2Api::ALL
            .into_iter()
            .find(|api| api.segment() == segment)
            .map(|api| (api, logical))
    }

    /// A logical path (as written in k8app `secrets` or a VaultStaticSecret `path`) that
    /// starts with the mount or with `data/` / `metadata/`: VSO would then read
    /// `secret/data/secret/…` or `secret/data/data/…`.
    pub fn leaked_prefix(&self, logical: &str) -> Option<LeakedPrefix> {
        let path = logical.trim_start_matches('/');
        let first = path.split('/').next().unwrap_or("");
        if path
            .strip_prefix(self.name.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
        {
            return Some(LeakedPrefix::Mount(self.name.clone()));
        }
        [Kv2Api::Data, Kv2Api::Metadata]
            .into_iter()
            .find(|api| api.segment() == first)
            .map(LeakedPrefix::Api)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths() {
        let mount = Kv2Mount::default();
        assert_eq!(
            mount.data_path("/gitops-poc-dzha/api-gw/dev/config"),
            "secret/data/gitops-poc-dzha/api-gw/dev/config"
        );
        assert_eq!(mount.metadata_path("a"), "secret/metadata/a");
        assert_eq!(
            mount.split_api_path("secret/metadata/a/b"),
            Some((Kv2Api::Metadata, "a/b"))
        );
        assert_eq!(mount.split_api_path("secretx/data/a"), None);
        assert_eq!(mount.split_api_path("secret/a/b"), None);
        assert_eq!(Kv2Mount::new("/kv/team/").data_path("x"), "kv/team/data/x");
    }

    #[test]
    fn leaked_prefixes() {
        let mount = Kv2Mount::default();
        assert_eq!(
            mount.leaked_prefix("/secret/data/a"),
            Some(LeakedPrefix::Mount("secret".into()))
        );
        assert_eq!(
            mount.leaked_prefix("data/a"),
            Some(LeakedPrefix::Api(Kv2Api::Data))
        );
        assert_eq!(mount.leaked_prefix("/secrets/a"), None);
        assert_eq!(mount.leaked_prefix("/gitops-poc-dzha/a/dev/config"), None);
    }
}
