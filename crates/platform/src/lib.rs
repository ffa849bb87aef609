//! Platform configuration (`platform/*.yaml`, `shared/k8app-defaults.yaml`,
//! `.env`), service discovery and registry, value layers of a service × env,
//! and the ApplicationSet expansion.
//!
//! The crate does no IO: files come through a [`FileSource`].
//! [`load_platform`] never fails; broken files and mismatches come back as
//! findings ([`gg_diagnostic::Diagnostic`]) next to the resolved [`PlatformSettings`].
#![forbid(unsafe_code)]

mod appset;
mod config;
mod declared;
mod discovery;
#[cfg(feature = "disk")]
mod disk;
mod dotenv;
mod error;
mod facts;
mod issue;
mod kubernetes;
mod layered;
mod layers;
mod load;
pub mod locate;
mod location;
mod origin;
mod platform;
mod settings;
mod shape;
mod source;
mod vault;

pub use appset::{ApplicationSpec, expand_application_set};
pub use config::{
    EnvironmentConfig, PlatformConfig, PlatformFiles, PreviewConfig, PreviewServiceConfig,
    RegistryEntry, YamlFile,
};
pub use declared::DeclaredPlatform;
pub use discovery::{FileRole, NameSource, Service, ServiceFile, service_dir_of};
#[cfg(feature = "disk")]
pub use disk::FsSource;
pub use dotenv::{EnvEntry, EnvFile, parse_env_file};
pub use error::PlatformError;
pub use facts::FactSource;
pub use kubernetes::{KubeVersion, PLATFORM_API_VERSIONS};
pub use layers::ValueLayer;
pub use load::{FileMap, LoadedFile, sequential_files};
pub use origin::{Origin, Sourced};
pub use platform::{LoadOptions, Platform, load_platform, load_platform_with};
pub use settings::{
    ChartSource, ClusterSettings, Environment, PlatformSettings, RegisteredService,
    ServiceRegistry, SettingOverrides, defaults,
};
pub use source::{FileSource, MemoryFiles};
