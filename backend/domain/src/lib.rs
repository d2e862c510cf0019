//! Pure scheduling logic for Kairos: no web, no database types live here.

pub mod availability;
pub mod instance;
mod problem;
pub mod rules;
pub mod solver;
pub mod time;
