//! `Body<T>`: a JSON request body whose errors name the offending field (`role: unknown variant …`).

use crate::platform::http::error::ApiError;
use actix_web::error::PayloadError;
use actix_web::http::{Method, StatusCode};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

/// A deserialised JSON body. Malformed JSON, wrong types and unknown fields answer 400, a body over
/// the configured limit 413, a non-JSON content type 415 — all as problem+json. An empty body
/// reads as `{}` on a POST (an action whose fields are all optional, such as a decision's notes,
/// needs none); a PATCH or PUT without a body answers 400, as the change it asks for is its body.
/// A whole number written with a fraction of zero (`3.0`) is a whole number, as JSON Schema's
/// `integer` has it.
pub struct Body<T>(pub T);

impl<T> Body<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Body<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || m.ends_with("+json")
        })
        .unwrap_or(false)
}

impl<T: DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let needs_body = matches!(*req.method(), Method::PATCH | Method::PUT);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = bytes
                .await
                .map_err(|e| match e.as_error::<PayloadError>() {
                    Some(PayloadError::Overflow) => ApiError::payload_too_large(
                        "the body is larger than the server accepts (bytes limit)",
                    ),
                    _ => ApiError::bad_request(format!("the body could not be read: {e}")),
                })?;
            // No body at all reads as `{}`: a route whose fields are all optional (a decision's
            // notes) needs none, and one with required fields names the first one missing. A
            // PATCH or PUT without one is refused: it would "change" nothing, or clear all.
            let empty = bytes.iter().all(u8::is_ascii_whitespace);
            if empty && needs_body {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "missing_body",
                    "the request needs a JSON body with the fields to set (`{}` sets none)",
                ));
            }
            let bytes = if empty {
                web::Bytes::from_static(b"{}")
            } else if !json {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "the body must be JSON sent with Content-Type: application/json",
                ));
            } else {
                bytes
            };
            let mut de = serde_json::Deserializer::from_slice(&bytes);
            let decoded = serde_path_to_error::deserialize(&mut de);
            // The second reading parsed the whole body, so there is nothing after it to check.
            let mut whole = false;
            let decoded = match decoded {
                // `3.0` where a whole number is wanted: read again with such numbers as integers.
                Err(e) if e.inner().is_data() && e.inner().to_string().contains(FLOAT_FOR_INT) => {
                    match serde_json::from_slice::<serde_json::Value>(&bytes) {
                        Ok(mut v) => {
                            whole = true;
                            integral_floats_to_integers(&mut v);
                            serde_path_to_error::deserialize(v)
                        }
                        Err(_) => Err(e),
                    }
                }
                other => other,
            };
            let value = decoded.map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let at = if path == "." {
                    String::new()
                } else {
                    format!("{path}: ")
                };
                if inner.is_data() {
                    let text = inner.to_string();
                    // chrono names what went wrong but not what it expected.
                    let hint = if CHRONO_ERRORS.iter().any(|m| text.contains(m)) {
                        " (dates are YYYY-MM-DD; date-times are RFC 3339 with an offset, such as 2026-03-02T10:15:00-05:00)"
                    } else {
                        ""
                    };
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "invalid_body",
                        format!(
                            "the JSON body does not match the expected shape: {at}{text}{hint}"
                        ),
                    )
                } else {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "malformed_json",
                        format!("the body is not valid JSON: {inner}"),
                    )
                }
            })?;
            if !whole {
                de.end().map_err(|e| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "malformed_json",
                        format!("the body is not valid JSON: {e}"),
                    )
                })?;
            }
            Ok(Body(value))
        })
    }
}

/// What serde says of a JSON number with a fraction where an integer is wanted.
const FLOAT_FOR_INT: &str = "invalid type: floating point";

/// Rewrites every number with a fraction of zero that fits an `i64` (`3.0`, `-2.0`) as that
/// integer, everywhere in `value`.
fn integral_floats_to_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f >= i64::MIN as f64
                && f < i64::MAX as f64
            {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_to_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_floats_to_integers),
        _ => {}
    }
}

/// What chrono's parse errors say (`chrono::format::ParseError`'s messages), to recognise a
/// date or date-time that did not parse.
const CHRONO_ERRORS: [&str; 6] = [
    "input is out of range",
    "no possible date and time matching input",
    "input is not enough for unique date and time",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
];
