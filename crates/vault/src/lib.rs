//! Vault KV v2 paths, k8app secret-reference resolution, policy HCL parse/print, exact glob matching and capability evaluation, policy lint and generation.
#![forbid(unsafe_code)]
