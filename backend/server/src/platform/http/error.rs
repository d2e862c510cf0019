//! The one API error type, rendered as RFC 9457 `application/problem+json`.

use actix_web::{HttpResponse, ResponseError, http::StatusCode};
use sea_orm::{DbErr, SqlErr, TransactionError};
use serde::Serialize;
use std::fmt;
use utoipa::ToSchema;

/// One invalid field in a 422 answer.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
#[schema(example = json!({"field": "email", "message": "must be a valid e-mail address"}))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The body of every error answer (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "https://kairos.dev/problems/validation-failed",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "2 fields are invalid",
    "code": "validation_failed",
    "errors": [{"field": "email", "message": "must be a valid e-mail address"}]
}))]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub type_: String,
    /// The HTTP reason phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong, in words meant for the person making the request.
    pub detail: String,
    /// A stable machine-readable code, e.g. `validation_failed`, `conflict`, `rate_limited`.
    pub code: String,
    /// The invalid fields (422 only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The broken scheduling rules (409 from schedule writes): `[{code, message}]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub violations: Option<serde_json::Value>,
}

/// An error answered to an API caller. Internal causes are logged, never returned.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    detail: String,
    errors: Vec<FieldError>,
    violations: Option<serde_json::Value>,
    retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            violations: None,
            retry_after: None,
        }
    }

    /// Names the fields at fault (a 400 about a query string, say) without making it a 422.
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// Attaches the broken rules to a 409.
    pub fn with_violations(mut self, violations: serde_json::Value) -> Self {
        self.violations = Some(violations);
        self
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    pub fn not_found(what: impl fmt::Display) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} was not found"),
        )
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", detail)
    }

    pub fn payload_too_large(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", detail)
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", detail)
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many attempts; try again in {retry_after_secs} seconds"),
        );
        e.retry_after = Some(retry_after_secs.max(1));
        e
    }

    /// 422 naming each invalid field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            many => format!("{} fields are invalid", many.len()),
        };
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            detail,
        );
        e.errors = errors;
        e
    }

    /// 422 for a single field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// 500: logs the cause with the request's span (and so its request id), answers nothing of it.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(cause = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed to answer this request; it has been logged",
        )
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn problem(&self) -> Problem {
        Problem {
            type_: format!(
                "https://kairos.dev/problems/{}",
                self.code.replace('_', "-")
            ),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.to_owned(),
            errors: self.errors.clone(),
            violations: self.violations.clone(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        res.content_type("application/problem+json");
        if let Some(secs) = self.retry_after {
            res.insert_header(("Retry-After", secs.to_string()));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            res.insert_header(("WWW-Authenticate", "Bearer"));
        }
        res.json(self.problem())
    }
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                ApiError::conflict("a record with the same unique value already exists")
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => ApiError::conflict(
                "the change refers to a record that does not exist or is still referenced",
            ),
            _ => match err {
                DbErr::RecordNotFound(what) => ApiError::not_found(what),
                other => ApiError::internal(other),
            },
        }
    }
}

impl From<TransactionError<ApiError>> for ApiError {
    fn from(err: TransactionError<ApiError>) -> Self {
        match err {
            TransactionError::Connection(db) => db.into(),
            TransactionError::Transaction(api) => api,
        }
    }
}

/// Renders actix's own extractor failures as problems. JSON bodies go through `body::Body`,
/// which maps its own; only the path extractor is actix's.
pub mod extractors {
    use super::ApiError;
    use actix_web::error::PathError;
    use actix_web::{HttpRequest, error::Error};

    pub fn path(err: PathError, _req: &HttpRequest) -> Error {
        ApiError::new(
            actix_web::http::StatusCode::BAD_REQUEST,
            "invalid_path",
            format!("the URL path is invalid: {err}"),
        )
        .into()
    }
}
