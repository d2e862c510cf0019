//! Pure logic for Kairos: no web, no database types live here. `time` is the one interval
//! algebra every module shares; each module's own logic has its folder (`workforce`).
//!
//! What the server calls:
//! - `workforce::instance::{Instance, Solution, ExplainedSolution}`: the JSON forms of docs/scheduling.md §5
//!   (`serde_json::from_str::<Instance>`), with `default_event_types()` and `default_settings()`;
//! - `workforce::availability::{resolve_availability, DayAvailability, AvailabilityLayer}`: the layers of §1;
//! - `workforce::rules::{check_assignment, Checker, RuleViolation, RuleCode}`: the hard rules of §2, the
//!   same ones the solver uses;
//! - `workforce::solver::{solve, solve_explained}` (and the `_with` variants taking `SolverOptions`);
//! - `time::{Interval, overlap_groups}`: half-open windows for bookings and calendar columns.

pub mod time;
pub mod workforce;
