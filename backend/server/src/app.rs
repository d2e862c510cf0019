//! Building and running the HTTP application (zero2prod's `Application::build`).

use crate::platform;
use crate::platform::api::docs::OpenApiDocument;
use crate::platform::bootstrap;
use crate::platform::config::Config;
use crate::platform::crypto::Keys;
use crate::platform::http::error::{ApiError, extractors};
use crate::platform::http::openapi;
use crate::platform::http::rate_limit::LoginLimiter;
use crate::platform::http::spa::Spa;
use crate::platform::module::{self, Registry};
use crate::platform::settings;
use crate::platform::state::AppState;
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

/// The modules, one folder each under `src/modules/` (declared here so that adding one touches
/// only its folder and this file).
#[path = "modules"]
pub mod modules {
    pub mod workforce;
}

/// The modules, the platform's own spec first. The only place that lists them; installed once
/// and then reached by the platform through [`crate::platform::module::registry`].
pub fn registry() -> &'static Registry {
    module::install(
        API_DESCRIPTION,
        vec![&platform::spec::SPEC, &modules::workforce::SPEC],
    )
}

/// What the API is, at the head of its OpenAPI document.
const API_DESCRIPTION: &str = "Kairos: workforce scheduling, calendars and lab booking in one server.\n\n\
            Authenticate with `POST /api/v1/auth/login`, then send `Authorization: Bearer <access_token>` \
            (or an API key). Lists take `page`, `per_page` (max 200) and `sort` (`field` or `-field`) and \
            answer `{items, page, per_page, total}`. Errors are `application/problem+json` (RFC 9457); \
            a path asked with a method it does not take answers 405 with `Allow`.";

/// Adds the demo accounts, then every module's demo data (`serve --demo`).
pub async fn seed_demo(state: &AppState) -> Result<(), StartupError> {
    bootstrap::demo_users(&state.db).await?;
    for m in &registry().modules {
        if let Some(seed) = m.demo {
            seed(&state.db, &state.keys).await?;
        }
    }
    Ok(())
}

/// Fills the database with bulk workforce data for load tests (`kairos seed-load`).
pub async fn seed_load(
    state: &AppState,
    employees: usize,
    events: usize,
    schedules: usize,
) -> Result<(), StartupError> {
    modules::workforce::loadgen::seed(&state.db, &state.keys, employees, events, schedules).await?;
    Ok(())
}

/// Opens the database, applies migrations, seeds default settings and the first admin.
pub async fn prepare_state(config: Config) -> Result<AppState, StartupError> {
    registry();
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
        principals: Arc::default(),
        modules: registry().states(),
    };
    crate::platform::jobs::ensure_jobs(&state).await?;
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
        let document = openapi::document(registry());
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
                .service(utoipa_actix_web::scope("/api/v1").configure(configure_api))
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
                    crate::platform::jobs::tick(&bg).await;
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

/// Registers every API route (paths relative to `/api/v1`): the platform's, then each module's.
pub fn configure_api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    registry().routes(cfg);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::http::openapi::document;

    #[test]
    fn every_operation_documents_its_errors_with_a_problem_body() {
        let doc = document(registry());
        assert_eq!(doc["openapi"], "3.1.0");
        let paths = doc["paths"].as_object().unwrap();
        assert!(paths.contains_key("/api/v1/auth/login"));
        for (path, item) in paths {
            for (method, op) in item.as_object().unwrap() {
                let responses = op["responses"].as_object().unwrap();
                assert!(responses.contains_key("500"), "{method} {path} lacks 500");
                for (status, r) in responses {
                    if status.as_str() >= "400" {
                        assert!(
                            r["content"]["application/problem+json"]["example"].is_object(),
                            "{method} {path} {status} lacks a problem example"
                        );
                    }
                }
                if op.get("security").is_some() {
                    assert!(responses.contains_key("401") && responses.contains_key("403"));
                }
            }
        }
    }

    #[test]
    fn every_list_names_the_values_its_sort_takes() {
        let doc = document(registry());
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let params = op["parameters"].as_array().cloned().unwrap_or_default();
                if !params.iter().any(|p| p["name"] == "page") {
                    continue;
                }
                let sort = params.iter().find(|p| p["name"] == "sort");
                let values = sort.and_then(|s| s["schema"]["enum"].as_array());
                assert!(
                    values.is_some_and(|v| v.contains(&serde_json::json!("id"))
                        || v.contains(&serde_json::json!("key"))),
                    "{method} {path}: its sort needs `sort_param!` ({sort:?})"
                );
            }
        }
    }

    #[test]
    fn each_route_problem_lands_on_its_operation() {
        let registry = registry();
        let doc = document(registry);
        for p in registry.problems() {
            let example = &doc["paths"][p.path][p.method]["responses"][p.status.to_string()]["content"]
                ["application/problem+json"]["example"];
            assert_eq!(
                example["detail"], p.detail,
                "{} {} {}: no such operation or status",
                p.method, p.path, p.status
            );
            assert_eq!(example["status"], p.status);
        }
    }

    /// Every file under `src/platform/`, with its text.
    fn platform_files() -> Vec<(std::path::PathBuf, String)> {
        let mut out = Vec::new();
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/platform")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.push((path, text));
                }
            }
        }
        out
    }

    #[test]
    fn the_platform_names_no_module() {
        let names: Vec<&str> = registry()
            .modules
            .iter()
            .map(|m| m.name)
            .filter(|n| *n != "platform")
            .collect();
        assert!(names.contains(&"workforce"), "{names:?}");
        let files = platform_files();
        assert!(files.len() > 30, "the platform's files were found");
        for (path, text) in files {
            for (n, line) in text.lines().enumerate() {
                let lower = line.to_lowercase();
                assert!(
                    !lower.contains("modules::"),
                    "{}:{}: the platform reaches into a module: {line}",
                    path.display(),
                    n + 1
                );
                for name in &names {
                    assert!(
                        !lower.contains(name),
                        "{}:{}: the platform names the module {name}: {line}",
                        path.display(),
                        n + 1
                    );
                }
            }
        }
    }

    #[test]
    fn every_module_spec_is_complete_and_unique() {
        let r = registry();
        let mut names: Vec<&str> = r.modules.iter().map(|m| m.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), r.modules.len(), "module names are unique");
        let mut tags: Vec<&str> = r.tags().map(|t| t.name).collect();
        let n = tags.len();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags.len(), n, "tag names are unique");
        let mut keys: Vec<&str> = r.settings().map(|s| s.key).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "setting keys are unique");
        let mut jobs: Vec<&str> = r.jobs().map(|j| j.name()).collect();
        jobs.sort_unstable();
        assert_eq!(
            jobs,
            ["auto_scheduler", "daily_audit", "deliveries", "event_sync"]
        );
        let mut events: Vec<&str> = r.event_types().map(|e| e.name).collect();
        let n = events.len();
        events.sort_unstable();
        events.dedup();
        assert_eq!(events.len(), n, "event types are unique");
    }

    #[test]
    fn every_audited_resource_is_declared_by_its_module() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for m in &registry().modules {
            let dir = if m.name == "platform" {
                root.join("platform")
            } else {
                root.join("modules").join(m.name)
            };
            let mut dirs = vec![dir];
            let mut used = std::collections::BTreeSet::new();
            while let Some(d) = dirs.pop() {
                for entry in std::fs::read_dir(&d).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        dirs.push(path);
                        continue;
                    }
                    let text = std::fs::read_to_string(&path)
                        .unwrap()
                        .replace(['\n', ' '], "");
                    for part in text.split("Change::new(").skip(1) {
                        // Change::new("action", "resource", id)
                        let mut quoted = part.split('"');
                        if let (Some(_), Some(_), Some(_), Some(resource)) =
                            (quoted.next(), quoted.next(), quoted.next(), quoted.next())
                            && !resource.is_empty()
                            && resource.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        {
                            used.insert(resource.to_owned());
                        }
                    }
                }
            }
            assert!(
                !used.is_empty() || m.audit_resources.is_empty(),
                "{}",
                m.name
            );
            for r in &used {
                assert!(
                    m.audit_resources.contains(&r.as_str()),
                    "{} audits {r} without declaring it in its spec",
                    m.name
                );
            }
        }
    }
}
