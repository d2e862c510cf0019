//! Wire types of sync: what its routes take and answer.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// How the event sync stands.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"configured": true, "source": "generic", "url": "https://planning.example.com/api",
    "interval_minutes": 60, "running": false, "next_run_at": "2026-11-23T11:00:00Z",
    "last_success_at": "2026-11-23T10:00:02Z", "last_error_at": null, "last_error": null, "consecutive_failures": 0,
    "last_counts": {"fetched": 120, "created": 3, "updated": 2, "unchanged": 115, "rejected": 0},
    "session": null}))]
pub struct SyncStatus {
    pub configured: bool,
    pub source: String,
    pub url: String,
    pub interval_minutes: i64,
    pub running: bool,
    pub next_run_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub consecutive_failures: i32,
    /// The counts of the last successful sync.
    #[schema(value_type = Option<Object>)]
    pub last_counts: Option<Value>,
    /// The planning system's session (crossmark.mvretail.com): `{active, expires_at, last_refreshed}`.
    #[schema(value_type = Option<Object>)]
    pub session: Option<Value>,
}
