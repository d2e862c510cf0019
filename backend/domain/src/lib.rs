//! Pure scheduling logic for Kairos: no web, no database types live here.
//!
//! What the server calls:
//! - `instance::{Instance, Solution, ExplainedSolution}`: the JSON forms of SCHEDULING.md §5
//!   (`serde_json::from_str::<Instance>`), with `default_event_types()` and `default_settings()`;
//! - `availability::{resolve_availability, DayAvailability, AvailabilityLayer}`: the layers of §1;
//! - `rules::{check_assignment, Checker, RuleViolation, RuleCode}`: the hard rules of §2, the
//!   same ones the solver uses;
//! - `solver::{solve, solve_explained}` (and the `_with` variants taking `SolverOptions`);
//! - `time::{Interval, overlap_groups}`: half-open windows for bookings and calendar columns.

pub mod availability;
pub mod bench_gen;
pub mod instance;
mod problem;
mod rng;
pub mod rules;
pub mod solver;
pub mod time;
