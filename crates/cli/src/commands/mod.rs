//! One module per subcommand.

pub mod vault;
