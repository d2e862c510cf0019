//! Workforce's wire types, one file per resource: what its routes take (`…In`, `…Patch`,
//! filters) and answer (`…Out`). Services use these, never the route files.

pub mod attendance;
pub mod employees;
pub mod events;
pub mod exceptions;
pub mod exports;
pub mod findings;
pub mod paperwork;
pub mod rotations;
pub mod scheduler;
pub mod schedules;
pub mod sync;
pub mod time_off;
