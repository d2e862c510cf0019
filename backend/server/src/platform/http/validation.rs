//! Field checks shared by the wire types; each returns the message for a 422 `errors` entry.

use crate::platform::http::error::{ApiError, FieldError};

/// The documented schema of a text field or filter that takes only `values`.
pub fn one_of_schema(values: &[&str]) -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .build()
}

/// `one_of_schema` for an optional body field, where `null` is the same as leaving it out.
pub fn one_of_or_null_schema(values: &[&str]) -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let values: Vec<serde_json::Value> = values
        .iter()
        .map(|v| serde_json::Value::from(*v))
        .chain([serde_json::Value::Null])
        .collect();
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values))
        .build()
}

type Schema = utoipa::openapi::RefOr<utoipa::openapi::Schema>;

/// `schema` with `text` as its description (a field documented with `schema_with` loses its doc
/// comment, so the function that documents it says it again).
pub fn described(schema: impl Into<Schema>, text: &str) -> Schema {
    use utoipa::openapi::{RefOr, Schema as S};
    let mut schema = schema.into();
    match &mut schema {
        RefOr::T(S::Object(o)) => o.description = Some(text.to_owned()),
        RefOr::T(S::Array(a)) => a.description = Some(text.to_owned()),
        _ => {}
    }
    schema
}

/// A string schema, `[string, null]` when `nullable`.
fn string(nullable: bool) -> utoipa::openapi::schema::ObjectBuilder {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let t = if nullable {
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::new(Type::String)
    };
    ObjectBuilder::new().schema_type(t)
}

/// The documented schema of a list of texts as `text(_, 1, max_len)` takes them, at most
/// `max_items` of them (`null` allowed when `nullable`).
pub fn texts_schema(max_items: usize, max_len: usize, nullable: bool) -> Schema {
    use utoipa::openapi::schema::{ArrayBuilder, SchemaType, Type};
    let item = string(false).pattern(Some(r"\S")).max_length(Some(max_len));
    let mut list = ArrayBuilder::new()
        .items(item)
        .max_items(Some(max_items))
        .build();
    if nullable {
        list.schema_type = SchemaType::from_iter([Type::Array, Type::Null]);
    }
    list.into()
}

/// The documented schema of a list of at least `min_items` texts, each one of `values`.
pub fn one_of_list_schema(values: &[&str], min_items: usize, nullable: bool) -> Schema {
    use utoipa::openapi::schema::{ArrayBuilder, SchemaType, Type};
    let mut list = ArrayBuilder::new()
        .items(one_of_schema(values))
        .min_items(Some(min_items))
        .build();
    if nullable {
        list.schema_type = SchemaType::from_iter([Type::Array, Type::Null]);
    }
    list.into()
}

/// The pattern of a date `plausible_date` takes (1970-01-01 to 2999-12-31).
const PLAUSIBLE_DATE: &str = "(19[7-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";

/// The documented schema of a date `plausible_date` takes.
pub fn plausible_date_schema() -> Schema {
    use utoipa::openapi::schema::{KnownFormat, SchemaFormat};
    string(false)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .pattern(Some(format!("^{PLAUSIBLE_DATE}$")))
        .into()
}

/// The documented schema of an RFC 3339 date-time whose date `plausible_date` takes.
pub fn plausible_datetime_schema() -> Schema {
    use utoipa::openapi::schema::{KnownFormat, SchemaFormat};
    string(false)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
        .pattern(Some(format!(
            "^{PLAUSIBLE_DATE}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{{1,9}})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
        )))
        .into()
}

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

/// The characters `text` takes as blank: Unicode's White_Space, as `str::trim` has it.
const BLANK: [(char, char); 10] = [
    ('\u{9}', '\u{d}'),
    (' ', ' '),
    ('\u{85}', '\u{85}'),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
];

/// The documented `pattern` of a text that must not be blank: one character that is not
/// blank (spelt out, as `\S` differs between regular expression engines).
pub fn not_blank_pattern() -> String {
    let class: String = BLANK
        .iter()
        .map(|&(a, b)| {
            if a == b {
                format!("\\u{:04X}", a as u32)
            } else {
                format!("\\u{:04X}-\\u{:04X}", a as u32, b as u32)
            }
        })
        .collect();
    format!("[^{class}]")
}

/// Between `min` and `max` characters, not blank. Documented as `pattern = r"\S"` (rewritten
/// to `not_blank_pattern()` in the document) with `max_length = max`.
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
    fn the_blank_characters_are_those_trim_removes() {
        let listed = |c: char| BLANK.iter().any(|&(a, b)| (a..=b).contains(&c));
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(listed(c), c.is_whitespace(), "{:?}", c);
            assert_eq!(text(&c.to_string(), 1, 10).is_some(), c.is_whitespace());
        }
        assert_eq!(
            not_blank_pattern(),
            "[^\\u0009-\\u000D\\u0020\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028-\\u2029\\u202F\\u205F\\u3000]"
        );
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
