//! Typed system settings: the known keys with their types and defaults, encoding and decoding.

use crate::platform::crypto::Keys;
use crate::platform::http::error::{ApiResult, FieldError};
use crate::platform::installed::Installed;
use chrono::Utc;
use futures_util::future::BoxFuture;
use kairos_documents::pdf::PaperSize;
use kairos_store::entities::system_setting;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::LazyLock;
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

/// The key of the business time zone.
pub const TIMEZONE: &str = "timezone";
/// The business time zone until an admin sets one.
pub const DEFAULT_TIME_ZONE: chrono_tz::Tz = chrono_tz::America::Indiana::Indianapolis;

/// How mail reaches the SMTP server: `none`, `starttls` or `tls`.
pub const SMTP_TLS: &str = "smtp_tls";
pub const SMTP_USERNAME: &str = "smtp_username";
pub const SMTP_PASSWORD: &str = "smtp_password";
pub const SMTP_ACCEPT_INVALID_CERTS: &str = "smtp_accept_invalid_certs";
/// The paper printable documents are laid out on.
pub const PAPER_SIZE: &str = "paper_size";

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
    /// A check against the data, in the transaction that sets the value (a change that would
    /// strand records is refused with the answer it gives).
    pub guard: Option<SettingGuard>,
}

/// See [`KnownSetting::guard`].
pub type SettingGuard =
    for<'a> fn(&'a DatabaseTransaction, &'a Value) -> BoxFuture<'a, ApiResult<()>>;

pub fn any(_: &Value) -> Result<(), String> {
    Ok(())
}

pub fn non_negative(v: &Value) -> Result<(), String> {
    match v.as_i64() {
        Some(n) if n >= 0 => Ok(()),
        _ => Err("must be zero or more".into()),
    }
}

pub fn positive(v: &Value) -> Result<(), String> {
    match v.as_i64() {
        Some(n) if n >= 1 => Ok(()),
        _ => Err("must be at least 1".into()),
    }
}

pub fn time_zone(v: &Value) -> Result<(), String> {
    let name = v.as_str().unwrap_or_default();
    name.parse::<chrono_tz::Tz>()
        .map(|_| ())
        .map_err(|_| format!("{name:?} is not an IANA time zone name such as America/Chicago"))
}

pub fn url_or_empty(v: &Value) -> Result<(), String> {
    let s = v.as_str().unwrap_or_default();
    if s.is_empty() || s.starts_with("http://") || s.starts_with("https://") {
        Ok(())
    } else {
        Err("must be an http:// or https:// URL, or empty".into())
    }
}

/// A whole number from `lo` to `hi`.
pub fn whole_number_in(v: &Value, lo: i64, hi: i64) -> Result<(), String> {
    match v.as_i64() {
        Some(n) if (lo..=hi).contains(&n) => Ok(()),
        _ => Err(format!("must be a whole number from {lo} to {hi}")),
    }
}

/// A local time written HH:MM.
pub fn local_time(v: &Value) -> Result<(), String> {
    if v.as_str().is_some_and(hh_mm) {
        Ok(())
    } else {
        Err("must be a time written HH:MM".into())
    }
}

fn hh_mm(s: &str) -> bool {
    chrono::NaiveTime::parse_from_str(s, "%H:%M").is_ok() && s.len() == 5
}

/// The platform's settings, with their defaults (each module lists its own in its spec).
pub const KNOWN: &[KnownSetting] = &[
    KnownSetting {
        key: TIMEZONE,
        data_type: DataType::String,
        category: "General",
        description: "The business time zone (IANA name); rules that speak of days use it.",
        default: || json!(DEFAULT_TIME_ZONE.name()),
        check: time_zone,
        guard: None,
    },
    KnownSetting {
        key: "smtp_host",
        data_type: DataType::String,
        category: "Notifications",
        description: "Mail server for notification e-mails (see smtp_tls, smtp_username); empty sends none.",
        default: || json!(""),
        check: any,
        guard: None,
    },
    KnownSetting {
        key: "smtp_port",
        data_type: DataType::Int,
        category: "Notifications",
        description: "Port of the mail relay.",
        default: || json!(25),
        check: |v| whole_number_in(v, 1, 65535),
        guard: None,
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
        guard: None,
    },
    KnownSetting {
        key: SMTP_TLS,
        data_type: DataType::String,
        category: "Notifications",
        description: "How mail is sent to smtp_host: `starttls` (upgrade to TLS, usually port 587), `tls` (TLS from the start, usually port 465) or `none` (plain, a relay on the local network).",
        default: || json!("none"),
        check: |v| match v.as_str() {
            Some("none" | "starttls" | "tls") => Ok(()),
            _ => Err("must be none, starttls or tls".into()),
        },
        guard: None,
    },
    KnownSetting {
        key: SMTP_USERNAME,
        data_type: DataType::String,
        category: "Notifications",
        description: "User name for SMTP AUTH (PLAIN or LOGIN, whichever the server offers); empty sends without logging in.",
        default: || json!(""),
        check: |v| match v.as_str() {
            Some(s) if !s.contains(['\r', '\n']) => Ok(()),
            _ => Err("must be a user name on one line".into()),
        },
        guard: None,
    },
    KnownSetting {
        key: SMTP_PASSWORD,
        data_type: DataType::Encrypted,
        category: "Notifications",
        description: "Password for SMTP AUTH (stored encrypted, answered masked).",
        default: || Value::Null,
        check: any,
        guard: None,
    },
    KnownSetting {
        key: SMTP_ACCEPT_INVALID_CERTS,
        data_type: DataType::Bool,
        category: "Notifications",
        description: "Accept a mail server certificate that does not verify (a relay with a self-signed certificate). Off by default; anyone on the network path can then read the mail.",
        default: || json!(false),
        check: any,
        guard: None,
    },
    KnownSetting {
        key: PAPER_SIZE,
        data_type: DataType::String,
        category: "General",
        description: "Paper that printable documents (PDF) are laid out on: `letter` (US Letter) or `a4`.",
        default: || json!(PaperSize::default().as_str()),
        check: |v| match v.as_str().and_then(PaperSize::parse) {
            Some(_) => Ok(()),
            None => Err("must be a4 or letter".into()),
        },
        guard: None,
    },
    KnownSetting {
        key: "delivery_retry_base_seconds",
        data_type: DataType::Int,
        category: "Notifications",
        description: "Delay before the first retry of a failed webhook or e-mail; it doubles after each failure.",
        default: || json!(10),
        check: positive,
        guard: None,
    },
    KnownSetting {
        key: "delivery_max_attempts",
        data_type: DataType::Int,
        category: "Notifications",
        description: "Attempts after which a webhook or e-mail is given up (marked failed).",
        default: || json!(8),
        check: |v| whole_number_in(v, 1, 30),
        guard: None,
    },
];

static INSTALLED: Installed<&'static KnownSetting> = Installed::new();
static PLATFORM_ONLY: LazyLock<Vec<&'static KnownSetting>> =
    LazyLock::new(|| KNOWN.iter().collect());

/// Installs every known setting (the platform's and every module's); the first call wins.
pub fn install(settings: Vec<&'static KnownSetting>) {
    INSTALLED.install(settings);
}

/// Every known setting: the platform's and every module's once installed (the platform's alone
/// before that).
pub fn all() -> &'static [&'static KnownSetting] {
    INSTALLED.get_or(&PLATFORM_ONLY)
}

/// The known setting `key`, the platform's or a module's.
pub fn known(key: &str) -> Option<&'static KnownSetting> {
    all().iter().copied().find(|k| k.key == key)
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

/// The known default of `key` (null for an unknown key).
fn default_of(key: &str) -> Value {
    known(key).map_or(Value::Null, |k| (k.default)())
}

/// A setting's value as a whole number: as stored, or its known default (the one place the
/// default is stated) when unset.
pub async fn int<C: ConnectionTrait>(conn: &C, keys: &Keys, key: &str) -> Result<i64, DbErr> {
    Ok(value_of(conn, keys, key)
        .await?
        .as_i64()
        .or_else(|| default_of(key).as_i64())
        .unwrap_or_default())
}

/// A setting's value as on or off (its known default when unset).
pub async fn flag<C: ConnectionTrait>(conn: &C, keys: &Keys, key: &str) -> Result<bool, DbErr> {
    Ok(value_of(conn, keys, key)
        .await?
        .as_bool()
        .or_else(|| default_of(key).as_bool())
        .unwrap_or_default())
}

/// A setting's value as text, trimmed (its known default when unset).
pub async fn text<C: ConnectionTrait>(conn: &C, keys: &Keys, key: &str) -> Result<String, DbErr> {
    let v = value_of(conn, keys, key).await?;
    Ok(v.as_str()
        .map(str::to_owned)
        .or_else(|| default_of(key).as_str().map(str::to_owned))
        .unwrap_or_default()
        .trim()
        .to_owned())
}

/// A setting's value as a local time written HH:MM (its known default when unset).
pub async fn time_of_day<C: ConnectionTrait>(
    conn: &C,
    keys: &Keys,
    key: &str,
) -> Result<chrono::NaiveTime, DbErr> {
    let parse = |v: &Value| {
        v.as_str()
            .and_then(|s| chrono::NaiveTime::parse_from_str(s, "%H:%M").ok())
    };
    Ok(parse(&value_of(conn, keys, key).await?)
        .or_else(|| parse(&default_of(key)))
        .unwrap_or(chrono::NaiveTime::MIN))
}

/// The business time zone (setting `timezone`): every rule that speaks of days uses it.
pub async fn business_time_zone<C: ConnectionTrait>(
    conn: &C,
    keys: &Keys,
) -> Result<chrono_tz::Tz, DbErr> {
    Ok(value_of(conn, keys, TIMEZONE)
        .await?
        .as_str()
        .and_then(|name| name.parse().ok())
        .unwrap_or(DEFAULT_TIME_ZONE))
}

/// The paper printable documents are laid out on (setting `paper_size`; Letter until set).
pub async fn paper_size<C: ConnectionTrait>(conn: &C, keys: &Keys) -> Result<PaperSize, DbErr> {
    Ok(value_of(conn, keys, PAPER_SIZE)
        .await?
        .as_str()
        .and_then(PaperSize::parse)
        .unwrap_or_default())
}

/// Inserts each known setting that is missing, with its default; existing values are kept.
pub async fn seed_defaults<C: ConnectionTrait>(conn: &C, keys: &Keys) -> Result<(), DbErr> {
    for k in all() {
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
    }

    #[test]
    fn every_default_passes_its_own_check() {
        for k in all() {
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
