//! The one outbound HTTP client (webhooks, event sources, any module's calls out), and how its
//! errors read.

use std::sync::OnceLock;

/// Makes rustls use the ring provider for HTTPS; call it before building any HTTP client. A
/// provider installed earlier stays.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The HTTP client for webhooks and the event source (connection pool shared by all jobs).
pub fn http() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        install_tls_provider();
        reqwest::Client::builder()
            .user_agent(concat!("Kairos/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the HTTP client builds")
    })
}

/// The error and its causes ("could not connect: … : invalid peer certificate: UnknownIssuer").
pub fn describe_http_error(e: &reqwest::Error) -> String {
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    let head = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "failed"
    };
    if causes.is_empty() {
        format!("{head}: {e}")
    } else {
        format!("{head}: {}", causes.join(": "))
    }
}
