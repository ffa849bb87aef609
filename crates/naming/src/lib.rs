//! Platform naming: environments, namespaces, release and object names, RFC 1123 checks, in-cluster service references.
#![forbid(unsafe_code)]
