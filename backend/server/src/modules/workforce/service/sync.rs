//! Event sync: pulls events from the source configured in the settings and upserts them by
//! `project_ref_num` through the same import as a file upload.
//!
//! Nothing is ever lost: every page is fetched before anything is written, so a source that is
//! down, slow, answers an error or something that is not the documented JSON fails the whole
//! sync with the reason recorded and every local event as it was; a source that returns nothing
//! changes nothing (events missing from the source are never deleted); a row that cannot be read
//! is reported with why while the good rows are saved.
//!
//! Two kinds of source (`sync_source` setting):
//! - `generic`: `GET {sync_source_url}/events?updated_since=<RFC 3339>&page=<n>` with
//!   `Authorization: Bearer <sync_source_token>`, answering `{"events": [...], "next_page": n|null}`
//!   (or a bare JSON array, one page). Events carry the seed's fields, as in `POST /events`.
//! - `crossmark.mvretail.com`: the planning system. `POST {url}/login` (form `username`,
//!   `password` = `sync_username`, `sync_source_token`) sets a session cookie, which is kept
//!   sealed in `user_sessions` with its expiry and renewed five minutes before it lapses or when
//!   the system answers 401; `POST {url}/planning/events/search` with
//!   `{"start_date", "end_date", "page", "page_size"}` answers `{"records": [...], "has_more"}`
//!   for the days from a week ago to `sync_window_days` ahead.

use crate::modules::workforce::service::events::{self as ev, EventIn, ParsedRow};
use crate::modules::workforce::settings::{
    SYNC_SOURCE, SYNC_SOURCE_TOKEN, SYNC_SOURCE_URL, SYNC_TIMEOUT_SECONDS, SYNC_USERNAME,
    SYNC_WINDOW_DAYS,
};
use crate::modules::workforce::state::Caches as _;
use crate::platform::audit::Actor;
use crate::platform::http::error::FieldError;
use crate::platform::http_client::{describe_http_error, http};
use crate::platform::jobs::Outcome;
use crate::platform::state::AppState;
use chrono::{DateTime, Duration, Utc};
use kairos_store::entities::{job_run, user_session};
use kairos_store::workforce::RuleConfig;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use serde_json::{Value, json};

pub const GENERIC: &str = "generic";
pub const CROSSMARK: &str = "crossmark.mvretail.com";
/// The most pages one sync reads; a source that pages on and on is refused.
const MAX_PAGES: i64 = 1000;
const PAGE_SIZE: i64 = 200;

/// The source as configured.
pub struct Source {
    pub kind: String,
    pub url: String,
    pub token: Option<String>,
    pub username: String,
    pub timeout: std::time::Duration,
    pub window_days: i64,
}

/// What one sync did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"source": "generic", "fetched": 3, "created": 1, "updated": 1, "unchanged": 0, "rejected": 1,
    "rejected_rows": [{"row": 3, "project_ref_num": null, "status": "rejected", "errors": [{"field": "start_datetime", "message": "missing field `start_datetime`"}]}]}))]
pub struct SyncReport {
    pub source: String,
    pub fetched: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    /// The rows that could not be saved, each with why.
    pub rejected_rows: Vec<crate::modules::workforce::dto::events::ImportRow>,
}

/// The event sync's job name (its runs are the sync's history).
pub const EVENT_SYNC: &str = "event_sync";

pub async fn source(state: &AppState) -> Result<Source, String> {
    let s = |k: &'static str| crate::platform::settings::value_of(&state.db, &state.keys, k);
    let text = |v: Value| v.as_str().unwrap_or_default().trim().to_owned();
    let e = |e: sea_orm::DbErr| e.to_string();
    Ok(Source {
        kind: text(s(SYNC_SOURCE).await.map_err(e)?),
        url: text(s(SYNC_SOURCE_URL).await.map_err(e)?)
            .trim_end_matches('/')
            .to_owned(),
        token: s(SYNC_SOURCE_TOKEN)
            .await
            .map_err(e)?
            .as_str()
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
        username: text(s(SYNC_USERNAME).await.map_err(e)?),
        timeout: std::time::Duration::from_secs(
            crate::platform::settings::int(&state.db, &state.keys, SYNC_TIMEOUT_SECONDS)
                .await
                .map_err(e)?
                .clamp(1, 600) as u64,
        ),
        window_days: crate::platform::settings::int(&state.db, &state.keys, SYNC_WINDOW_DAYS)
            .await
            .map_err(e)?,
    })
}

/// The sync job: nothing to do until a source URL is set.
pub async fn run_configured(state: &AppState) -> Result<Outcome, String> {
    let src = source(state).await?;
    if src.url.is_empty() {
        return Ok(Outcome::Idle);
    }
    let report = sync(state, &src).await?;
    Ok(Outcome::Done(json!(report)))
}

/// One sync from `src`: fetch everything, then upsert. An error means nothing was written.
pub async fn sync(state: &AppState, src: &Source) -> Result<SyncReport, String> {
    let cfg = state.rules().await.map_err(|e| e.to_string())?;
    let rows: Vec<ParsedRow> = match src.kind.as_str() {
        CROSSMARK => crossmark_rows(state, src, &cfg).await?,
        GENERIC | "" => {
            let since = last_success(state).await?;
            generic_rows(src, since).await?
        }
        other => {
            return Err(format!(
                "unknown sync_source {other:?}; use generic or {CROSSMARK}"
            ));
        }
    };
    let fetched = rows.len();
    let name = if src.kind.is_empty() {
        GENERIC
    } else {
        &src.kind
    };
    let report = ev::import(&state.db, &cfg, &Actor::System("sync"), rows, Some(name))
        .await
        .map_err(|e| format!("saving the synced events failed: {e}"))?;
    Ok(SyncReport {
        source: name.to_owned(),
        fetched,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        rejected: report.rejected,
        rejected_rows: report
            .rows
            .into_iter()
            .filter(|r| r.status == "rejected")
            .collect(),
    })
}

/// When the last successful sync started (less a margin for clocks), for `updated_since`.
async fn last_success(state: &AppState) -> Result<Option<DateTime<Utc>>, String> {
    Ok(job_run::Entity::find()
        .filter(job_run::Column::JobName.eq(EVENT_SYNC))
        .filter(job_run::Column::Status.eq(crate::platform::jobs::RunStatus::Succeeded.as_str()))
        .order_by_desc(job_run::Column::StartedAt)
        .one(&state.db)
        .await
        .map_err(|e| e.to_string())?
        .map(|r| r.started_at - Duration::minutes(5)))
}

async fn generic_rows(
    src: &Source,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<ParsedRow>, String> {
    let mut values = Vec::new();
    let mut page = 1_i64;
    loop {
        let mut query = vec![("page", page.to_string())];
        if let Some(s) = since {
            query.push(("updated_since", s.to_rfc3339()));
        }
        let mut req = http()
            .get(format!("{}/events", src.url))
            .query(&query)
            .timeout(src.timeout);
        if let Some(t) = &src.token {
            req = req.bearer_auth(t);
        }
        let res = req
            .send()
            .await
            .map_err(|e| format!("the source {}: {}", src.url, describe_http_error(&e)))?;
        let status = res.status();
        if !status.is_success() {
            return Err(format!("the source answered {status} for page {page}"));
        }
        let body: Value = res
            .json()
            .await
            .map_err(|e| format!("page {page} from the source is not JSON: {e}"))?;
        let (items, next) = match body {
            Value::Array(items) => (items, None),
            Value::Object(mut o) => match o.remove("events") {
                Some(Value::Array(items)) => (items, o.get("next_page").and_then(Value::as_i64)),
                _ => {
                    return Err(format!(
                        "page {page} from the source has no \"events\" list"
                    ));
                }
            },
            _ => {
                return Err(format!(
                    "page {page} from the source is neither a list nor an object"
                ));
            }
        };
        values.extend(items);
        match next {
            Some(n) if n > page && n <= MAX_PAGES => page = n,
            Some(n) if n > MAX_PAGES => return Err(format!("the source pages past {MAX_PAGES}")),
            _ => break,
        }
    }
    Ok(values.into_iter().map(ev::parse_json_row).collect())
}

async fn crossmark_rows(
    state: &AppState,
    src: &Source,
    cfg: &RuleConfig,
) -> Result<Vec<ParsedRow>, String> {
    let today = cfg.local(Utc::now()).date();
    let from = today - Duration::days(7);
    let to = today + Duration::days(src.window_days.clamp(1, 366));
    let mut cookie = crossmark_session(state, src, false).await?;
    let mut records = Vec::new();
    let mut page = 1_i64;
    let mut renewed = false;
    loop {
        let res = http()
            .post(format!("{}/planning/events/search", src.url))
            .header("cookie", &cookie)
            .json(
                &json!({"start_date": from, "end_date": to, "page": page, "page_size": PAGE_SIZE}),
            )
            .timeout(src.timeout)
            .send()
            .await
            .map_err(|e| {
                format!(
                    "the planning system {}: {}",
                    src.url,
                    describe_http_error(&e)
                )
            })?;
        if res.status() == reqwest::StatusCode::UNAUTHORIZED {
            if renewed {
                return Err("the planning system refused a fresh session".into());
            }
            // The session lapsed early: log in again once and repeat this page.
            cookie = crossmark_session(state, src, true).await?;
            renewed = true;
            continue;
        }
        if !res.status().is_success() {
            return Err(format!(
                "the planning system answered {} for page {page}",
                res.status()
            ));
        }
        let body: Value = res
            .json()
            .await
            .map_err(|e| format!("page {page} from the planning system is not JSON: {e}"))?;
        let Some(items) = body.get("records").and_then(Value::as_array) else {
            return Err(format!(
                "page {page} from the planning system has no \"records\" list"
            ));
        };
        records.extend(items.iter().cloned());
        if body.get("has_more").and_then(Value::as_bool) != Some(true) || items.is_empty() {
            break;
        }
        page += 1;
        if page > MAX_PAGES {
            return Err(format!("the planning system pages past {MAX_PAGES}"));
        }
    }
    Ok(records.iter().map(|r| crossmark_event(r, cfg)).collect())
}

/// A planning-system record as an event: its fields are PascalCase and its times local.
fn crossmark_event(r: &Value, cfg: &RuleConfig) -> ParsedRow {
    let mut errors = Vec::new();
    let text = |k: &str| match &r[k] {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let need = |k: &str, errors: &mut Vec<FieldError>| {
        let v = text(k);
        if v.is_none() {
            errors.push(FieldError {
                field: k.into(),
                message: "is missing".into(),
            });
        }
        v
    };
    let name = need("ProjectName", &mut errors);
    let reference = need("ProjectRefNum", &mut errors).and_then(|s| match s.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => None,
    });
    if text("ProjectRefNum").is_some() && reference.is_none() {
        errors.push(FieldError {
            field: "ProjectRefNum".into(),
            message: "must be a positive whole number".into(),
        });
    }
    let time = |k: &str, end: bool, errors: &mut Vec<FieldError>| {
        let raw = need(k, errors)?;
        match ev::parse_local(&raw, end, cfg) {
            Some(t) => Some(cfg.instant(t)),
            None => {
                errors.push(FieldError {
                    field: k.into(),
                    message: format!("{raw:?} is not a date and time"),
                });
                None
            }
        }
    };
    let start = time("StartDate", false, &mut errors);
    let due = time("DueDate", true, &mut errors);
    let store_number = text("StoreNumber").and_then(|s| s.parse::<i32>().ok());
    let estimated_time = text("EstimatedTime").and_then(|s| s.parse::<i32>().ok());
    if !errors.is_empty() {
        return Err(errors);
    }
    let name = name.unwrap_or_default();
    Ok(EventIn {
        event_type: text("EventType").unwrap_or_else(|| ev::type_from_name(&name).to_owned()),
        project_name: name,
        project_ref_num: reference.unwrap_or_default(),
        location_mvid: text("LocationMVID"),
        store_number,
        store_name: text("StoreName"),
        start_datetime: start.unwrap_or_default(),
        due_datetime: due.unwrap_or_default(),
        estimated_time,
        condition: None,
        sync_source: Some(CROSSMARK.into()),
        external_id: text("ID"),
    })
}

/// A session cookie (`name=value`) for the planning system: the stored one while it has more
/// than five minutes left, else a new login, which is stored sealed with its expiry.
async fn crossmark_session(state: &AppState, src: &Source, renew: bool) -> Result<String, String> {
    let db = |e: sea_orm::DbErr| e.to_string();
    let now = Utc::now();
    if !renew {
        let current = user_session::Entity::find()
            .filter(user_session::Column::Active.eq(true))
            .filter(user_session::Column::ExpiresAt.gt(now + Duration::minutes(5)))
            .order_by_desc(user_session::Column::Id)
            .one(&state.db)
            .await
            .map_err(db)?;
        if let Some(cookie) = current.and_then(|s| state.keys.open(&s.session_token)) {
            return Ok(cookie);
        }
    }
    let password = src.token.clone().unwrap_or_default();
    let res = http()
        .post(format!("{}/login", src.url))
        .form(&[
            ("username", src.username.as_str()),
            ("password", password.as_str()),
        ])
        .timeout(src.timeout)
        .send()
        .await
        .map_err(|e| {
            format!(
                "logging in to the planning system: {}",
                describe_http_error(&e)
            )
        })?;
    if !(res.status().is_success() || res.status().is_redirection()) {
        return Err(format!(
            "the planning system refused the login: {}",
            res.status()
        ));
    }
    let set_cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .next()
        .ok_or("the planning system's login set no session cookie")?
        .to_owned();
    let (cookie, lifetime) = parse_set_cookie(&set_cookie, now)
        .ok_or_else(|| format!("the session cookie cannot be read: {set_cookie:?}"))?;
    user_session::Entity::update_many()
        .col_expr(user_session::Column::Active, Expr::value(false))
        .filter(user_session::Column::Active.eq(true))
        .exec(&state.db)
        .await
        .map_err(db)?;
    user_session::ActiveModel {
        session_token: Set(state.keys.seal(&cookie)),
        created_at: Set(Some(now)),
        expires_at: Set(Some(lifetime)),
        last_refreshed: Set(Some(now)),
        active: Set(true),
        ..Default::default()
    }
    .insert(&state.db)
    .await
    .map_err(db)?;
    Ok(cookie)
}

/// `name=value` and when it expires (Max-Age, else Expires, else 30 minutes).
fn parse_set_cookie(header: &str, now: DateTime<Utc>) -> Option<(String, DateTime<Utc>)> {
    let mut parts = header.split(';').map(str::trim);
    let pair = parts.next().filter(|p| p.contains('='))?.to_owned();
    let mut expires = None;
    for attr in parts {
        let (k, v) = attr.split_once('=').unwrap_or((attr, ""));
        if k.eq_ignore_ascii_case("max-age") {
            if let Ok(secs) = v.parse::<i64>() {
                return Some((pair, now + Duration::seconds(secs)));
            }
        } else if k.eq_ignore_ascii_case("expires") {
            expires = DateTime::parse_from_rfc2822(&v.replace('-', " "))
                .ok()
                .map(|t| t.with_timezone(&Utc));
        }
    }
    Some((pair, expires.unwrap_or(now + Duration::minutes(30))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_cookies_are_read_with_their_expiry() {
        let now = Utc::now();
        let (c, exp) = parse_set_cookie("SID=abc123; Path=/; Max-Age=600; HttpOnly", now).unwrap();
        assert_eq!(c, "SID=abc123");
        assert_eq!(exp, now + Duration::seconds(600));
        let (_, exp) =
            parse_set_cookie("SID=x; Expires=Wed, 21 Oct 2026 07:28:00 GMT", now).unwrap();
        assert_eq!(exp.to_rfc3339(), "2026-10-21T07:28:00+00:00");
        let (_, exp) = parse_set_cookie("SID=x", now).unwrap();
        assert_eq!(exp, now + Duration::minutes(30));
        assert!(parse_set_cookie("garbage", now).is_none());
    }
}
