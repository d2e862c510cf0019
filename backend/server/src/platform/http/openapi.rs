//! The OpenAPI 3.1 document: collected from the routes, then completed with the shared error
//! responses so that every operation documents its 4xx/5xx answers with examples.

use crate::platform::http::error::{FieldError, Problem};
use crate::platform::http::route_problem::RouteProblem;
use crate::platform::module::Registry;
use actix_web::App;
use serde_json::{Map, Value, json};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

#[derive(OpenApi)]
#[openapi(
    info(title = "Kairos API", license(name = "Apache-2.0")),
    components(schemas(Problem, FieldError))
)]
struct ApiDoc;

/// The complete document of `registry`'s routes and tags, as served at `/api/v1/openapi.json`
/// and committed in `openapi/openapi.json`.
pub fn document(registry: &Registry) -> Value {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(|cfg| registry.routes(cfg)))
        .split_for_parts();
    let mut doc = serde_json::to_value(api).expect("the OpenAPI document serialises");
    doc["info"]["description"] = json!(registry.description);
    doc["tags"] = registry
        .tags()
        .map(|t| json!({"name": t.name, "description": t.description}))
        .collect();
    complete(&mut doc, registry);
    doc
}

/// The document as pretty JSON with a trailing newline (the committed file's form).
pub fn document_text(registry: &Registry) -> String {
    let mut text = serde_json::to_string_pretty(&document(registry)).expect("JSON");
    text.push('\n');
    text
}

fn problem_example(status: u16) -> Value {
    let (code, detail) = match status {
        400 => (
            "malformed_json",
            "the body is not valid JSON: expected value at line 1 column 1",
        ),
        401 => ("unauthorized", "missing Authorization: Bearer token"),
        403 => (
            "forbidden",
            "the viewer role may not do this; it needs at least admin",
        ),
        404 => ("not_found", "user 42 was not found"),
        409 => (
            "conflict",
            "a record with the same unique value already exists",
        ),
        413 => (
            "payload_too_large",
            "the body is larger than the server accepts (bytes limit)",
        ),
        415 => (
            "unsupported_media_type",
            "the body must be JSON sent with Content-Type: application/json",
        ),
        422 => ("validation_failed", "email: must be a valid e-mail address"),
        429 => ("rate_limited", "too many attempts; try again in 60 seconds"),
        502 => (
            "bad_gateway",
            "a server Kairos called could not be reached or answered with an error",
        ),
        503 => ("unavailable", "the database does not answer"),
        _ => (
            "internal",
            "the server failed to answer this request; it has been logged",
        ),
    };
    let title = actix_web::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    let mut example = json!({
        "type": format!("https://kairos.dev/problems/{}", code.replace('_', "-")),
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    });
    if status == 422 {
        example["errors"] =
            json!([{"field": "email", "message": "must be a valid e-mail address"}]);
    }
    example
}

/// A problem+json response body with its example.
fn problem_content(example: Value) -> Value {
    json!({"application/problem+json": {
        "schema": {"$ref": "#/components/schemas/Problem"},
        "example": example
    }})
}

/// The example of a route's own error (see `ModuleSpec::problems`).
fn route_problem_example(p: &RouteProblem) -> Value {
    let mut example = problem_example(p.status);
    example["detail"] = json!(p.detail);
    if p.status == 422
        && let Some((field, message)) = p.detail.split_once(": ")
    {
        example["errors"] = json!([{"field": field, "message": message}]);
    }
    if let Some(code) = p.violations {
        let message = p.detail.rsplit(": ").next().unwrap_or(p.detail);
        example["violations"] = json!([{"code": code, "message": message}]);
    }
    example
}

/// The first field of an operation's JSON body (a required one if any) and a message of the
/// kind its type gets, for a 422 example in the operation's own terms.
fn first_body_field(body: Option<&Value>, schemas: &Value) -> Option<(String, String)> {
    let schema = &body?["content"]["application/json"]["schema"];
    let schema = match schema["$ref"].as_str() {
        Some(r) => &schemas[r.rsplit('/').next()?],
        None => schema,
    };
    let properties = schema["properties"].as_object()?;
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // Required fields first; a true/false field is never the one a 422 names, nor a date or
    // time (one that does not parse is a 400).
    let mut names: Vec<&str> = required.clone();
    names.extend(
        properties
            .keys()
            .map(String::as_str)
            .filter(|n| !required.contains(n)),
    );
    names.into_iter().find_map(|name| {
        let p = properties.get(name)?;
        let types = &p["type"];
        let is = |t: &str| types == t || types.as_array().is_some_and(|a| a.iter().any(|x| x == t));
        let format = p["format"].as_str();
        let message = if is("boolean") || matches!(format, Some("date" | "date-time" | "time")) {
            return None;
        } else if let Some(values) = p["enum"].as_array() {
            let values: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            format!("must be one of {}", values.join(", "))
        } else if format == Some("email") {
            "must be a valid e-mail address".to_owned()
        } else if is("string") && format.is_none() {
            "must not be blank".to_owned()
        } else if is("integer") || is("number") {
            "must be at least 1".to_owned()
        } else if is("array") {
            "must not be empty".to_owned()
        } else {
            "is not valid".to_owned()
        };
        Some((name.to_owned(), message))
    })
}

fn field_problem_example(field: &str, message: &str) -> Value {
    let mut example = problem_example(422);
    example["detail"] = json!(format!("{field}: {message}"));
    example["errors"] = json!([{"field": field, "message": message}]);
    example
}

fn default_description(status: u16) -> &'static str {
    match status {
        400 => {
            "Malformed request: invalid JSON, wrong types, unknown fields, or a bad query or path"
        }
        401 => "Missing, invalid or expired credentials",
        403 => "The caller's role may not do this",
        404 => "Not found",
        409 => "Conflict with the current state",
        413 => "The body is too large",
        415 => {
            "The body is not sent as `application/json` (or, where listed, another type the route takes)"
        }
        422 => "Invalid fields; `errors` names each one",
        429 => "Rate limited; retry after `Retry-After` seconds",
        502 => "A server Kairos called answered with an error",
        503 => "Service unavailable",
        _ => "Unexpected server error (logged; never shows its cause)",
    }
}

/// Spells out `pattern: "\\S"` (a text that must not be blank) as the characters the server
/// takes as blank, wherever the document has it.
fn not_blank_patterns(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            if fields.get("pattern").and_then(Value::as_str) == Some("\\S") {
                fields.insert(
                    "pattern".into(),
                    crate::platform::http::validation::not_blank_pattern().into(),
                );
            }
            fields.values_mut().for_each(not_blank_patterns);
        }
        Value::Array(items) => items.iter_mut().for_each(not_blank_patterns),
        _ => {}
    }
}

/// An optional body (`request_body = Option<T>`) is documented as not required; utoipa also
/// makes its schema `oneOf [T, null]`, but a `null` body is not one the server takes.
fn optional_bodies(op: &mut Value) {
    let Some(content) = op
        .pointer_mut("/requestBody/content")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for media in content.values_mut() {
        let schema = &mut media["schema"];
        if let Some([one, null]) = schema["oneOf"].as_array().map(Vec::as_slice)
            && null == &json!({"type": "null"})
        {
            *schema = one.clone();
        }
    }
}

/// Adds the bearer scheme, the shared error responses every operation can give, and the
/// problem+json body to every error response.
fn complete(doc: &mut Value, registry: &Registry) {
    doc["components"]["securitySchemes"] = json!({"bearer": {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT or kairos_ API key",
        "description": "An access token from /api/v1/auth/login, or an API key."
    }});
    not_blank_patterns(doc);
    let schemas = doc["components"]["schemas"].clone();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !matches!(method.as_str(), "get" | "put" | "post" | "delete" | "patch") {
                continue;
            }
            let secured = op
                .get("security")
                .and_then(Value::as_array)
                .is_some_and(|s| !s.is_empty());
            optional_bodies(op);
            let body = op.get("requestBody").cloned();
            let has_body = body.is_some();
            let has_params = op
                .get("parameters")
                .and_then(Value::as_array)
                .is_some_and(|p| !p.is_empty());
            let responses = op
                .as_object_mut()
                .expect("operation object")
                .entry("responses")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .expect("responses object");
            let mut shared = vec![500u16];
            if has_body || has_params {
                shared.push(400);
            }
            if has_body {
                shared.extend([413, 415]);
            }
            if secured {
                shared.extend([401, 403]);
            }
            for status in shared {
                responses
                    .entry(status.to_string())
                    .or_insert_with(|| json!({"description": default_description(status)}));
            }
            for (status, response) in responses.iter_mut() {
                let Ok(code) = status.parse::<u16>() else {
                    continue;
                };
                if code < 400 {
                    continue;
                }
                let obj: &mut Map<String, Value> =
                    response.as_object_mut().expect("response object");
                let own = registry
                    .problems()
                    .find(|p| p.method == method && p.path == path && p.status == code);
                let field = (code == 422)
                    .then(|| first_body_field(body.as_ref(), &schemas))
                    .flatten();
                obj.entry("content").or_insert_with(|| match (own, field) {
                    (Some(p), _) => problem_content(route_problem_example(p)),
                    (None, Some((name, message))) => {
                        problem_content(field_problem_example(&name, &message))
                    }
                    (None, None) => problem_content(problem_example(code)),
                });
                if code == 429 {
                    obj.insert(
                        "headers".into(),
                        json!({"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}),
                    );
                }
            }
        }
    }
}
