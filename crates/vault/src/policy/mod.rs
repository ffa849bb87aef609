//! The Vault policy language: model, parser and canonical printer.
//!
//! A policy is HCL (version 1, the dialect Vault reads) holding `path "PATTERN" { … }`
//! blocks and an optional top-level `name`. Every node remembers its line and column;
//! positions never take part in equality, so `parse(print(p)) == p`.

mod lexer;
mod model;
mod parser;
mod print;

pub use model::{
    Attribute, KNOWN_PATH_KEYS, Located, ObjectItem, OldPolicy, PathRule, Policy, Position, Value,
};
pub use parser::parse_policy;
pub use print::print_policy;
