//! Kairos beside other systems: the job runner, event sync, the outbox (webhooks and e-mail),
//! in-app notifications and the daily audit check.

pub mod findings;
pub mod jobs;
pub mod outbox;
pub mod smtp;
pub mod sync;
