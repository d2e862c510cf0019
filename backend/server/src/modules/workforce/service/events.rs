//! Events: wire types, validation, and the upserting import of JSON rows and CSV exports.

use crate::modules::workforce::dto::events::{ImportReport, ImportRow};
use crate::platform::audit::{Actor, Change};
use crate::platform::http::error::{ApiError, ApiResult, FieldError};
use crate::platform::http::validation::Checks;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use kairos_store::entities::event;
use kairos_store::workforce::RuleConfig;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::CONDITIONS;

/// The longest window an event may have; it lets date-range queries use the start index tightly.
pub const MAX_WINDOW_DAYS: i64 = 92;

/// An event as answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": 1, "project_name": "Core Reset - Aisle 5", "project_ref_num": 606034, "location_mvid": "MV1001",
    "store_number": 1234, "store_name": "Main St", "start_datetime": "2026-03-02T05:00:00Z", "due_datetime": "2026-03-10T04:59:00Z",
    "estimated_time": 390, "event_type": "Core", "condition": "Unstaffed", "last_synced": null, "sync_source": null,
    "external_id": null, "created_at": "2026-11-23T10:00:00Z", "updated_at": "2026-11-23T10:00:00Z"}))]
pub struct EventOut {
    pub id: i32,
    pub project_name: String,
    /// The business key from the external planning system.
    pub project_ref_num: i64,
    pub location_mvid: Option<String>,
    pub store_number: Option<i32>,
    pub store_name: Option<String>,
    /// Earliest start.
    pub start_datetime: DateTime<Utc>,
    /// Latest end.
    pub due_datetime: DateTime<Utc>,
    /// Minutes; the type's default when null.
    pub estimated_time: Option<i32>,
    pub event_type: String,
    pub condition: String,
    pub last_synced: Option<DateTime<Utc>>,
    pub sync_source: Option<String>,
    pub external_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<event::Model> for EventOut {
    fn from(e: event::Model) -> Self {
        EventOut {
            id: e.id,
            project_name: e.project_name,
            project_ref_num: e.project_ref_num,
            location_mvid: e.location_mvid,
            store_number: e.store_number,
            store_name: e.store_name,
            start_datetime: e.start_datetime,
            due_datetime: e.due_datetime,
            estimated_time: e.estimated_time,
            event_type: e.event_type,
            condition: e.condition,
            last_synced: e.last_synced,
            sync_source: e.sync_source,
            external_id: e.external_id,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// An event to create (or to import).
#[derive(Debug, Clone, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"project_name": "Core Reset - Aisle 5", "project_ref_num": 606034, "store_number": 1234,
    "store_name": "Main St", "start_datetime": "2026-03-02T00:00:00-05:00", "due_datetime": "2026-03-09T23:59:00-05:00",
    "estimated_time": 390, "event_type": "Core"}))]
pub struct EventIn {
    #[schema(pattern = r"\S", max_length = 500)]
    pub project_name: String,
    #[schema(minimum = 1)]
    pub project_ref_num: i64,
    pub location_mvid: Option<String>,
    #[schema(minimum = 0)]
    pub store_number: Option<i32>,
    pub store_name: Option<String>,
    #[schema(schema_with = crate::platform::http::validation::plausible_datetime_schema)]
    pub start_datetime: DateTime<Utc>,
    /// After `start_datetime`.
    #[schema(schema_with = due_schema)]
    pub due_datetime: DateTime<Utc>,
    /// Minutes, 1 to 1,440.
    #[schema(minimum = 1, maximum = 1440)]
    pub estimated_time: Option<i32>,
    /// One of the configured event types (the `event_type_rules` setting).
    pub event_type: String,
    /// Default `Unstaffed`.
    #[schema(schema_with = condition_or_null_schema)]
    pub condition: Option<String>,
    pub sync_source: Option<String>,
    pub external_id: Option<String>,
}

/// Changes to an event; absent fields stay. Only the fields marked nullable may be null.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"condition": "Paused"}))]
pub struct EventPatch {
    #[serde(default, deserialize_with = "crate::platform::http::patch::not_null")]
    #[schema(nullable = false, pattern = r"\S", max_length = 500)]
    pub project_name: Option<String>,
    #[serde(default, deserialize_with = "crate::platform::http::patch::not_null")]
    #[schema(nullable = false, minimum = 1)]
    pub project_ref_num: Option<i64>,
    /// null clears it.
    #[serde(
        default,
        deserialize_with = "crate::platform::http::patch::double_option"
    )]
    #[schema(value_type = Option<String>, nullable)]
    pub location_mvid: Option<Option<String>>,
    /// null clears it.
    #[serde(
        default,
        deserialize_with = "crate::platform::http::patch::double_option"
    )]
    #[schema(value_type = Option<i32>, nullable, minimum = 0)]
    pub store_number: Option<Option<i32>>,
    /// null clears it.
    #[serde(
        default,
        deserialize_with = "crate::platform::http::patch::double_option"
    )]
    #[schema(value_type = Option<String>, nullable)]
    pub store_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::platform::http::patch::not_null")]
    #[schema(schema_with = crate::platform::http::validation::plausible_datetime_schema)]
    pub start_datetime: Option<DateTime<Utc>>,
    /// After `start_datetime` (the new one, or the event's).
    #[serde(default, deserialize_with = "crate::platform::http::patch::not_null")]
    #[schema(schema_with = due_schema)]
    pub due_datetime: Option<DateTime<Utc>>,
    /// Minutes; null clears it, and the event then takes its type's `default_minutes`.
    #[serde(
        default,
        deserialize_with = "crate::platform::http::patch::double_option"
    )]
    #[schema(value_type = Option<i32>, nullable, minimum = 1, maximum = 1440)]
    pub estimated_time: Option<Option<i32>>,
    #[serde(default, deserialize_with = "crate::platform::http::patch::not_null")]
    #[schema(nullable = false)]
    pub event_type: Option<String>,
    #[serde(default, deserialize_with = "crate::platform::http::patch::not_null")]
    #[schema(schema_with = condition_schema)]
    pub condition: Option<String>,
}

impl EventPatch {
    /// The event as it would be with this patch applied.
    pub fn apply_to(self, e: &event::Model) -> EventIn {
        EventIn {
            project_name: self.project_name.unwrap_or_else(|| e.project_name.clone()),
            project_ref_num: self.project_ref_num.unwrap_or(e.project_ref_num),
            location_mvid: self
                .location_mvid
                .unwrap_or_else(|| e.location_mvid.clone()),
            store_number: self.store_number.unwrap_or(e.store_number),
            store_name: self.store_name.unwrap_or_else(|| e.store_name.clone()),
            start_datetime: self.start_datetime.unwrap_or(e.start_datetime),
            due_datetime: self.due_datetime.unwrap_or(e.due_datetime),
            estimated_time: self.estimated_time.unwrap_or(e.estimated_time),
            event_type: self.event_type.unwrap_or_else(|| e.event_type.clone()),
            condition: Some(self.condition.unwrap_or_else(|| e.condition.clone())),
            sync_source: e.sync_source.clone(),
            external_id: e.external_id.clone(),
        }
    }
}

fn due_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::plausible_datetime_schema(),
        "After `start_datetime` (the event's own, when only this changes).",
    )
}

fn condition_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(CONDITIONS),
        "`Unstaffed`, `Scheduled`, `Submitted`, `Paused` or `Reissued`.",
    )
}

fn condition_or_null_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_or_null_schema(CONDITIONS),
        "`Unstaffed` (default), `Scheduled`, `Submitted`, `Paused` or `Reissued`.",
    )
}

/// Every invalid field of `e`.
pub fn validate(e: &EventIn, cfg: &RuleConfig) -> Result<(), Vec<FieldError>> {
    let mut c = Checks::new();
    c.check(
        "project_name",
        crate::platform::http::validation::text(&e.project_name, 1, 500),
    )
    .check(
        "project_ref_num",
        (e.project_ref_num <= 0).then(|| "must be a positive whole number".to_owned()),
    )
    .check(
        "start_datetime",
        crate::platform::http::validation::plausible_date(e.start_datetime.date_naive()),
    )
    .check(
        "due_datetime",
        crate::platform::http::validation::plausible_date(e.due_datetime.date_naive()),
    )
    .check(
        "due_datetime",
        (e.due_datetime <= e.start_datetime).then(|| "must be after start_datetime".to_owned()),
    )
    .check(
        "estimated_time",
        e.estimated_time
            .filter(|m| !(1..=1440).contains(m))
            .map(|_| "must be 1 to 1440 minutes".to_owned()),
    )
    .check(
        "store_number",
        e.store_number
            .filter(|n| *n < 0)
            .map(|_| "must not be negative".to_owned()),
    )
    .check(
        "event_type",
        (!cfg.event_types.contains_key(&e.event_type)).then(|| {
            format!(
                "must be one of the configured types: {}",
                cfg.event_types
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }),
    )
    .check(
        "condition",
        e.condition
            .as_deref()
            .filter(|c| !CONDITIONS.contains(c))
            .map(|_| format!("must be one of {}", CONDITIONS.join(", "))),
    );
    match c.finish() {
        Ok(()) => Ok(()),
        Err(e) => Err(e.problem().errors),
    }
}

pub use kairos_store::workforce::event_by_ref as find_by_ref;

fn fill(row: &mut event::ActiveModel, e: EventIn) {
    row.project_name = Set(e.project_name.trim().to_owned());
    row.project_ref_num = Set(e.project_ref_num);
    row.location_mvid = Set(e.location_mvid);
    row.store_number = Set(e.store_number);
    row.store_name = Set(e.store_name);
    row.start_datetime = Set(e.start_datetime);
    row.due_datetime = Set(e.due_datetime);
    row.estimated_time = Set(e.estimated_time);
    row.event_type = Set(e.event_type);
    row.condition = Set(e.condition.unwrap_or_else(|| super::UNSTAFFED.to_owned()));
    row.sync_source = Set(e.sync_source);
    row.external_id = Set(e.external_id);
    row.updated_at = Set(Utc::now());
}

pub async fn insert<C: ConnectionTrait>(conn: &C, e: EventIn) -> Result<event::Model, DbErr> {
    let mut row = event::ActiveModel {
        created_at: Set(Utc::now()),
        last_synced: Set(None),
        ..Default::default()
    };
    fill(&mut row, e);
    row.insert(conn).await
}

pub async fn update<C: ConnectionTrait>(
    conn: &C,
    before: event::Model,
    e: EventIn,
) -> Result<event::Model, DbErr> {
    let mut row: event::ActiveModel = before.into();
    fill(&mut row, e);
    row.update(conn).await
}

/// Whether importing `e` over `existing` would change anything (the condition is kept by imports).
fn same(existing: &event::Model, e: &EventIn) -> bool {
    existing.project_name == e.project_name.trim()
        && existing.location_mvid == e.location_mvid
        && existing.store_number == e.store_number
        && existing.store_name == e.store_name
        && existing.start_datetime == e.start_datetime
        && existing.due_datetime == e.due_datetime
        && existing.estimated_time == e.estimated_time
        && existing.event_type == e.event_type
}

/// One parsed row: the event, or why it could not be read.
pub type ParsedRow = Result<EventIn, Vec<FieldError>>;

fn field(field: &str, message: impl Into<String>) -> Vec<FieldError> {
    vec![FieldError {
        field: field.to_owned(),
        message: message.into(),
    }]
}

/// Reads a JSON array; each element is judged on its own.
pub fn parse_json_rows(text: &str) -> ApiResult<Vec<ParsedRow>> {
    let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        ApiError::new(
            actix_web::http::StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("the body must be a JSON array of events: {e}"),
        )
    })?;
    Ok(values.into_iter().map(parse_json_row).collect())
}

/// One event from its JSON form (as `POST /events` takes it), or the field that is wrong.
pub fn parse_json_row(v: serde_json::Value) -> ParsedRow {
    serde_path_to_error::deserialize::<_, EventIn>(v).map_err(|e| {
        let path = e.path().to_string();
        field(
            if path == "." { "row" } else { &path },
            e.into_inner().to_string(),
        )
    })
}

const CSV_HEADERS: [&str; 8] = [
    "Project Name",
    "Project Reference Number",
    "Location MVID",
    "Store Number",
    "Store Name",
    "Start Date/Time",
    "Due Date/Time",
    "Estimated Time",
];

/// Reads a date-time in the formats external exports use, as a local time of the business zone:
/// RFC 3339 with an offset (`2026-03-02T09:00:00-05:00`, `…Z`) is the instant it names; every
/// other form is already local.
pub fn parse_local(s: &str, end_of_day: bool, cfg: &RuleConfig) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(cfg.local(t.with_timezone(&chrono::Utc)));
    }
    for f in [
        "%m/%d/%Y %I:%M:%S %p",
        "%m/%d/%Y %I:%M %p",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    for f in ["%m/%d/%Y", "%Y-%m-%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            let t = if end_of_day {
                NaiveTime::from_hms_opt(23, 59, 0)?
            } else {
                NaiveTime::MIN
            };
            return Some(d.and_time(t));
        }
    }
    None
}

/// The type named in a project name, as the planning system writes them.
pub fn type_from_name(name: &str) -> &'static str {
    let n = name.to_lowercase();
    if n.contains("juicer") {
        "Juicer"
    } else if n.contains("setup") || n.contains("set up") {
        "Setup"
    } else if n.contains("demo") {
        "Demo"
    } else if n.contains("core") {
        "Core"
    } else {
        "Other"
    }
}

/// Reads the external system's CSV export (UTF-8 with or without a BOM, comma or semicolon
/// separated); each data row is judged on its own.
pub fn parse_csv_rows(bytes: &[u8], cfg: &RuleConfig) -> ApiResult<Vec<ParsedRow>> {
    let rows = kairos_documents::csv::read_csv(bytes)
        .map_err(|e| ApiError::bad_request(format!("the CSV cannot be read: {e}")))?;
    let Some((header, data)) = rows.split_first() else {
        return Err(ApiError::bad_request("the CSV is empty"));
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let missing: Vec<&str> = CSV_HEADERS
        .iter()
        .copied()
        .filter(|h| col(h).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::bad_request(format!(
            "the CSV lacks the columns: {}",
            missing.join(", ")
        )));
    }
    let idx: Vec<usize> = CSV_HEADERS.iter().map(|h| col(h).unwrap_or(0)).collect();
    let type_col = col("Event Type");
    Ok(data
        .iter()
        .map(|r| {
            let get = |i: usize| r.get(idx[i]).map(|s| s.trim()).unwrap_or("");
            let opt = |i: usize| Some(get(i).to_owned()).filter(|s| !s.is_empty());
            let mut errors = Vec::new();
            let mut bad = |f: &str, m: &str| {
                errors.push(FieldError {
                    field: f.to_owned(),
                    message: m.to_owned(),
                })
            };
            let reference = get(1).parse::<i64>().ok().filter(|n| *n > 0);
            if reference.is_none() {
                bad(CSV_HEADERS[1], "must be a positive whole number");
            }
            let store_number = match opt(3) {
                None => None,
                Some(s) => match s.parse::<i32>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        bad(CSV_HEADERS[3], "must be a whole number");
                        None
                    }
                },
            };
            let start = parse_local(get(5), false, cfg);
            if start.is_none() {
                bad(
                    CSV_HEADERS[5],
                    "must be a date and time such as 03/02/2026 09:00 AM",
                );
            }
            let due = parse_local(get(6), true, cfg);
            if due.is_none() {
                bad(
                    CSV_HEADERS[6],
                    "must be a date and time such as 03/09/2026 11:59 PM",
                );
            }
            let minutes = match opt(7) {
                None => None,
                Some(s) => match s.parse::<i32>() {
                    Ok(n) => Some(n),
                    Err(_) => match s.split_once(':').and_then(|(h, m)| {
                        Some(h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?)
                    }) {
                        Some(n) => Some(n),
                        None => {
                            bad(
                                CSV_HEADERS[7],
                                "must be minutes (390) or hours:minutes (6:30)",
                            );
                            None
                        }
                    },
                },
            };
            if !errors.is_empty() {
                return Err(errors);
            }
            let name = get(0).to_owned();
            let event_type = type_col
                .and_then(|c| r.get(c))
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| type_from_name(&name).to_owned());
            Ok(EventIn {
                project_name: name,
                project_ref_num: reference.unwrap_or_default(),
                location_mvid: opt(2),
                store_number,
                store_name: opt(4),
                start_datetime: cfg.instant(start.unwrap_or_default()),
                due_datetime: cfg.instant(due.unwrap_or_default()),
                estimated_time: minutes,
                event_type,
                condition: None,
                sync_source: None,
                external_id: None,
            })
        })
        .collect())
}

/// Upserts each readable, valid row by `project_ref_num`, each in its own savepoint so that one bad
/// row never blocks the others; every created or updated event is audited.
pub async fn import(
    db: &DatabaseConnection,
    cfg: &RuleConfig,
    caller: &Actor<'_>,
    rows: Vec<ParsedRow>,
    synced_from: Option<&str>,
) -> ApiResult<ImportReport> {
    use sea_orm::TransactionTrait;
    let mut report = ImportReport {
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        rows: Vec::with_capacity(rows.len()),
    };
    let txn = kairos_store::begin_write(db).await?;
    let mut seen = std::collections::HashSet::new();
    for (i, parsed) in rows.into_iter().enumerate() {
        let row = i + 1;
        let input = match parsed.and_then(|e| validate(&e, cfg).map(|_| e)) {
            Ok(e) => e,
            Err(errors) => {
                report.rejected += 1;
                report.rows.push(ImportRow {
                    row,
                    project_ref_num: None,
                    status: "rejected",
                    errors,
                });
                continue;
            }
        };
        let reference = input.project_ref_num;
        if !seen.insert(reference) {
            report.rejected += 1;
            report.rows.push(ImportRow {
                row,
                project_ref_num: Some(reference),
                status: "rejected",
                errors: field("project_ref_num", "appears earlier in the same file"),
            });
            continue;
        }
        let sp = txn.begin().await?;
        let external_id = input.external_id.clone();
        let outcome: Result<&'static str, DbErr> = async {
            let status = match find_by_ref(&sp, reference).await? {
                Some(existing) if same(&existing, &input) => Ok::<_, DbErr>("unchanged"),
                Some(existing) => {
                    let mut keep = input.clone();
                    // An import never changes the staffing state; the schedules decide it.
                    keep.condition = Some(existing.condition.clone());
                    keep.sync_source = existing.sync_source.clone();
                    keep.external_id = existing.external_id.clone();
                    let after = update(&sp, existing.clone(), keep).await?;
                    caller
                        .audit(
                            &sp,
                            Change::new("update", "event", after.id)
                                .before(EventOut::from(existing))
                                .after(EventOut::from(after)),
                        )
                        .await?;
                    Ok("updated")
                }
                None => {
                    let created = insert(&sp, input.clone()).await?;
                    caller
                        .audit(
                            &sp,
                            Change::new("create", "event", created.id)
                                .after(EventOut::from(created)),
                        )
                        .await?;
                    Ok("created")
                }
            }?;
            if let Some(source) = synced_from {
                // A synced row records where and when it was last seen, changed or not.
                let mut mark = event::Entity::update_many()
                    .col_expr(event::Column::LastSynced, Expr::value(chrono::Utc::now()))
                    .col_expr(event::Column::SyncSource, Expr::value(source));
                if let Some(x) = &external_id {
                    mark = mark.col_expr(event::Column::ExternalId, Expr::value(x.clone()));
                }
                mark.filter(event::Column::ProjectRefNum.eq(reference))
                    .exec(&sp)
                    .await?;
            }
            Ok(status)
        }
        .await;
        match outcome {
            Ok(status) => {
                sp.commit().await?;
                match status {
                    "created" => report.created += 1,
                    "updated" => report.updated += 1,
                    _ => report.unchanged += 1,
                }
                report.rows.push(ImportRow {
                    row,
                    project_ref_num: Some(reference),
                    status,
                    errors: vec![],
                });
            }
            Err(e) => {
                sp.rollback().await?;
                tracing::warn!(row, error = %e, "import row failed");
                report.rejected += 1;
                report.rows.push(ImportRow {
                    row,
                    project_ref_num: Some(reference),
                    status: "rejected",
                    errors: field("row", "could not be saved"),
                });
            }
        }
    }
    txn.commit().await?;
    Ok(report)
}
