//! Serving the built SPA at `/` with history fallback, and JSON 404s under `/api`.

use crate::error::ApiError;
use actix_web::{HttpRequest, HttpResponse, http::header::ContentType};
use std::path::{Path, PathBuf};

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

/// Where the SPA lives, if it was built.
#[derive(Clone)]
pub struct Spa {
    index: Option<PathBuf>,
}

impl Spa {
    pub fn new(dir: &Path) -> Spa {
        let index = dir.join("index.html");
        Spa {
            index: index.is_file().then_some(index),
        }
    }

    pub fn is_built(&self) -> bool {
        self.index.is_some()
    }

    /// The answer for any path no route claimed.
    pub fn fallback(&self, req: &HttpRequest) -> HttpResponse {
        let path = req.path();
        if path == "/api" || path.starts_with("/api/") {
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
