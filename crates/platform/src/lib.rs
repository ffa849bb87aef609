//! Platform configuration (platform/*.yaml, shared/k8app-defaults.yaml, .env), service registry and generated platform objects.
#![forbid(unsafe_code)]
