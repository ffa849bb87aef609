//! The policy module's entry point: the waPC host runs `_start` once after
//! instantiating the module, which registers the functions Kubewarden calls.
#![forbid(unsafe_code)]

use kubewarden_policy_sdk::protocol_version_guest;
use kubewarden_policy_sdk::wapc_guest::register_function;

fn main() {
    register_function("validate", gg_kubewarden::validate);
    register_function("validate_settings", gg_kubewarden::validate_settings);
    register_function("protocol_version", protocol_version_guest);
}
