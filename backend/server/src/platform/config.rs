//! Configuration: defaults, then an optional `kairos.toml`, then environment variables.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// What the server takes as now where a rule depends on it: a scheduler run never proposes a
/// start that has already passed. The system clock, except in tests, which pin it to the dates
/// of their data; it is not read from the environment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clock {
    #[default]
    System,
    Fixed(chrono::DateTime<chrono::Utc>),
}

impl Clock {
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        match self {
            Clock::System => chrono::Utc::now(),
            Clock::Fixed(t) => *t,
        }
    }
}

/// Everything the server needs to start.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address to listen on (`KAIROS_BIND`).
    pub bind: String,
    /// Where the SQLite file and the generated development key live (`KAIROS_DATA_DIR`).
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…` (`DATABASE_URL`); default: a SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// Secret for signing tokens and sealing encrypted settings (`KAIROS_SECRET_KEY`).
    pub secret_key: Option<String>,
    /// First admin, created when no user exists (`KAIROS_ADMIN_EMAIL`, `KAIROS_ADMIN_PASSWORD`).
    pub admin_email: Option<String>,
    pub admin_password: Option<String>,
    /// `text` or `json` (`KAIROS_LOG_FORMAT`).
    pub log_format: LogFormat,
    /// Built SPA to serve at `/` (`KAIROS_FRONTEND_DIR`).
    pub frontend_dir: PathBuf,
    /// HTTP worker threads (`KAIROS_WORKERS`); 0 = half the cores, at least one (see
    /// [`Config::http_workers`]).
    pub workers: usize,
    /// Database pool size (`KAIROS_DB_MAX_CONNECTIONS`).
    pub db_max_connections: u32,
    /// Largest accepted JSON body in bytes (`KAIROS_MAX_BODY_BYTES`).
    pub max_body_bytes: usize,
    /// Access token lifetime (`KAIROS_ACCESS_TOKEN_TTL_SECONDS`).
    pub access_token_ttl_seconds: i64,
    /// Refresh token / session lifetime (`KAIROS_REFRESH_TOKEN_TTL_SECONDS`).
    pub refresh_token_ttl_seconds: i64,
    /// Failed login attempts allowed per client IP per window (`KAIROS_LOGIN_IP_LIMIT`).
    pub login_ip_limit: u32,
    /// Failed logins allowed per account per window (`KAIROS_LOGIN_ACCOUNT_LIMIT`).
    pub login_account_limit: u32,
    /// The rate-limit window (`KAIROS_LOGIN_WINDOW_SECONDS`).
    pub login_window_seconds: u64,
    /// Seconds in-flight requests get to finish on SIGTERM/SIGINT (`KAIROS_SHUTDOWN_TIMEOUT_SECONDS`).
    pub shutdown_timeout_seconds: u64,
    /// How often the background loop looks for due work such as the daily automatic scheduler run
    /// (`KAIROS_TICK_SECONDS`); 0 turns it off.
    pub tick_seconds: u64,
    /// How long a job's lease holds before another process may take the job over
    /// (`KAIROS_JOB_LEASE_SECONDS`); a running job renews it every third of that.
    pub job_lease_seconds: u64,
    /// The longest any job may run before it is stopped and counted failed
    /// (`KAIROS_JOB_TIMEOUT_SECONDS`); a job may ask for less.
    pub job_timeout_seconds: u64,
    /// The clock the scheduling rules read (see [`Clock`]).
    #[serde(skip)]
    pub clock: Clock,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data"),
            database_url: None,
            secret_key: None,
            admin_email: None,
            admin_password: None,
            log_format: LogFormat::Text,
            frontend_dir: PathBuf::from("frontend/dist"),
            workers: 0,
            db_max_connections: 16,
            max_body_bytes: 1024 * 1024,
            access_token_ttl_seconds: 15 * 60,
            refresh_token_ttl_seconds: 14 * 24 * 3600,
            login_ip_limit: 30,
            login_account_limit: 5,
            login_window_seconds: 15 * 60,
            shutdown_timeout_seconds: 30,
            tick_seconds: 5,
            job_lease_seconds: 600,
            job_timeout_seconds: 3600,
            clock: Clock::System,
        }
    }
}

/// A configuration that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid {path}: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("invalid environment variable {name}: {message}")]
    Env { name: &'static str, message: String },
}

impl Config {
    /// The HTTP worker threads to start: `workers`, or when it is 0 half the cores (at least
    /// one). The database works on the other half: SQLite on its connections' own threads,
    /// a local PostgreSQL in its server processes. Measured on 2 cores (bench/load.sh), one
    /// worker answers about a fifth more requests than two, on both databases, because
    /// the threads no longer fight over the cores.
    pub fn http_workers(&self) -> usize {
        if self.workers > 0 {
            return self.workers;
        }
        std::thread::available_parallelism()
            .map(|n| (n.get() / 2).max(1))
            .unwrap_or(1)
    }

    /// Defaults → `kairos.toml` (or the file named by `KAIROS_CONFIG`) → environment.
    pub fn load() -> Result<Config, ConfigError> {
        let explicit = std::env::var_os("KAIROS_CONFIG").map(PathBuf::from);
        let path = explicit
            .clone()
            .unwrap_or_else(|| PathBuf::from("kairos.toml"));
        let mut config = if explicit.is_some() || path.exists() {
            Self::from_file(&path)?
        } else {
            Config::default()
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        Ok(config)
    }

    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        toml::from_str(&text).map_err(|source| ConfigError::Parse {
            path: path.to_owned(),
            source,
        })
    }

    /// Overrides fields from environment variables read through `var`.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        fn parse<T: std::str::FromStr>(
            name: &'static str,
            value: String,
        ) -> Result<T, ConfigError> {
            value.trim().parse().map_err(|_| ConfigError::Env {
                name,
                message: format!("cannot parse {value:?}"),
            })
        }
        let non_empty = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        if let Some(v) = non_empty("KAIROS_BIND") {
            self.bind = v;
        }
        if let Some(v) = non_empty("KAIROS_DATA_DIR") {
            self.data_dir = v.into();
        }
        if let Some(v) = non_empty("DATABASE_URL") {
            self.database_url = Some(v);
        }
        if let Some(v) = non_empty("KAIROS_SECRET_KEY") {
            self.secret_key = Some(v);
        }
        if let Some(v) = non_empty("KAIROS_ADMIN_EMAIL") {
            self.admin_email = Some(v);
        }
        if let Some(v) = non_empty("KAIROS_ADMIN_PASSWORD") {
            self.admin_password = Some(v);
        }
        if let Some(v) = non_empty("KAIROS_LOG_FORMAT") {
            self.log_format = match v.to_ascii_lowercase().as_str() {
                "json" => LogFormat::Json,
                "text" | "pretty" => LogFormat::Text,
                _ => {
                    return Err(ConfigError::Env {
                        name: "KAIROS_LOG_FORMAT",
                        message: format!("{v:?} is neither `text` nor `json`"),
                    });
                }
            };
        }
        if let Some(v) = non_empty("KAIROS_FRONTEND_DIR") {
            self.frontend_dir = v.into();
        }
        if let Some(v) = non_empty("KAIROS_WORKERS") {
            self.workers = parse("KAIROS_WORKERS", v)?;
        }
        if let Some(v) = non_empty("KAIROS_DB_MAX_CONNECTIONS") {
            self.db_max_connections = parse("KAIROS_DB_MAX_CONNECTIONS", v)?;
        }
        if let Some(v) = non_empty("KAIROS_MAX_BODY_BYTES") {
            self.max_body_bytes = parse("KAIROS_MAX_BODY_BYTES", v)?;
        }
        if let Some(v) = non_empty("KAIROS_ACCESS_TOKEN_TTL_SECONDS") {
            self.access_token_ttl_seconds = parse("KAIROS_ACCESS_TOKEN_TTL_SECONDS", v)?;
        }
        if let Some(v) = non_empty("KAIROS_REFRESH_TOKEN_TTL_SECONDS") {
            self.refresh_token_ttl_seconds = parse("KAIROS_REFRESH_TOKEN_TTL_SECONDS", v)?;
        }
        if let Some(v) = non_empty("KAIROS_LOGIN_IP_LIMIT") {
            self.login_ip_limit = parse("KAIROS_LOGIN_IP_LIMIT", v)?;
        }
        if let Some(v) = non_empty("KAIROS_LOGIN_ACCOUNT_LIMIT") {
            self.login_account_limit = parse("KAIROS_LOGIN_ACCOUNT_LIMIT", v)?;
        }
        if let Some(v) = non_empty("KAIROS_LOGIN_WINDOW_SECONDS") {
            self.login_window_seconds = parse("KAIROS_LOGIN_WINDOW_SECONDS", v)?;
        }
        if let Some(v) = non_empty("KAIROS_TICK_SECONDS") {
            self.tick_seconds = parse("KAIROS_TICK_SECONDS", v)?;
        }
        if let Some(v) = non_empty("KAIROS_JOB_LEASE_SECONDS") {
            self.job_lease_seconds = parse("KAIROS_JOB_LEASE_SECONDS", v)?;
        }
        if let Some(v) = non_empty("KAIROS_JOB_TIMEOUT_SECONDS") {
            self.job_timeout_seconds = parse("KAIROS_JOB_TIMEOUT_SECONDS", v)?;
        }
        if let Some(v) = non_empty("KAIROS_SHUTDOWN_TIMEOUT_SECONDS") {
            self.shutdown_timeout_seconds = parse("KAIROS_SHUTDOWN_TIMEOUT_SECONDS", v)?;
        }
        Ok(())
    }

    /// The database URL in force: the configured one, or a SQLite file in the data directory.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("kairos.sqlite").display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn environment_overrides_file_values() {
        let mut config: Config = toml::from_str("bind = \"0.0.0.0:9000\"\nworkers = 3").unwrap();
        let env: HashMap<&str, &str> = [
            ("KAIROS_BIND", "127.0.0.1:7000"),
            ("KAIROS_LOG_FORMAT", "json"),
        ]
        .into();
        config
            .apply_env(|k| env.get(k).map(|v| v.to_string()))
            .unwrap();
        assert_eq!(config.bind, "127.0.0.1:7000");
        assert_eq!(config.workers, 3);
        assert_eq!(config.log_format, LogFormat::Json);
    }

    #[test]
    fn default_database_is_a_sqlite_file_in_the_data_dir() {
        let config = Config {
            data_dir: "/tmp/k".into(),
            ..Config::default()
        };
        assert_eq!(
            config.effective_database_url(),
            "sqlite:///tmp/k/kairos.sqlite?mode=rwc"
        );
    }

    #[test]
    fn a_bad_number_in_the_environment_is_refused_by_name() {
        let mut config = Config::default();
        let err = config
            .apply_env(|k| (k == "KAIROS_WORKERS").then(|| "many".to_string()))
            .unwrap_err();
        assert!(err.to_string().contains("KAIROS_WORKERS"));
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        assert!(toml::from_str::<Config>("bnd = \"x\"").is_err());
    }
}
