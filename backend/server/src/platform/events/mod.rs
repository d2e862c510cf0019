//! What happened, told to whom it concerns: the outbox (webhooks and e-mail) and in-app
//! notifications.

pub mod catalog;
pub mod deliveries;
pub mod mail;
pub mod outbox;
