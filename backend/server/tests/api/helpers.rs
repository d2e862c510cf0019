//! `spawn_app`: a real server per test on its own database, plus request helpers.

use kairos_server::app::{Application, prepare_state};
use kairos_server::platform::config::{Clock, Config};
use kairos_server::platform::state::AppState;
use reqwest::{Client, Method, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use std::path::PathBuf;

pub const ADMIN_EMAIL: &str = "admin@test.example";
pub const ADMIN_PASSWORD: &str = "admin-password-1";
pub const SECRET: &str = "integration-test-secret-0123456789abcdef";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Generates `<name>::sqlite` and `<name>::postgres` tests from `async fn <name>(db: Db)`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::Db::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::helpers::Db::Postgres).await
                }
            }
        )+
    };
}

fn postgres_server_url() -> String {
    std::env::var("KAIROS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// A database made for one test and removed when the test ends (even when it fails).
pub struct TestDatabase {
    pub url: String,
    dir: PathBuf,
    pg_name: Option<String>,
}

impl TestDatabase {
    pub async fn create(db: Db) -> TestDatabase {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let dir = std::env::temp_dir().join(format!("kairos-test-{id}"));
        std::fs::create_dir_all(&dir).unwrap();
        match db {
            Db::Sqlite => TestDatabase {
                url: format!("sqlite://{}?mode=rwc", dir.join("kairos.sqlite").display()),
                dir,
                pg_name: None,
            },
            Db::Postgres => {
                let name = format!("kairos_test_{id}");
                let admin = Database::connect(format!("{}/postgres", postgres_server_url()))
                    .await
                    .expect("PostgreSQL must listen (KAIROS_TEST_POSTGRES_URL)");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .unwrap();
                admin.close().await.unwrap();
                TestDatabase {
                    url: format!("{}/{name}", postgres_server_url()),
                    dir,
                    pg_name: Some(name),
                }
            }
        }
    }

    /// Drops the PostgreSQL database now (used to simulate a database that went away).
    pub fn drop_now(&self) {
        if let Some(name) = &self.pg_name {
            drop_postgres(name);
        }
    }
}

fn drop_postgres(name: &str) {
    let name = name.to_owned();
    // Drop runs outside any runtime we may block: use a thread with its own.
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            if let Ok(admin) =
                Database::connect(format!("{}/postgres", postgres_server_url())).await
            {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
                let _ = admin.close().await;
            }
        });
    })
    .join()
    .unwrap();
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name {
            drop_postgres(name);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A running app and a client for it.
pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub state: AppState,
    handle: actix_web::dev::ServerHandle,
    // Declared last: dropped after the server handle.
    pub database: TestDatabase,
}

pub fn test_config(database: &TestDatabase) -> Config {
    Config {
        bind: "127.0.0.1:0".into(),
        data_dir: std::env::temp_dir()
            .join(format!("kairos-data-{}", uuid::Uuid::new_v4().simple())),
        database_url: Some(database.url.clone()),
        secret_key: Some(SECRET.into()),
        admin_email: Some(ADMIN_EMAIL.into()),
        admin_password: Some(ADMIN_PASSWORD.into()),
        workers: 1,
        db_max_connections: 5,
        login_ip_limit: 10_000,
        login_account_limit: 1_000,
        tick_seconds: 0,
        // The tests' data lie in March 2026 and later: the scheduling rules read this as now.
        clock: Clock::Fixed("2026-03-01T05:00:00Z".parse().unwrap()),
        ..Config::default()
    }
}

pub async fn spawn_app(db: Db) -> TestApp {
    spawn_app_with(db, |_| {}).await
}

pub async fn spawn_app_with(db: Db, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let database = TestDatabase::create(db).await;
    let mut config = test_config(&database);
    tweak(&mut config);
    let state = prepare_state(config).await.expect("app state");
    let app = Application::build_with_state(state.clone()).expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    kairos_server::platform::http_client::install_tls_provider();
    TestApp {
        address,
        client: Client::builder()
            .user_agent("kairos-tests/1.0")
            .build()
            .unwrap(),
        state,
        handle,
        database,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting; the database guard then removes the data.
        drop(self.handle.stop(false));
    }
}

/// An answer: status, headers and JSON body (Null when there is none or it is not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts the answer is a problem+json of `status` and returns its `detail`.
    pub fn assert_problem(&self, status: u16) -> String {
        assert_eq!(self.status.as_u16(), status, "unexpected answer: {self:?}");
        assert_eq!(self.content_type(), "application/problem+json", "{self:?}");
        assert_eq!(self.body["status"], status);
        assert!(self.body["type"].is_string() && self.body["title"].is_string());
        assert!(self.body["code"].is_string());
        self.body["detail"].as_str().unwrap_or_default().to_owned()
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        Answer {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.send(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(token), Some(body)).await
    }

    /// Sends raw bytes with a content type.
    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        let mut req = self
            .client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        Answer {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }

    pub async fn login(&self, email: &str, password: &str) -> Answer {
        self.send(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": email, "password": password})),
        )
        .await
    }

    /// Logs in as the bootstrap admin and returns the token answer.
    pub async fn admin_tokens(&self) -> Value {
        let a = self.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        a.body
    }

    pub async fn admin_token(&self) -> String {
        self.admin_tokens().await["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Creates a user with `role` (as the admin) and returns (id, access token).
    pub async fn user_with_role(&self, role: &str) -> (i64, String) {
        let admin = self.admin_token().await;
        let email = format!(
            "{role}-{}@test.example",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let created = self
            .post(
                "/api/v1/users",
                &admin,
                json!({"email": email, "name": format!("A {role}"), "role": role, "password": "password-123"}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
        let login = self.login(&email, "password-123").await;
        assert_eq!(login.status, StatusCode::OK, "{login:?}");
        (
            created.body["id"].as_i64().unwrap(),
            login.body["access_token"].as_str().unwrap().to_owned(),
        )
    }

    /// Audit rows matching `query` (as the admin).
    pub async fn audit_rows(&self, query: &str) -> Vec<Value> {
        let admin = self.admin_token().await;
        let a = self
            .get(&format!("/api/v1/audit-logs?per_page=200&{query}"), &admin)
            .await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        a.body["items"].as_array().unwrap().clone()
    }
}

/// Mon–Fri 08:00–20:00.
pub async fn weekdays(app: &TestApp, t: &str, id: &str) {
    let windows: Vec<Value> = (0..5)
        .map(|d| json!({"day_of_week": d, "start_time": "08:00", "end_time": "20:00"}))
        .collect();
    let a = app
        .send(
            Method::PUT,
            &format!("/api/v1/employees/{id}/weekly-availability"),
            Some(t),
            Some(json!({"windows": windows})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
}
