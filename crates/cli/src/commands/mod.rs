//! One module per subcommand.

pub mod schema;
pub mod values;
pub mod vault;
