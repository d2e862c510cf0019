//! System settings (admins): list, read, set. Encrypted values are never answered in clear.

use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::permissions::Permission;
use crate::platform::settings::{self, DataType, decode_masked};
use crate::platform::state::AppState;
use actix_web::{get, post, put, web};
use chrono::{DateTime, Utc};
use kairos_store::entities::system_setting;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TryIntoModel,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_settings)
        .service(get_setting)
        .service(put_setting)
        .service(test_smtp);
}

/// A setting as answered. `value` is typed by `data_type`; an encrypted one reads `"********"`.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"key": "max_minutes_per_week", "value": 2400, "data_type": "int",
    "description": "Most scheduled minutes per employee per ISO week.", "category": "Scheduler",
    "encrypted": false, "is_set": true, "modified_at": "2026-11-23T10:00:00Z", "modified_by": "1"}))]
pub struct SettingOut {
    pub key: String,
    /// Of the setting's type: a string, a whole number, true/false or any JSON; `null` when
    /// unset, and a mask in place of an encrypted one's value.
    pub value: Value,
    pub data_type: String,
    pub description: Option<String>,
    pub category: Option<String>,
    pub encrypted: bool,
    /// Whether a value is stored (useful for encrypted settings, whose value is masked).
    pub is_set: bool,
    pub modified_at: Option<DateTime<Utc>>,
    pub modified_by: Option<String>,
}

impl From<system_setting::Model> for SettingOut {
    fn from(m: system_setting::Model) -> Self {
        SettingOut {
            value: decode_masked(&m),
            is_set: m.value.is_some(),
            key: m.key,
            data_type: m.data_type,
            description: m.description,
            category: m.category,
            encrypted: m.encrypted,
            modified_at: m.modified_at,
            modified_by: m.modified_by,
        }
    }
}

/// A new value for a setting.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"value": "America/Chicago"}))]
pub struct SettingIn {
    /// Of the setting's type: a string, a whole number, true/false, any JSON, or (encrypted) a
    /// string to seal. `null` clears it.
    pub value: Value,
    /// Required for a new, custom key; must match the type of a known key.
    pub data_type: Option<DataType>,
    pub description: Option<String>,
    pub category: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SettingFilter {
    /// Only this category (`General`, `Scheduler`, `Sync`, `Security`, …).
    pub category: Option<String>,
}

const SORTING: Sorting<system_setting::Column> = Sorting {
    fields: &[
        ("key", system_setting::Column::Key),
        ("category", system_setting::Column::Category),
        ("modified_at", system_setting::Column::ModifiedAt),
    ],
    default: "key",
};
sort_param!(SettingSort, SORTING);

/// Lists settings.
#[utoipa::path(tag = "settings", security(("bearer" = [])), params(PageQuery, SettingSort, SettingFilter), responses(
    (status = 200, description = "A page of settings", body = Page<SettingOut>)
))]
#[get("/settings")]
async fn list_settings(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    filter: Query<SettingFilter>,
) -> ApiResult<web::Json<Page<SettingOut>>> {
    caller.require(Permission::MANAGE_SETTINGS)?;
    let mut select = system_setting::Entity::find();
    if let Some(c) = filter.into_inner().category {
        select = select.filter(system_setting::Column::Category.eq(c));
    }
    let page = fetch_page(&state.db, select, &page, &SORTING).await?;
    Ok(web::Json(page.map(SettingOut::from)))
}

/// Reads one setting.
#[utoipa::path(tag = "settings", security(("bearer" = [])),
    params(("key" = String, Path, description = "The setting's key: 1 to 100 lowercase letters, digits, dots, dashes or underscores", pattern = "^[a-z0-9._-]{1,100}$", example = "timezone")),
    responses((status = 200, description = "The setting", body = SettingOut), (status = 404, description = "No such setting")))]
#[get("/settings/{key}")]
async fn get_setting(
    state: web::Data<AppState>,
    caller: Caller,
    key: web::Path<String>,
) -> ApiResult<web::Json<SettingOut>> {
    caller.require(Permission::MANAGE_SETTINGS)?;
    let row = system_setting::Entity::find()
        .filter(system_setting::Column::Key.eq(key.as_str()))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("setting {key}")))?;
    Ok(web::Json(row.into()))
}

fn valid_key(key: &str) -> bool {
    (1..=100).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'))
}

/// Sets a setting (creating a custom one when the key is new).
#[utoipa::path(tag = "settings", security(("bearer" = [])), request_body = SettingIn,
    params(("key" = String, Path, description = "The setting's key: 1 to 100 lowercase letters, digits, dots, dashes or underscores", pattern = "^[a-z0-9._-]{1,100}$", example = "timezone")),
    responses(
        (status = 200, description = "The setting as stored", body = SettingOut),
        (status = 409, description = "`event_type_rules` would drop a type that events still have"),
        (status = 422, description = "The value does not fit the setting's type or rule")
    ))]
#[put("/settings/{key}")]
async fn put_setting(
    state: web::Data<AppState>,
    caller: Caller,
    key: web::Path<String>,
    body: Body<SettingIn>,
) -> ApiResult<web::Json<SettingOut>> {
    caller.require(Permission::MANAGE_SETTINGS)?;
    let key = key.into_inner();
    let input = body.into_inner();
    if !valid_key(&key) {
        return Err(ApiError::invalid(
            "key",
            "must be 1 to 100 lowercase letters, digits, dots, dashes or underscores",
        ));
    }
    let txn = kairos_store::begin_write(&state.db).await?;
    let existing = system_setting::Entity::find()
        .filter(system_setting::Column::Key.eq(key.as_str()))
        .one(&txn)
        .await?;
    let stored_type = existing
        .as_ref()
        .and_then(|r| DataType::parse(&r.data_type));
    let fixed_type = settings::known(&key).map(|k| k.data_type).or(stored_type);
    let data_type = match (fixed_type, input.data_type) {
        (Some(t), Some(asked)) if t != asked => {
            return Err(ApiError::invalid(
                "data_type",
                format!("this setting is of type {}", t.as_str()),
            ));
        }
        (Some(t), _) => t,
        (None, Some(asked)) => asked,
        (None, None) => {
            return Err(ApiError::invalid(
                "data_type",
                "is required for a new setting: string, int, bool, json or encrypted",
            ));
        }
    };
    let text = settings::encode(&key, data_type, &input.value, &state.keys)
        .map_err(|e| ApiError::validation(vec![e]))?;
    if let Some(guard) = settings::known(&key).and_then(|k| k.guard) {
        guard(&txn, &input.value).await?;
    }
    let before = existing.clone().map(SettingOut::from);
    let mut active = match existing {
        Some(row) => row.into(),
        None => system_setting::ActiveModel {
            key: Set(key.clone()),
            ..Default::default()
        },
    };
    active.value = Set(text);
    active.data_type = Set(data_type.as_str().to_owned());
    active.encrypted = Set(data_type == DataType::Encrypted);
    if let Some(d) = input.description {
        active.description = Set(Some(d));
    }
    if let Some(c) = input.category {
        active.category = Set(Some(c));
    }
    active.modified_at = Set(Some(Utc::now()));
    active.modified_by = Set(Some(caller.audit_id()));
    let row = active.save(&txn).await?.try_into_model()?;
    let after = SettingOut::from(row);
    caller
        .audit(
            &txn,
            Change::new("update", "setting", &key)
                .after(&after)
                .before_opt(before),
        )
        .await?;
    txn.commit().await?;
    state.settings_changed();
    Ok(web::Json(after))
}

/// Where to send a test e-mail.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to": "ops@store.example"}))]
pub struct SmtpTestIn {
    /// The recipient: an address, or `Name <address>`.
    #[schema(pattern = r"\S", max_length = 320)]
    pub to: String,
}

/// What the mail server said when it took the test message.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"delivered": true, "host": "smtp.office365.com", "port": 587, "tls": "starttls",
    "authenticated": true, "code": 250, "message": "2.0.0 OK <5b2f…@store.example> [Hostname=AM0PR…]",
    "elapsed_ms": 812}))]
pub struct SmtpTestOut {
    pub delivered: bool,
    pub host: String,
    pub port: u16,
    /// `none`, `starttls` or `tls` (setting `smtp_tls`).
    pub tls: String,
    /// Whether the message was sent after AUTH (a user name is set).
    pub authenticated: bool,
    /// The server's reply code to the message (250 when it was queued).
    pub code: u16,
    /// The server's reply text.
    pub message: String,
    pub elapsed_ms: u64,
}

/// Sends a test e-mail now with the current SMTP settings (`smtp_host`, `smtp_port`, `smtp_from`,
/// `smtp_tls`, `smtp_username`, `smtp_password`, `smtp_accept_invalid_certs`) and answers what
/// the server said. Nothing is queued or retried: a refusal is answered at once as a 502 whose
/// `detail` is the server's reply (a wrong password reads `535 …`, a certificate that does not
/// verify names the TLS error).
#[utoipa::path(tag = "settings", security(("bearer" = [])), request_body = SmtpTestIn,
    responses(
        (status = 200, description = "The server took the message; its reply", body = SmtpTestOut),
        (status = 409, description = "`smtp_host` is not set"),
        (status = 422, description = "`to` is not an e-mail address"),
        (status = 502, description = "The mail server could not be reached, or refused the TLS handshake, the login or the message (code `bad_gateway`); `detail` says what it answered")
    ))]
#[post("/settings/smtp/test")]
async fn test_smtp(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<SmtpTestIn>,
) -> ApiResult<web::Json<SmtpTestOut>> {
    use crate::platform::events::mail::{self, MailError};
    caller.require(Permission::MANAGE_SETTINGS)?;
    let input = body.into_inner();
    let cfg = match mail::config(&state.db, &state.keys).await {
        Ok(cfg) => cfg,
        Err(e) => return Err(ApiError::conflict(e.to_string())),
    };
    let to = vec![input.to.trim().to_owned()];
    let text = format!(
        "This is a test message from Kairos.\n\nIt was sent to {} through {}:{} ({}) at {}.",
        input.to.trim(),
        cfg.host,
        cfg.port,
        cfg.tls.as_str(),
        Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
    );
    let started = std::time::Instant::now();
    let sent = mail::send(
        &cfg,
        &mail::Mail {
            to: &to,
            subject: "Kairos test message",
            body: &text,
        },
    )
    .await;
    let elapsed_ms = started.elapsed().as_millis().min(u128::from(u64::MAX)) as u64;
    match sent {
        Ok(accepted) => Ok(web::Json(SmtpTestOut {
            delivered: true,
            host: cfg.host.clone(),
            port: cfg.port,
            tls: cfg.tls.as_str().to_owned(),
            authenticated: cfg.username.is_some(),
            code: accepted.code,
            message: accepted.message,
            elapsed_ms,
        })),
        Err(MailError::BadAddress(m)) => Err(ApiError::invalid("to", m)),
        Err(MailError::NotConfigured(m)) => Err(ApiError::conflict(m)),
        Err(MailError::Failed { message, .. }) => Err(ApiError::new(
            actix_web::http::StatusCode::BAD_GATEWAY,
            "bad_gateway",
            message,
        )),
    }
}
