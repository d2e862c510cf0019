//! Wire types of exports: what its routes take and answer.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Export formats.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
    Ics,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv`, `xlsx` or `ics`.
    #[param(inline)]
    pub format: Format,
    /// First local date (inclusive).
    #[param(example = "2026-03-02")]
    pub from: chrono::NaiveDate,
    /// Last local date (inclusive); at most 366 days after `from`.
    #[param(example = "2026-03-15")]
    pub to: chrono::NaiveDate,
    pub employee_id: Option<String>,
}

/// A new calendar feed: subscribe to `url` from a phone or desktop calendar.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"url": "http://127.0.0.1:8080/api/v1/feeds/Jx0…q.ics", "token": "Jx0…q"}))]
pub struct FeedOut {
    /// Shown once; revoke it with DELETE on the same employee.
    pub url: String,
    pub token: String,
}
