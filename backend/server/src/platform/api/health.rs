//! Liveness and readiness.

use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::state::AppState;
use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health).service(ready);
}

/// The process's state.
#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
    #[schema(example = "0.1.0")]
    pub version: &'static str,
}

/// Readiness: whether the database answers.
#[derive(Serialize, ToSchema)]
pub struct Readiness {
    #[schema(example = "ready")]
    pub status: &'static str,
    #[schema(example = "ok")]
    pub database: &'static str,
}

/// The process is up.
#[utoipa::path(tag = "health", responses((status = 200, description = "The process is up", body = Health)))]
#[get("/health")]
async fn health() -> web::Json<Health> {
    web::Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// The database answers; 503 when it does not.
#[utoipa::path(tag = "health", responses(
    (status = 200, description = "Ready to serve", body = Readiness),
    (status = 503, description = "The database does not answer")
))]
#[get("/ready")]
async fn ready(state: web::Data<AppState>) -> ApiResult<web::Json<Readiness>> {
    match state.db.ping().await {
        Ok(()) => Ok(web::Json(Readiness {
            status: "ready",
            database: "ok",
        })),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check: database does not answer");
            Err(ApiError::unavailable("the database does not answer"))
        }
    }
}
