//! The Helm agreement harness: cases, the two renders, their comparison.

pub mod case;
pub mod compare;
pub mod generate;
pub mod helm;
pub mod ours;
pub mod outcome;
pub mod run;
pub mod setup;
