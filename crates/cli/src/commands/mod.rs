//! One module per subcommand.

pub(crate) mod completions;
pub(crate) mod init;
pub(crate) mod lint;
pub(crate) mod man;
pub(crate) mod new_service;
pub(crate) mod platform;
pub(crate) mod preview;
pub(crate) mod render;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod serve;
pub(crate) mod set_image;
pub(crate) mod values;
pub(crate) mod vault;
