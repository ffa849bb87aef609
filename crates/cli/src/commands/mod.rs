//! One module per subcommand.

pub mod completions;
pub mod init;
pub mod lint;
pub mod man;
pub mod new_service;
pub mod platform;
pub mod preview;
pub mod render;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod set_image;
pub mod values;
pub mod vault;
