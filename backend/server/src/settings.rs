//! Typed system settings: the known keys with their types and defaults, encoding and decoding.

use crate::crypto::Keys;
use crate::error::FieldError;
use chrono::Utc;
use kairos_store::entities::system_setting;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

/// How a setting's value is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DataType {
    String,
    Int,
    Bool,
    Json,
    /// A secret string: stored sealed with AES-256-GCM, never answered in clear.
    Encrypted,
}

impl DataType {
    pub fn as_str(self) -> &'static str {
        match self {
            DataType::String => "string",
            DataType::Int => "int",
            DataType::Bool => "bool",
            DataType::Json => "json",
            DataType::Encrypted => "encrypted",
        }
    }

    pub fn parse(s: &str) -> Option<DataType> {
        [
            DataType::String,
            DataType::Int,
            DataType::Bool,
            DataType::Json,
            DataType::Encrypted,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// What encrypted values are answered as.
pub const MASK: &str = "********";

/// A setting Kairos knows, with its type and default.
pub struct KnownSetting {
    pub key: &'static str,
    pub data_type: DataType,
    pub category: &'static str,
    pub description: &'static str,
    pub default: fn() -> Value,
    /// Further checks beyond the type; `Err(message)` when the value is refused.
    pub check: fn(&Value) -> Result<(), String>,
}

fn any(_: &Value) -> Result<(), String> {
    Ok(())
}

fn non_negative(v: &Value) -> Result<(), String> {
    match v.as_i64() {
        Some(n) if n >= 0 => Ok(()),
        _ => Err("must be zero or more".into()),
    }
}

fn positive(v: &Value) -> Result<(), String> {
    match v.as_i64() {
        Some(n) if n >= 1 => Ok(()),
        _ => Err("must be at least 1".into()),
    }
}

fn time_zone(v: &Value) -> Result<(), String> {
    let name = v.as_str().unwrap_or_default();
    name.parse::<chrono_tz::Tz>()
        .map(|_| ())
        .map_err(|_| format!("{name:?} is not an IANA time zone name such as America/Chicago"))
}

fn url_or_empty(v: &Value) -> Result<(), String> {
    let s = v.as_str().unwrap_or_default();
    if s.is_empty() || s.starts_with("http://") || s.starts_with("https://") {
        Ok(())
    } else {
        Err("must be an http:// or https:// URL, or empty".into())
    }
}

/// A whole number from `lo` to `hi`.
fn whole_number_in(v: &Value, lo: i64, hi: i64) -> Result<(), String> {
    match v.as_i64() {
        Some(n) if (lo..=hi).contains(&n) => Ok(()),
        _ => Err(format!("must be a whole number from {lo} to {hi}")),
    }
}

/// A local time written HH:MM.
fn local_time(v: &Value) -> Result<(), String> {
    if v.as_str().is_some_and(hh_mm) {
        Ok(())
    } else {
        Err("must be a time written HH:MM".into())
    }
}

fn hh_mm(s: &str) -> bool {
    chrono::NaiveTime::parse_from_str(s, "%H:%M").is_ok() && s.len() == 5
}

fn event_type_rules(v: &Value) -> Result<(), String> {
    let rules: std::collections::BTreeMap<String, kairos_domain::instance::EventTypeRule> =
        serde_json::from_value(v.clone())
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

/// The default event types of SCHEDULING.md §1 (the domain's one definition).
pub fn default_event_type_rules() -> Value {
    serde_json::to_value(kairos_domain::instance::default_event_types())
        .expect("event types serialise")
}

/// Every setting Kairos reads, with its default.
pub const KNOWN: &[KnownSetting] = &[
    KnownSetting {
        key: "timezone",
        data_type: DataType::String,
        category: "General",
        description: "The business time zone (IANA name); rules that speak of days use it.",
        default: || json!("America/Indiana/Indianapolis"),
        check: time_zone,
    },
    KnownSetting {
        key: "event_type_rules",
        data_type: DataType::Json,
        category: "Scheduler",
        description: "Per event type: skills_any, start_times, default_minutes, max_per_employee_per_day, rotation.",
        default: default_event_type_rules,
        check: event_type_rules,
    },
    KnownSetting {
        key: "max_events_per_employee_per_day",
        data_type: DataType::Int,
        category: "Scheduler",
        description: "Most events one employee may work on one day, all types together (1 to 1440).",
        default: || json!(2),
        check: |v| whole_number_in(v, 1, 1440),
    },
    KnownSetting {
        key: "max_minutes_per_week",
        data_type: DataType::Int,
        category: "Scheduler",
        description: "Most scheduled minutes per employee per ISO week (1 to 10080, the minutes of a week).",
        default: || json!(2400),
        check: |v| whole_number_in(v, 1, 10_080),
    },
    KnownSetting {
        key: "auto_scheduler_enabled",
        data_type: DataType::Bool,
        category: "Scheduler",
        description: "Run the auto-scheduler daily; it proposes, a manager approves.",
        default: || json!(false),
        check: any,
    },
    KnownSetting {
        key: "auto_scheduler_time",
        data_type: DataType::String,
        category: "Scheduler",
        description: "Local time (HH:MM) of the daily automatic run.",
        default: || json!("05:00"),
        check: local_time,
    },
    KnownSetting {
        key: "auto_scheduler_window_days",
        data_type: DataType::Int,
        category: "Scheduler",
        description: "Days ahead (from tomorrow) that the daily automatic run proposes for.",
        default: || json!(14),
        check: |v| whole_number_in(v, 1, 62),
    },
    KnownSetting {
        key: "core_timeslots",
        data_type: DataType::Json,
        category: "Scheduler",
        description: "Start times offered for Core events.",
        default: || json!(["10:15", "10:45", "11:15", "11:45"]),
        check: any,
    },
    KnownSetting {
        key: "sync_interval_minutes",
        data_type: DataType::Int,
        category: "Sync",
        description: "Minutes between pulls from the event source; 0 turns the periodic sync off.",
        default: || json!(60),
        check: non_negative,
    },
    KnownSetting {
        key: "sync_source_url",
        data_type: DataType::String,
        category: "Sync",
        description: "Base URL of the external event source.",
        default: || json!(""),
        check: url_or_empty,
    },
    KnownSetting {
        key: "sync_source_token",
        data_type: DataType::Encrypted,
        category: "Sync",
        description: "Credential for the event source (stored encrypted): the bearer token of a generic source, the password of the planning system.",
        default: || Value::Null,
        check: any,
    },
    KnownSetting {
        key: "sync_source",
        data_type: DataType::String,
        category: "Sync",
        description: "Kind of event source: `generic` (documented JSON) or `crossmark.mvretail.com` (the planning system).",
        default: || json!("generic"),
        check: |v| match v.as_str() {
            Some("generic" | "crossmark.mvretail.com") => Ok(()),
            _ => Err("must be generic or crossmark.mvretail.com".into()),
        },
    },
    KnownSetting {
        key: "sync_username",
        data_type: DataType::String,
        category: "Sync",
        description: "Login name at the planning system (crossmark.mvretail.com).",
        default: || json!(""),
        check: any,
    },
    KnownSetting {
        key: "sync_timeout_seconds",
        data_type: DataType::Int,
        category: "Sync",
        description: "Seconds to wait for each answer of the event source before the sync fails (and changes nothing).",
        default: || json!(30),
        check: |v| whole_number_in(v, 1, 600),
    },
    KnownSetting {
        key: "sync_window_days",
        data_type: DataType::Int,
        category: "Sync",
        description: "Days ahead that a planning-system sync searches (from a week ago).",
        default: || json!(28),
        check: |v| whole_number_in(v, 1, 366),
    },
    KnownSetting {
        key: "smtp_host",
        data_type: DataType::String,
        category: "Notifications",
        description: "Mail relay for notification e-mails (plain SMTP on the local network); empty sends none.",
        default: || json!(""),
        check: any,
    },
    KnownSetting {
        key: "smtp_port",
        data_type: DataType::Int,
        category: "Notifications",
        description: "Port of the mail relay.",
        default: || json!(25),
        check: |v| whole_number_in(v, 1, 65535),
    },
    KnownSetting {
        key: "smtp_from",
        data_type: DataType::String,
        category: "Notifications",
        description: "Sender address of notification e-mails.",
        default: || json!("kairos@localhost"),
        check: |v| match v.as_str() {
            Some(s) if s.contains('@') && !s.contains(['<', '>', '\r', '\n', ' ']) => Ok(()),
            _ => Err("must be an e-mail address".into()),
        },
    },
    KnownSetting {
        key: "delivery_retry_base_seconds",
        data_type: DataType::Int,
        category: "Notifications",
        description: "Delay before the first retry of a failed webhook or e-mail; it doubles after each failure.",
        default: || json!(10),
        check: positive,
    },
    KnownSetting {
        key: "delivery_max_attempts",
        data_type: DataType::Int,
        category: "Notifications",
        description: "Attempts after which a webhook or e-mail is given up (marked failed).",
        default: || json!(8),
        check: |v| whole_number_in(v, 1, 30),
    },
    KnownSetting {
        key: "audit_check_time",
        data_type: DataType::String,
        category: "Notifications",
        description: "Local time (HH:MM) of the daily audit check.",
        default: || json!("06:00"),
        check: local_time,
    },
    KnownSetting {
        key: "audit_unstaffed_days",
        data_type: DataType::Int,
        category: "Notifications",
        description: "The daily audit reports unstaffed events due within this many days.",
        default: || json!(3),
        check: |v| whole_number_in(v, 1, 60),
    },
];

pub fn known(key: &str) -> Option<&'static KnownSetting> {
    KNOWN.iter().find(|k| k.key == key)
}

/// Checks `value` against `data_type` (and the known key's own rule) and gives the text to store.
pub fn encode(
    key: &str,
    data_type: DataType,
    value: &Value,
    keys: &Keys,
) -> Result<Option<String>, FieldError> {
    let bad = |message: String| FieldError {
        field: "value".into(),
        message,
    };
    if value.is_null() {
        return Ok(None);
    }
    let text = match data_type {
        DataType::String => value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| bad("must be a string".into()))?,
        DataType::Int => value
            .as_i64()
            .map(|n| n.to_string())
            .ok_or_else(|| bad("must be a whole number".into()))?,
        DataType::Bool => value
            .as_bool()
            .map(|b| b.to_string())
            .ok_or_else(|| bad("must be true or false".into()))?,
        DataType::Json => value.to_string(),
        DataType::Encrypted => keys.seal(
            value
                .as_str()
                .ok_or_else(|| bad("must be a string".into()))?,
        ),
    };
    if let Some(k) = known(key) {
        (k.check)(value).map_err(bad)?;
    }
    Ok(Some(text))
}

/// The stored text as a typed JSON value; `None` for unset. Encrypted values come back masked.
pub fn decode_masked(row: &system_setting::Model) -> Value {
    let Some(text) = row.value.as_deref() else {
        return Value::Null;
    };
    match DataType::parse(&row.data_type) {
        Some(DataType::Encrypted) => json!(MASK),
        Some(t) => decode_plain(t, text),
        None => json!(text),
    }
}

fn decode_plain(data_type: DataType, text: &str) -> Value {
    match data_type {
        DataType::String | DataType::Encrypted => json!(text),
        DataType::Int => text.parse::<i64>().map(Value::from).unwrap_or(Value::Null),
        DataType::Bool => json!(text == "true"),
        DataType::Json => serde_json::from_str(text).unwrap_or(Value::Null),
    }
}

/// A setting's value in clear (encrypted ones opened), or the known default when unset.
pub async fn value_of<C: ConnectionTrait>(
    conn: &C,
    keys: &Keys,
    key: &str,
) -> Result<Value, DbErr> {
    let row = system_setting::Entity::find()
        .filter(system_setting::Column::Key.eq(key))
        .one(conn)
        .await?;
    let stored = row.and_then(|r| {
        let t = DataType::parse(&r.data_type)?;
        let text = r.value?;
        Some(match t {
            DataType::Encrypted => keys.open(&text).map(Value::from).unwrap_or(Value::Null),
            other => decode_plain(other, &text),
        })
    });
    Ok(stored.unwrap_or_else(|| known(key).map(|k| (k.default)()).unwrap_or(Value::Null)))
}

/// Inserts each known setting that is missing, with its default; existing values are kept.
pub async fn seed_defaults<C: ConnectionTrait>(conn: &C, keys: &Keys) -> Result<(), DbErr> {
    for k in KNOWN {
        let exists = system_setting::Entity::find()
            .filter(system_setting::Column::Key.eq(k.key))
            .one(conn)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let default = (k.default)();
        let value = encode(k.key, k.data_type, &default, keys).ok().flatten();
        system_setting::ActiveModel {
            key: Set(k.key.to_owned()),
            value: Set(value),
            data_type: Set(k.data_type.as_str().to_owned()),
            description: Set(Some(k.description.to_owned())),
            category: Set(Some(k.category.to_owned())),
            encrypted: Set(k.data_type == DataType::Encrypted),
            modified_at: Set(Some(Utc::now())),
            modified_by: Set(Some("system".into())),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::from_secret("settings-test-secret-settings-test")
    }

    #[test]
    fn values_must_match_their_type() {
        assert!(encode("x", DataType::Int, &json!("7"), &keys()).is_err());
        assert_eq!(
            encode("x", DataType::Int, &json!(7), &keys())
                .unwrap()
                .as_deref(),
            Some("7")
        );
        assert!(encode("x", DataType::Bool, &json!(1), &keys()).is_err());
        assert!(encode("x", DataType::String, &json!({"a": 1}), &keys()).is_err());
    }

    #[test]
    fn known_keys_apply_their_own_rules() {
        assert!(
            encode(
                "timezone",
                DataType::String,
                &json!("Mars/Olympus"),
                &keys()
            )
            .is_err()
        );
        assert!(
            encode(
                "timezone",
                DataType::String,
                &json!("Europe/Berlin"),
                &keys()
            )
            .is_ok()
        );
        assert!(encode("max_minutes_per_week", DataType::Int, &json!(0), &keys()).is_err());
        let bad_rules =
            json!({"Core": {"skills_any": [], "start_times": ["25:00"], "default_minutes": 30}});
        assert!(encode("event_type_rules", DataType::Json, &bad_rules, &keys()).is_err());
        assert!(
            encode(
                "event_type_rules",
                DataType::Json,
                &default_event_type_rules(),
                &keys()
            )
            .is_ok()
        );
    }

    #[test]
    fn every_default_passes_its_own_check() {
        for k in KNOWN {
            let v = (k.default)();
            assert!(encode(k.key, k.data_type, &v, &keys()).is_ok(), "{}", k.key);
        }
    }

    #[test]
    fn encrypted_values_are_sealed_and_answered_masked() {
        let text = encode(
            "sync_source_token",
            DataType::Encrypted,
            &json!("s3cret"),
            &keys(),
        )
        .unwrap()
        .unwrap();
        assert!(!text.contains("s3cret"));
        let row = system_setting::Model {
            id: 1,
            key: "sync_source_token".into(),
            value: Some(text),
            data_type: "encrypted".into(),
            description: None,
            category: None,
            encrypted: true,
            modified_at: None,
            modified_by: None,
        };
        assert_eq!(decode_masked(&row), json!(MASK));
    }
}
