//! Workforce's settings: the scheduling rules, the automatic run, the event sync and the daily
//! audit, with their defaults.

use crate::platform::crypto::Keys;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::settings::{
    DataType, KnownSetting, any, local_time, non_negative, url_or_empty, whole_number_in,
};
use kairos_domain::workforce::instance::{EventTypeRule, Settings};
use kairos_store::entities::event;
use kairos_store::workforce::RuleConfig;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QuerySelect};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Per event type: the rule (docs/scheduling.md §1) each value must give.
fn event_type_rules(v: &Value) -> Result<(), String> {
    let rules: std::collections::BTreeMap<
        String,
        kairos_domain::workforce::instance::EventTypeRule,
    > = serde_json::from_value(v.clone())
        .map_err(|e| format!("must map each event type to its rule: {e}"))?;
    for (name, rule) in &rules {
        if rule.start_times.is_empty() {
            return Err(format!("{name}.start_times must not be empty"));
        }
        if !(1..=1440).contains(&rule.default_minutes) {
            return Err(format!("{name}.default_minutes must be 1 to 1440"));
        }
    }
    Ok(())
}

/// The default event types of docs/scheduling.md §1 (the domain's one definition).
pub fn default_event_type_rules() -> Value {
    serde_json::to_value(kairos_domain::workforce::instance::default_event_types())
        .expect("event types serialise")
}

/// The keys of workforce's settings.
pub const EVENT_TYPE_RULES: &str = "event_type_rules";
pub const MAX_EVENTS_PER_EMPLOYEE_PER_DAY: &str = "max_events_per_employee_per_day";
pub const MAX_MINUTES_PER_WEEK: &str = "max_minutes_per_week";
pub const AUTO_SCHEDULER_ENABLED: &str = "auto_scheduler_enabled";
pub const AUTO_SCHEDULER_TIME: &str = "auto_scheduler_time";
pub const AUTO_SCHEDULER_WINDOW_DAYS: &str = "auto_scheduler_window_days";
pub const CORE_TIMESLOTS: &str = "core_timeslots";
pub const SYNC_INTERVAL_MINUTES: &str = "sync_interval_minutes";
pub const SYNC_SOURCE_URL: &str = "sync_source_url";
pub const SYNC_SOURCE_TOKEN: &str = "sync_source_token";
pub const SYNC_SOURCE: &str = "sync_source";
pub const SYNC_USERNAME: &str = "sync_username";
pub const SYNC_TIMEOUT_SECONDS: &str = "sync_timeout_seconds";
pub const SYNC_WINDOW_DAYS: &str = "sync_window_days";
pub const AUDIT_CHECK_TIME: &str = "audit_check_time";
pub const AUDIT_UNSTAFFED_DAYS: &str = "audit_unstaffed_days";

pub const KNOWN: &[KnownSetting] = &[
    KnownSetting {
        key: EVENT_TYPE_RULES,
        data_type: DataType::Json,
        category: "Scheduler",
        description: "Per event type: skills_any, start_times, default_minutes, max_per_employee_per_day, rotation.",
        default: default_event_type_rules,
        check: event_type_rules,
        guard: Some(|txn, value| Box::pin(keeps_types_in_use(txn, value))),
    },
    KnownSetting {
        key: MAX_EVENTS_PER_EMPLOYEE_PER_DAY,
        data_type: DataType::Int,
        category: "Scheduler",
        description: "Most events one employee may work on one day, all types together (1 to 1440).",
        default: || json!(2),
        check: |v| whole_number_in(v, 1, 1440),
        guard: None,
    },
    KnownSetting {
        key: MAX_MINUTES_PER_WEEK,
        data_type: DataType::Int,
        category: "Scheduler",
        description: "Most scheduled minutes per employee per ISO week (1 to 10080, the minutes of a week).",
        default: || json!(2400),
        check: |v| whole_number_in(v, 1, 10_080),
        guard: None,
    },
    KnownSetting {
        key: AUTO_SCHEDULER_ENABLED,
        data_type: DataType::Bool,
        category: "Scheduler",
        description: "Run the auto-scheduler daily; it proposes, a manager approves.",
        default: || json!(false),
        check: any,
        guard: None,
    },
    KnownSetting {
        key: AUTO_SCHEDULER_TIME,
        data_type: DataType::String,
        category: "Scheduler",
        description: "Local time (HH:MM) of the daily automatic run.",
        default: || json!("05:00"),
        check: local_time,
        guard: None,
    },
    KnownSetting {
        key: AUTO_SCHEDULER_WINDOW_DAYS,
        data_type: DataType::Int,
        category: "Scheduler",
        description: "Days ahead (from tomorrow) that the daily automatic run proposes for.",
        default: || json!(14),
        check: |v| whole_number_in(v, 1, 62),
        guard: None,
    },
    KnownSetting {
        key: CORE_TIMESLOTS,
        data_type: DataType::Json,
        category: "Scheduler",
        description: "Start times offered for Core events.",
        default: || json!(["10:15", "10:45", "11:15", "11:45"]),
        check: any,
        guard: None,
    },
    KnownSetting {
        key: SYNC_INTERVAL_MINUTES,
        data_type: DataType::Int,
        category: "Sync",
        description: "Minutes between pulls from the event source; 0 turns the periodic sync off.",
        default: || json!(60),
        check: non_negative,
        guard: None,
    },
    KnownSetting {
        key: SYNC_SOURCE_URL,
        data_type: DataType::String,
        category: "Sync",
        description: "Base URL of the external event source.",
        default: || json!(""),
        check: url_or_empty,
        guard: None,
    },
    KnownSetting {
        key: SYNC_SOURCE_TOKEN,
        data_type: DataType::Encrypted,
        category: "Sync",
        description: "Credential for the event source (stored encrypted): the bearer token of a generic source, the password of the planning system.",
        default: || Value::Null,
        check: any,
        guard: None,
    },
    KnownSetting {
        key: SYNC_SOURCE,
        data_type: DataType::String,
        category: "Sync",
        description: "Kind of event source: `generic` (documented JSON) or `crossmark.mvretail.com` (the planning system).",
        default: || json!("generic"),
        check: |v| match v.as_str() {
            Some("generic" | "crossmark.mvretail.com") => Ok(()),
            _ => Err("must be generic or crossmark.mvretail.com".into()),
        },
        guard: None,
    },
    KnownSetting {
        key: SYNC_USERNAME,
        data_type: DataType::String,
        category: "Sync",
        description: "Login name at the planning system (crossmark.mvretail.com).",
        default: || json!(""),
        check: any,
        guard: None,
    },
    KnownSetting {
        key: SYNC_TIMEOUT_SECONDS,
        data_type: DataType::Int,
        category: "Sync",
        description: "Seconds to wait for each answer of the event source before the sync fails (and changes nothing).",
        default: || json!(30),
        check: |v| whole_number_in(v, 1, 600),
        guard: None,
    },
    KnownSetting {
        key: SYNC_WINDOW_DAYS,
        data_type: DataType::Int,
        category: "Sync",
        description: "Days ahead that a planning-system sync searches (from a week ago).",
        default: || json!(28),
        check: |v| whole_number_in(v, 1, 366),
        guard: None,
    },
    KnownSetting {
        key: AUDIT_CHECK_TIME,
        data_type: DataType::String,
        category: "Notifications",
        description: "Local time (HH:MM) of the daily audit check.",
        default: || json!("06:00"),
        check: local_time,
        guard: None,
    },
    KnownSetting {
        key: AUDIT_UNSTAFFED_DAYS,
        data_type: DataType::Int,
        category: "Notifications",
        description: "The daily audit reports unstaffed events due within this many days.",
        default: || json!(3),
        check: |v| whole_number_in(v, 1, 60),
        guard: None,
    },
];

/// The rules in force, read from the settings.
pub async fn rule_config<C: ConnectionTrait>(conn: &C, keys: &Keys) -> Result<RuleConfig, DbErr> {
    let tz = crate::platform::settings::business_time_zone(conn, keys).await?;
    let limit = |v: Value| v.as_u64().and_then(|n| u32::try_from(n).ok());
    let settings = Settings {
        max_events_per_employee_per_day: limit(
            crate::platform::settings::value_of(conn, keys, MAX_EVENTS_PER_EMPLOYEE_PER_DAY)
                .await?,
        ),
        max_minutes_per_week: limit(
            crate::platform::settings::value_of(conn, keys, MAX_MINUTES_PER_WEEK).await?,
        ),
    };
    let rules = crate::platform::settings::value_of(conn, keys, EVENT_TYPE_RULES).await?;
    let event_types: BTreeMap<String, EventTypeRule> = serde_json::from_value(rules)
        .unwrap_or_else(|_| kairos_domain::workforce::instance::default_event_types());
    Ok(RuleConfig {
        tz,
        settings,
        event_types,
    })
}

/// 409 unless `rules` keeps every event type that events have: without its rule such an event
/// could be neither scheduled nor edited.
pub async fn keeps_types_in_use<C: ConnectionTrait>(
    conn: &C,
    rules: &serde_json::Value,
) -> ApiResult<()> {
    let kept = rules.as_object();
    let used: Vec<(String, i64)> = event::Entity::find()
        .select_only()
        .column(event::Column::EventType)
        .column_as(event::Column::Id.count(), "n")
        .group_by(event::Column::EventType)
        .into_tuple()
        .all(conn)
        .await?;
    let dropped: Vec<String> = used
        .into_iter()
        .filter(|(t, _)| !kept.is_some_and(|k| k.contains_key(t)))
        .map(|(t, n)| format!("{t} ({n} event{})", if n == 1 { "" } else { "s" }))
        .collect();
    if dropped.is_empty() {
        return Ok(());
    }
    Err(ApiError::conflict(format!(
        "events still have the type(s) {}: change their type or delete them before removing its rule",
        dropped.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use crate::platform::crypto::Keys;
    use crate::platform::settings::{DataType, encode};
    use serde_json::json;

    #[test]
    fn every_default_passes_its_own_check() {
        crate::app::registry();
        let keys = Keys::from_secret("settings-test-secret-settings-test");
        for k in super::KNOWN {
            let v = (k.default)();
            assert!(encode(k.key, k.data_type, &v, &keys).is_ok(), "{}", k.key);
        }
    }

    #[test]
    fn workforce_keys_apply_their_own_rules() {
        crate::app::registry();
        let keys = Keys::from_secret("settings-test-secret-settings-test");
        assert!(encode("max_minutes_per_week", DataType::Int, &json!(0), &keys).is_err());
        let bad_rules =
            json!({"Core": {"skills_any": [], "start_times": ["25:00"], "default_minutes": 30}});
        assert!(encode("event_type_rules", DataType::Json, &bad_rules, &keys).is_err());
        assert!(
            encode(
                "event_type_rules",
                DataType::Json,
                &super::default_event_type_rules(),
                &keys
            )
            .is_ok()
        );
    }
}
