//! The one audit hook: every successful write records one `audit_logs` row in its transaction.
//! It records and nothing more: a module publishes the events of a change beside its audit.

use crate::platform::auth::{Caller, ClientInfo};
use chrono::Utc;
use kairos_store::entities::audit_log;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseTransaction,
    DbErr, EntityTrait, IntoActiveModel,
};
use serde_json::{Value, json};

/// One change to record.
pub struct Change<'a> {
    /// `create`, `update`, `delete`, `login`, …
    pub action: &'a str,
    /// `user`, `api_key`, `setting`, `employee`, …
    pub resource_type: &'a str,
    pub resource_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl<'a> Change<'a> {
    pub fn new(action: &'a str, resource_type: &'a str, resource_id: impl ToString) -> Self {
        Change {
            action,
            resource_type,
            resource_id: Some(resource_id.to_string()),
            before: None,
            after: None,
        }
    }

    pub fn before(mut self, value: impl serde::Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    /// `before`, when there was a previous state (an upsert).
    pub fn before_opt(self, value: Option<impl serde::Serialize>) -> Self {
        match value {
            Some(v) => self.before(v),
            None => self,
        }
    }

    pub fn after(mut self, value: impl serde::Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }
}

/// Writes the audit row for `change`, made by `user_id` from `client`.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    user_id: Option<String>,
    client: &ClientInfo,
    change: Change<'_>,
) -> Result<(), DbErr> {
    let changes = (change.before.is_some() || change.after.is_some())
        .then(|| json!({"before": change.before, "after": change.after}));
    audit_log::ActiveModel {
        timestamp: Set(Utc::now()),
        user_id: Set(user_id),
        action: Set(change.action.to_owned()),
        resource_type: Set(change.resource_type.to_owned()),
        resource_id: Set(change.resource_id),
        changes: Set(changes),
        ip_address: Set(client.ip.clone()),
        user_agent: Set(client.user_agent.clone()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Who makes a change: a caller of the API, or the system itself (a job, named).
pub enum Actor<'a> {
    Caller(&'a Caller),
    System(&'a str),
}

impl Actor<'_> {
    /// Records `change` as made by this actor.
    pub async fn audit<C: ConnectionTrait>(
        &self,
        conn: &C,
        change: Change<'_>,
    ) -> Result<(), DbErr> {
        match self {
            Actor::Caller(c) => c.audit(conn, change).await,
            Actor::System(name) => {
                record(
                    conn,
                    Some((*name).to_owned()),
                    &ClientInfo::default(),
                    change,
                )
                .await
            }
        }
    }
}

impl Caller {
    /// Records `change` as made by this caller.
    pub async fn audit<C: ConnectionTrait>(
        &self,
        conn: &C,
        change: Change<'_>,
    ) -> Result<(), DbErr> {
        record(conn, Some(self.audit_id()), &self.client, change).await
    }
}

/// The one audited update: saves `row` (the changed `before`), records `action` on `resource`
/// `id` with the row as answered before and after, and answers it as it is now. In the
/// caller's transaction.
pub async fn audited_update<A, O>(
    txn: &DatabaseTransaction,
    caller: &Caller,
    (action, resource, id): (&str, &str, i32),
    before: <A::Entity as EntityTrait>::Model,
    row: A,
) -> Result<O, DbErr>
where
    A: ActiveModelTrait + ActiveModelBehavior + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    O: From<<A::Entity as EntityTrait>::Model> + serde::Serialize,
{
    let after = O::from(row.update(txn).await?);
    caller
        .audit(
            txn,
            Change::new(action, resource, id)
                .before(O::from(before))
                .after(&after),
        )
        .await?;
    Ok(after)
}
