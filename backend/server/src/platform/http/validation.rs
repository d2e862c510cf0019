//! Field checks shared by the wire types; each returns the message for a 422 `errors` entry.

use crate::platform::http::error::{ApiError, FieldError};

/// Collects field errors and turns them into one 422.
#[derive(Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `message` for `field` when `problem` is `Some`.
    pub fn check(&mut self, field: &str, problem: Option<String>) -> &mut Self {
        if let Some(message) = problem {
            self.0.push(FieldError {
                field: field.to_owned(),
                message,
            });
        }
        self
    }

    pub fn finish(&mut self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(std::mem::take(&mut self.0)))
        }
    }
}

pub fn email(value: &str) -> Option<String> {
    let v = value.trim();
    let valid = v.len() <= 254
        && !v.chars().any(char::is_whitespace)
        && v.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && v.matches('@').count() == 1;
    (!valid).then(|| "must be a valid e-mail address".to_owned())
}

/// A date the business can mean: years 1970 to 2999. Wider ones parse (`+99999-12-01`), but no
/// event or request lies there, and near year 9999 a local time's instant runs past what an
/// RFC 3339 answer can write.
pub fn plausible_date(date: chrono::NaiveDate) -> Option<String> {
    use chrono::Datelike;
    (!(1970..=2999).contains(&date.year()))
        .then(|| "must be a date between 1970-01-01 and 2999-12-31".to_owned())
}

/// Between `min` and `max` characters, not blank.
pub fn text(value: &str, min: usize, max: usize) -> Option<String> {
    let n = value.trim().chars().count();
    if n < min.max(1) {
        Some(if min <= 1 {
            "must not be blank".to_owned()
        } else {
            format!("must have at least {min} characters")
        })
    } else if value.chars().count() > max {
        Some(format!("must have at most {max} characters"))
    } else {
        None
    }
}

/// [`text`] for a field that may be left out: nothing to say when it is absent.
pub fn optional_text(value: Option<&str>, min: usize, max: usize) -> Option<String> {
    value.and_then(|v| text(v, min, max))
}

pub fn username(value: &str) -> Option<String> {
    let ok = (3..=64).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    (!ok).then(|| "must be 3 to 64 letters, digits, dots, dashes or underscores".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_need_one_at_and_a_dotted_domain() {
        assert!(email("ann@example.com").is_none());
        assert!(email("ann@localhost").is_some());
        assert!(email("ann example@x.com").is_some());
        assert!(email("@x.com").is_some());
        assert!(email("a@b@x.com").is_some());
    }

    #[test]
    fn checks_collect_every_bad_field() {
        let err = Checks::new()
            .check("a", Some("bad".into()))
            .check("b", None)
            .check("c", Some("worse".into()))
            .finish()
            .unwrap_err();
        assert_eq!(err.problem().errors.len(), 2);
        assert_eq!(err.status().as_u16(), 422);
    }
}
