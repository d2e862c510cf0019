//! The OpenAPI document itself.

use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

/// The document served at `/api/v1/openapi.json`, computed once at start-up.
pub struct OpenApiDocument(pub String);

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(openapi_json);
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(tag = "health", responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object)))]
#[get("/openapi.json")]
async fn openapi_json(doc: web::Data<OpenApiDocument>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(doc.0.clone())
}
