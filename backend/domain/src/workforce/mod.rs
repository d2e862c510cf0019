//! Workforce's pure logic: availability layers, the hard rules, the instance and solution forms,
//! and the auto-scheduler.

pub mod availability;
#[cfg(any(test, feature = "bench-gen"))]
pub mod bench_gen;
pub mod instance;
mod problem;
mod rng;
pub mod rules;
pub mod solver;
pub mod status;
