//! The platform charts' agreement harness: where Helm and the charts are,
//! how each side renders a platform, what is compared by meaning, and the
//! generated platforms.

pub(crate) mod cases;
pub(crate) mod generate;
pub(crate) mod helm;
pub(crate) mod normalize;
pub(crate) mod oracle;
pub(crate) mod ours;
pub(crate) mod run;
