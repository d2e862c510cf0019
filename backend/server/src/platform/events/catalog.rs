//! The catalog of event types: each module lists what it publishes, with how to tell people of
//! it and whom it concerns. The outbox, webhooks and notifications know event types only from
//! here.

use crate::platform::installed::Installed;
use futures_util::future::BoxFuture;
use sea_orm::{DatabaseTransaction, DbErr};
use serde_json::Value;

/// A title and a sentence for people (e-mail subject and body, in-app notification).
pub struct Message {
    pub title: String,
    pub body: String,
}

/// Says what an event of this type means, from its data (in the publishing transaction).
pub type Describe =
    for<'a> fn(&'a DatabaseTransaction, &'a Value) -> BoxFuture<'a, Result<Message, DbErr>>;

/// The users who get an in-app notification of it.
pub type Concerns =
    for<'a> fn(&'a DatabaseTransaction, &'a Value) -> BoxFuture<'a, Result<Vec<i32>, DbErr>>;

/// One type of event a module publishes.
pub struct EventType {
    pub name: &'static str,
    /// Whether webhook endpoints may subscribe to it (otherwise only notification settings
    /// may name it).
    pub webhook: bool,
    pub describe: Describe,
    pub concerns: Concerns,
}

static INSTALLED: Installed<&'static EventType> = Installed::new();

/// Installs the catalog (every module's event types); the first call wins.
pub fn install(types: Vec<&'static EventType>) {
    INSTALLED.install(types);
}

/// Every event type in the catalog (none before it is installed: the platform publishes none).
pub fn all() -> &'static [&'static EventType] {
    INSTALLED.get_or(&[])
}

/// The event type called `name`.
pub fn find(name: &str) -> Option<&'static EventType> {
    all().iter().copied().find(|e| e.name == name)
}

/// The names webhook endpoints may subscribe to, in catalog order.
pub fn webhook_types() -> Vec<&'static str> {
    all().iter().filter(|e| e.webhook).map(|e| e.name).collect()
}

/// Whom no one is told of (an event only integrators and notification settings hear of).
pub fn nobody<'a>(
    _: &'a DatabaseTransaction,
    _: &'a Value,
) -> BoxFuture<'a, Result<Vec<i32>, DbErr>> {
    Box::pin(async { Ok(Vec::new()) })
}

/// The active managers and admins.
pub fn managers<'a>(
    conn: &'a DatabaseTransaction,
    _: &'a Value,
) -> BoxFuture<'a, Result<Vec<i32>, DbErr>> {
    Box::pin(crate::platform::auth::people::managers(conn))
}
