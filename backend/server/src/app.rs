//! Building and running the HTTP application (zero2prod's `Application::build`).

use crate::bootstrap;
use crate::cache::VersionedMap;
use crate::config::Config;
use crate::crypto::Keys;
use crate::error::{ApiError, extractors};
use crate::openapi;
use crate::rate_limit::LoginLimiter;
use crate::routes::{self, docs::OpenApiDocument};
use crate::settings;
use crate::spa::Spa;
use crate::state::AppState;
use actix_web::dev::{Server, ServerHandle, Service, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Compress;
use actix_web::{App, HttpMessage, HttpRequest, HttpServer, web};
use futures_util::FutureExt;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

pub type StartupError = Box<dyn std::error::Error + Send + Sync>;

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

/// Opens the database, applies migrations, seeds default settings and the first admin.
pub async fn prepare_state(config: Config) -> Result<AppState, StartupError> {
    std::fs::create_dir_all(&config.data_dir).map_err(|e| {
        format!(
            "cannot create data directory {}: {e}",
            config.data_dir.display()
        )
    })?;
    let keys = Keys::load(config.secret_key.as_deref(), &config.data_dir)?;
    let url = config.effective_database_url();
    let db = kairos_store::connect(&url, config.db_max_connections)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    kairos_store::migrate_up(&db)
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    settings::seed_defaults(&db, &keys).await?;
    bootstrap::first_admin(
        &db,
        config.admin_email.as_deref(),
        config.admin_password.as_deref(),
    )
    .await?;
    let limiter = LoginLimiter::new(
        Duration::from_secs(config.login_window_seconds),
        config.login_ip_limit,
        config.login_account_limit,
    );
    let permits = std::thread::available_parallelism().map_or(2, |n| n.get() * 2);
    let state = AppState {
        db,
        config: Arc::new(config),
        keys,
        login_limiter: Arc::new(limiter),
        hashing: Arc::new(Semaphore::new(permits)),
        rules: Arc::default(),
        versioned_rules: Arc::new(VersionedMap::with_limit(1)),
        // A page is up to about 60 KB of JSON; an employee's week a few KB.
        event_pages: Arc::new(VersionedMap::with_limit(512)),
        employee_weeks: Arc::new(VersionedMap::with_limit(16_384)),
        week_rotations: Arc::new(VersionedMap::with_limit(1_024)),
        principals: Arc::default(),
    };
    crate::integrations::jobs::ensure_jobs(&state).await?;
    Ok(state)
}

impl Application {
    /// Prepares the state and binds the listener (port 0 picks a free port).
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        let state = prepare_state(config).await?;
        Self::build_with_state(state)
    }

    pub fn build_with_state(state: AppState) -> Result<Application, StartupError> {
        let config = state.config.clone();
        let listener = TcpListener::bind(&config.bind)
            .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
        let port = listener.local_addr()?.port();
        let document = openapi::document();
        let doc = web::Data::new(OpenApiDocument(
            serde_json::to_string(&document).expect("JSON"),
        ));
        let spa = Spa::new(&config.frontend_dir, &document);
        if !spa.is_built() {
            tracing::info!(dir = %config.frontend_dir.display(), "no SPA build found; serving a placeholder at /");
        }
        let data = web::Data::new(state.clone());
        let max_body = config.max_body_bytes;
        let serve_dir = config.frontend_dir.clone();
        let server = HttpServer::new(move || {
            let spa = spa.clone();
            let api = App::new()
                .into_utoipa_app()
                .service(utoipa_actix_web::scope("/api/v1").configure(routes::configure))
                .into_app();
            let mut app = api
                .app_data(data.clone())
                .app_data(doc.clone())
                .app_data(web::PathConfig::default().error_handler(extractors::path))
                .app_data(web::PayloadConfig::default().limit(max_body))
                .service(
                    SwaggerUi::new("/swagger-ui/{_:.*}").config(
                        utoipa_swagger_ui::Config::new(["/api/v1/openapi.json"])
                            .persist_authorization(true),
                    ),
                );
            if spa.is_built() {
                app = app.service(
                    actix_files::Files::new("/assets", serve_dir.join("assets")).prefer_utf8(true),
                );
            }
            let fallback = spa.clone();
            let routes = spa.clone();
            app.default_service(web::to(move |req: HttpRequest| {
                let spa = fallback.clone();
                async move { spa.fallback(&req) }
            }))
            // A documented path asked with a method it does not take answers 405 before routing,
            // so that no template sibling's handler takes it (see Spa::method_not_allowed).
            .wrap_fn(move |req, srv| {
                let call = match routes.method_not_allowed(req.request()) {
                    Some(res) => Err(req.into_response(res)),
                    None => Ok(srv.call(req)),
                };
                async move {
                    match call {
                        Err(res) => Ok(res.map_into_right_body()),
                        Ok(fut) => fut.await.map(ServiceResponse::map_into_left_body),
                    }
                }
            })
            .wrap(Compress::default())
            // A panic in a handler (a bug) answers a 500 problem instead of dropping the
            // connection without a word; the panic itself is logged by the panic hook.
            // (As an error: the server turns it into the answer; the request cannot be kept
            // aside to build one, as routing needs it unshared.)
            .wrap_fn(|req, srv| {
                let fut = srv.call(req);
                async move {
                    match std::panic::AssertUnwindSafe(fut).catch_unwind().await {
                        Ok(res) => res,
                        Err(_) => Err(ApiError::internal("a handler panicked").into()),
                    }
                }
            })
            .wrap_fn(|req, srv| {
                let fut = srv.call(req);
                async move {
                    let mut res = fut.await?;
                    let id = res.request().extensions().get::<RequestId>().copied();
                    if let Some(id) = id
                        && let Ok(value) = HeaderValue::from_str(&id.to_string())
                    {
                        res.headers_mut()
                            .insert(HeaderName::from_static("x-request-id"), value);
                    }
                    Ok(res)
                }
            })
            .wrap(TracingLogger::default())
        })
        .shutdown_timeout(config.shutdown_timeout_seconds)
        .listen(listener)?
        .workers(config.http_workers());
        if config.tick_seconds > 0 {
            // The job runner: every tick, run the jobs that are due and whose lease this
            // process wins (see integrations::jobs).
            let bg = state.clone();
            let every = Duration::from_secs(config.tick_seconds);
            tokio::spawn(async move {
                let mut interval = tokio::time::interval(every);
                interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    interval.tick().await;
                    crate::integrations::jobs::tick(&bg).await;
                }
            });
        }
        Ok(Application {
            port,
            server: server.run(),
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// A handle to stop the server gracefully.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGINT/SIGTERM (actix's signal handling lets in-flight requests finish).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
