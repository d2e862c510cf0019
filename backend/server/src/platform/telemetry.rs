//! Structured logs: text or JSON, each request's lines carrying its request id.

use crate::platform::config::LogFormat;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Installs the global subscriber. sea-orm and sqlx log every statement at INFO, so they are
/// held at `warn` unless `RUST_LOG` says otherwise.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init(),
        LogFormat::Text => registry.with(fmt::layer().with_target(false)).try_init(),
    };
    // A second init (tests) keeps the first subscriber.
    let _ = result;
}
