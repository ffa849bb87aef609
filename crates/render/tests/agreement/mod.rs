//! The Helm agreement harness: cases, the two renders, their comparison.

pub(crate) mod case;
pub(crate) mod compare;
pub(crate) mod generate;
pub(crate) mod harness;
pub(crate) mod helm;
pub(crate) mod helm_run;
pub(crate) mod ours;
pub(crate) mod outcome;
pub(crate) mod run;
pub(crate) mod setup;
