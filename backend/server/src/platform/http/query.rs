//! `Query<T>`: a query string whose errors name the parameter (`page: invalid digit found in
//! string`), as `Body<T>` does for JSON bodies.

use crate::platform::http::error::{ApiError, FieldError};
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use futures_util::future::{Ready, ready};
use sea_orm::Condition;
use sea_orm::sea_query::{Expr, ExprTrait, Func, IntoColumnRef, LikeExpr};
use serde::de::DeserializeOwned;

/// Deserialised query parameters. A value of the wrong type, out of range, or not a date
/// answers 400 problem+json with `errors: [{field, message}]` naming the parameter.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse(req.query_string()).map(Query))
    }
}

/// Parses a query string (without the `?`) into `T`, naming the parameter that did not fit.
pub fn parse<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        if path == "." || path.is_empty() {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query",
                format!("the query string is invalid: {message}"),
            )
        } else {
            bad_parameter(&path, message)
        }
    })
}

/// The `q` search of a list: every column that contains `q`, ignoring case, with `%`, `_` and
/// `\\` in `q` taken literally (not as wildcards). `None` when `q` is blank; 400 when it holds a
/// control character (a NUL would end the pattern early on SQLite and match everything).
pub fn text_search<C>(q: Option<&str>, columns: &[C]) -> Result<Option<Condition>, ApiError>
where
    C: IntoColumnRef + Copy,
{
    if q.is_some_and(|q| q.chars().any(char::is_control)) {
        return Err(bad_parameter(
            "q",
            "must not contain control characters".into(),
        ));
    }
    let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
        return Ok(None);
    };
    let mut escaped = String::with_capacity(q.len() + 2);
    escaped.push('%');
    for c in q.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    Ok(Some(columns.iter().fold(Condition::any(), |any, &c| {
        any.add(
            Expr::expr(Func::lower(Expr::col(c))).like(LikeExpr::new(escaped.clone()).escape('\\')),
        )
    })))
}

/// A 400 naming `field` unless `value` is one of `allowed` (an enum-like filter).
pub fn one_of<S: AsRef<str>>(field: &str, value: &str, allowed: &[S]) -> Result<(), ApiError> {
    if allowed.iter().any(|a| a.as_ref() == value) {
        return Ok(());
    }
    let names: Vec<&str> = allowed.iter().map(AsRef::as_ref).collect();
    Err(bad_parameter(
        field,
        format!("{value:?} is not one of {}", names.join(", ")),
    ))
}

/// 400 problem+json about one query parameter, named in the detail and in `errors`.
fn bad_parameter(field: &str, message: String) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_query",
        format!("query parameter {field}: {message}"),
    )
    .with_errors(vec![FieldError {
        field: field.to_owned(),
        message,
    }])
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Filter {
        page: Option<u64>,
        from: Option<chrono::NaiveDate>,
        q: Option<String>,
    }

    #[test]
    fn names_the_parameter_that_does_not_fit() {
        for (query, field) in [
            ("page=abc", "page"),
            ("page=-1", "page"),
            ("page=99999999999999999999", "page"),
            ("q=x&from=2027-13-01", "from"),
        ] {
            let err = parse::<Filter>(query).unwrap_err();
            assert_eq!(
                err.status(),
                actix_web::http::StatusCode::BAD_REQUEST,
                "{query}"
            );
            assert_eq!(err.errors().len(), 1, "{query}");
            assert_eq!(err.errors()[0].field, field, "{query}");
            assert!(err.detail().contains(field), "{query}: {}", err.detail());
        }
    }

    #[test]
    fn enum_filters_take_only_their_values() {
        assert!(super::one_of("condition", "Unstaffed", &["Unstaffed", "Scheduled"]).is_ok());
        let err = super::one_of("condition", "unstaffed", &["Unstaffed", "Scheduled"]).unwrap_err();
        assert_eq!(err.errors()[0].field, "condition");
        assert!(
            err.detail().contains("Unstaffed, Scheduled"),
            "{}",
            err.detail()
        );
    }

    #[test]
    fn reads_what_fits() {
        let f = parse::<Filter>("page=2&from=2026-03-02&q=a%20b").unwrap();
        assert_eq!(f.page, Some(2));
        assert_eq!(f.from, chrono::NaiveDate::from_ymd_opt(2026, 3, 2));
        assert_eq!(f.q.as_deref(), Some("a b"));
    }
}
