//! The policy module is a WASI command (its `main` registers the waPC
//! functions when the host runs `_start`); waPC hosts also call
//! `__guest_call`, which a command does not export by itself.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-bins=--export=__guest_call");
    }
}
