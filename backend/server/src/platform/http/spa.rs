//! Serving the built SPA at `/` with history fallback, and JSON 404s (405s for a known path
//! asked with another method) under `/api`.

use crate::platform::http::error::ApiError;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, http::header::ContentType};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Shown at `/` when no SPA build is present.
const PLACEHOLDER: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kairos</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>Kairos</h1>
<p>The API is running. The web app has not been built into <code>frontend/dist</code>.</p>
<ul><li><a href="/swagger-ui/">API documentation (Swagger UI)</a></li>
<li><a href="/api/v1/openapi.json">OpenAPI document</a></li>
<li><a href="/api/v1/health">Health</a></li></ul>
</body></html>"#;

/// Where the SPA lives, if it was built, and the API's routes (to tell a wrong method from a
/// wrong path).
#[derive(Clone)]
pub struct Spa {
    index: Option<PathBuf>,
    /// Each documented path as its segments (`{id}` matches any one), with its methods.
    routes: Arc<Vec<(Vec<String>, Vec<String>)>>,
}

impl Spa {
    /// `document` is the OpenAPI document, whose `paths` list every API route.
    pub fn new(dir: &Path, document: &serde_json::Value) -> Spa {
        let index = dir.join("index.html");
        let routes = document["paths"]
            .as_object()
            .map(|paths| {
                paths
                    .iter()
                    .map(|(path, item)| {
                        let segments = path.split('/').map(str::to_owned).collect();
                        let methods = item
                            .as_object()
                            .map(|ops| ops.keys().map(|m| m.to_ascii_uppercase()).collect())
                            .unwrap_or_default();
                        (segments, methods)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Spa {
            index: index.is_file().then_some(index),
            routes: Arc::new(routes),
        }
    }

    /// The methods of the documented route `path` matches, if any does. Where several match, a
    /// literal segment beats a template one (`/events/import` is not `/events/{id}`), as the
    /// OpenAPI specification has concrete paths matched before their templated counterparts.
    fn methods_of(&self, path: &str) -> Option<Vec<String>> {
        let asked: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let matching = self.routes.iter().filter(|(segments, _)| {
            segments.len() == asked.len()
                && segments
                    .iter()
                    .zip(&asked)
                    .all(|(s, a)| s == a || (s.starts_with('{') && !a.is_empty()))
        });
        // Which segments are literal, first to last: the greatest is the most specific route.
        let literal = |segments: &[String]| -> Vec<bool> {
            segments.iter().map(|s| !s.starts_with('{')).collect()
        };
        let best = matching
            .clone()
            .map(|(segments, _)| literal(segments))
            .max()?;
        let mut methods: Vec<String> = matching
            .filter(|(segments, _)| literal(segments) == best)
            .flat_map(|(_, m)| m.iter().cloned())
            .collect();
        methods.sort();
        methods.dedup();
        (!methods.is_empty()).then_some(methods)
    }

    /// 405 with `Allow` for an API request whose path is a documented route (the most specific
    /// one, see `methods_of`) that does not take its method. Checked before routing, so that a
    /// literal path is not handed to a template sibling's handler (`PATCH /events/import` is not
    /// `PATCH /events/{id}` with the id `import`).
    pub fn method_not_allowed(&self, req: &HttpRequest) -> Option<HttpResponse> {
        let path = req.path();
        if !(path == "/api" || path.starts_with("/api/")) {
            return None;
        }
        let methods = self.methods_of(path)?;
        if methods.iter().any(|m| m == req.method().as_str()) {
            return None;
        }
        let allow = methods.join(", ");
        let mut res = actix_web::ResponseError::error_response(&ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("{path} takes {allow}, not {}", req.method()),
        ));
        if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&allow) {
            res.headers_mut().insert(actix_web::http::header::ALLOW, v);
        }
        Some(res)
    }

    pub fn is_built(&self) -> bool {
        self.index.is_some()
    }

    /// The answer for any path no route claimed.
    pub fn fallback(&self, req: &HttpRequest) -> HttpResponse {
        let path = req.path();
        if path == "/api" || path.starts_with("/api/") {
            // A known path asked with another method: 405 with the methods it takes.
            if let Some(res) = self.method_not_allowed(req) {
                return res;
            }
            return actix_web::ResponseError::error_response(&ApiError::not_found(format!(
                "the route {} {path}",
                req.method()
            )));
        }
        match &self.index {
            Some(index) => match std::fs::read(index) {
                Ok(bytes) => HttpResponse::Ok()
                    .content_type(ContentType::html())
                    .insert_header(("Cache-Control", "no-cache"))
                    .body(bytes),
                Err(e) => actix_web::ResponseError::error_response(&ApiError::internal(e)),
            },
            None if path == "/" => HttpResponse::Ok()
                .content_type(ContentType::html())
                .body(PLACEHOLDER),
            None => actix_web::ResponseError::error_response(&ApiError::not_found(format!(
                "the page {path}"
            ))),
        }
    }
}
