//! Pure scheduling logic for Kairos: no web, no database types live here.

pub mod availability;
pub mod bench_gen;
pub mod instance;
mod problem;
mod rng;
pub mod rules;
pub mod solver;
pub mod time;
