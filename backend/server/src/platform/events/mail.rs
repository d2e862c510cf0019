//! Notification e-mail on `lettre` over rustls (ring; no OpenSSL): plain SMTP to a local relay,
//! STARTTLS (port 587) or TLS from the first byte (port 465), AUTH PLAIN or LOGIN, a Message-ID,
//! RFC 2047-encoded subjects and names, and a plain-text part with an HTML twin.
//!
//! Settings: `smtp_host`, `smtp_port`, `smtp_from`, `smtp_tls` (`none` | `starttls` | `tls`),
//! `smtp_username`, `smtp_password` (encrypted) and `smtp_accept_invalid_certs`.

use crate::platform::crypto::Keys;
use crate::platform::settings::{
    self, SMTP_ACCEPT_INVALID_CERTS, SMTP_PASSWORD, SMTP_TLS, SMTP_USERNAME,
};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::ConnectionTrait;
use std::time::Duration;

/// How the connection to the mail server is protected (setting `smtp_tls`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain SMTP, for a relay on the local network.
    None,
    /// Plain at first, upgraded with STARTTLS before anything else is said; a server that does
    /// not offer STARTTLS is refused.
    StartTls,
    /// TLS from the first byte (SMTPS, "implicit TLS").
    Tls,
}

impl TlsMode {
    pub fn parse(s: &str) -> Option<TlsMode> {
        match s {
            "none" => Some(TlsMode::None),
            "starttls" => Some(TlsMode::StartTls),
            "tls" => Some(TlsMode::Tls),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TlsMode::None => "none",
            TlsMode::StartTls => "starttls",
            TlsMode::Tls => "tls",
        }
    }
}

/// Where and how mail is sent, read from the settings.
#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub from: String,
    pub tls: TlsMode,
    pub username: Option<String>,
    pub password: Option<String>,
    pub accept_invalid_certs: bool,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| settings::MASK))
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .finish()
    }
}

/// Why mail could not be sent: not configured, or what went wrong on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailError {
    /// `smtp_host` is empty (or a setting cannot be read).
    NotConfigured(String),
    /// A sender or recipient that is not an e-mail address.
    BadAddress(String),
    /// The server answered with an error, or could not be reached; `code` is its SMTP reply
    /// code when it answered.
    Failed { code: Option<u16>, message: String },
}

impl std::fmt::Display for MailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MailError::NotConfigured(m) | MailError::BadAddress(m) => write!(f, "{m}"),
            MailError::Failed { message, .. } => write!(f, "{message}"),
        }
    }
}

/// What the server said when it took the message: its reply code and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub code: u16,
    pub message: String,
}

/// One message: recipients, subject, and the text (an HTML part is made from it).
pub struct Mail<'a> {
    pub to: &'a [String],
    pub subject: &'a str,
    pub body: &'a str,
}

/// Reads the mail settings.
pub async fn config<C: ConnectionTrait>(conn: &C, keys: &Keys) -> Result<SmtpConfig, MailError> {
    let read = |key: &'static str| settings::value_of(conn, keys, key);
    let db = |e: sea_orm::DbErr| MailError::NotConfigured(format!("settings unreadable: {e}"));
    let host = read("smtp_host").await.map_err(db)?;
    let host = host
        .as_str()
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .ok_or_else(|| MailError::NotConfigured("smtp_host is not set".into()))?
        .to_owned();
    let port = read("smtp_port")
        .await
        .map_err(db)?
        .as_u64()
        .and_then(|p| u16::try_from(p).ok())
        .unwrap_or(25);
    let from = read("smtp_from")
        .await
        .map_err(db)?
        .as_str()
        .unwrap_or("kairos@localhost")
        .to_owned();
    let tls = read(SMTP_TLS)
        .await
        .map_err(db)?
        .as_str()
        .and_then(TlsMode::parse)
        .unwrap_or(TlsMode::None);
    let text = |v: serde_json::Value| v.as_str().map(str::to_owned).filter(|s| !s.is_empty());
    let username = text(read(SMTP_USERNAME).await.map_err(db)?);
    let password = text(read(SMTP_PASSWORD).await.map_err(db)?);
    let accept_invalid_certs = read(SMTP_ACCEPT_INVALID_CERTS)
        .await
        .map_err(db)?
        .as_bool()
        .unwrap_or(false);
    Ok(SmtpConfig {
        host,
        port,
        from,
        tls,
        username,
        password,
        accept_invalid_certs,
    })
}

/// The message as sent: From (with "Kairos" as the name), To, Subject (encoded when not ASCII),
/// Date, Message-ID, and a multipart/alternative body of text and HTML.
pub fn message(from: &str, mail: &Mail<'_>) -> Result<Message, MailError> {
    let address = |a: &str| {
        a.trim()
            .parse()
            .map_err(|_| MailError::BadAddress(format!("not an e-mail address: {a:?}")))
    };
    let from_address: lettre::Address = address(from)?;
    let mut builder = Message::builder()
        .from(Mailbox::new(Some("Kairos".into()), from_address.clone()))
        .subject(one_line(mail.subject))
        .message_id(Some(format!(
            "<{}@{}>",
            uuid::Uuid::new_v4().simple(),
            from_address.domain()
        )));
    let mut any = false;
    for to in mail.to.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        // "Name <address>" or a bare address.
        let mailbox: Mailbox = to
            .parse()
            .or_else(|_| address(to).map(|a| Mailbox::new(None, a)))?;
        builder = builder.to(mailbox);
        any = true;
    }
    if !any {
        return Err(MailError::BadAddress("no recipient".into()));
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            mail.body.to_owned(),
            html_of(mail.subject, mail.body),
        ))
        .map_err(|e| MailError::BadAddress(e.to_string()))
}

/// Sends `mail` now; the answer is what the server said when it took it.
pub async fn send(cfg: &SmtpConfig, mail: &Mail<'_>) -> Result<Accepted, MailError> {
    let message = message(&cfg.from, mail)?;
    let transport = transport(cfg)?;
    match transport.send(message).await {
        Ok(response) => Ok(Accepted {
            code: u16::from(response.code()),
            message: response.message().collect::<Vec<_>>().join(" "),
        }),
        Err(e) => Err(failure(cfg, &e)),
    }
}

const TIMEOUT: Duration = Duration::from_secs(15);

fn transport(cfg: &SmtpConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    crate::platform::http_client::install_tls_provider();
    let tls_parameters = || {
        TlsParameters::builder(cfg.host.clone())
            .dangerous_accept_invalid_certs(cfg.accept_invalid_certs)
            .build_rustls()
            .map_err(|e| MailError::Failed {
                code: None,
                message: format!("TLS could not be set up: {e}"),
            })
    };
    let tls = match cfg.tls {
        TlsMode::None => Tls::None,
        TlsMode::StartTls => Tls::Required(tls_parameters()?),
        TlsMode::Tls => Tls::Wrapper(tls_parameters()?),
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(cfg.host.clone())
        .port(cfg.port)
        .tls(tls)
        .timeout(Some(TIMEOUT));
    if let Some(user) = &cfg.username {
        builder = builder
            .credentials(Credentials::new(
                user.clone(),
                cfg.password.clone().unwrap_or_default(),
            ))
            .authentication(vec![Mechanism::Plain, Mechanism::Login]);
    }
    Ok(builder.build())
}

/// The error with its causes, as a person reads it ("… 535 5.7.8 authentication failed", "…
/// invalid peer certificate: UnknownIssuer").
fn failure(cfg: &SmtpConfig, e: &lettre::transport::smtp::Error) -> MailError {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    let code = e.status().map(u16::from);
    let at = format!("{}:{} ({})", cfg.host, cfg.port, cfg.tls.as_str());
    MailError::Failed {
        code,
        message: format!("{at}: {}", parts.join(": ")),
    }
}

/// Header text on one line: control characters (a CR or LF could start a new header) dropped.
fn one_line(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// The HTML part: the text escaped, paragraphs at blank lines, line breaks kept.
pub fn html_of(subject: &str, text: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let paragraphs: Vec<String> = text
        .replace("\r\n", "\n")
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let lines: Vec<String> = p.lines().map(escape).collect();
            format!("<p>{}</p>", lines.join("<br>\n"))
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body style=\"font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.4\">\n{}\n</body></html>\n",
        escape(&one_line(subject)),
        paragraphs.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatted(m: &Message) -> String {
        String::from_utf8(m.formatted()).unwrap()
    }

    #[test]
    fn messages_have_an_id_encoded_headers_and_two_parts() {
        let to = vec![
            "Zoë Łukasz <zoe@example.com>".to_owned(),
            "b@example.com".into(),
        ];
        let m = message(
            "kairos@store.example",
            &Mail {
                to: &to,
                subject: "Urlaub genehmigt: Zoë\r\nBcc: x@evil.example",
                body: "one\n.two\n\n<three> & four",
            },
        )
        .unwrap();
        let text = formatted(&m);
        assert!(text.contains("Message-ID: <"), "{text}");
        assert!(text.contains("@store.example>"), "{text}");
        assert!(
            text.contains("From: Kairos <kairos@store.example>"),
            "{text}"
        );
        // Non-ASCII subject and name are RFC 2047 words, and no header was injected.
        assert!(
            text.contains("Subject: Urlaub genehmigt: =?utf-8?"),
            "{text}"
        );
        assert!(!text.contains("\r\nBcc:"), "{text}");
        assert!(
            text.contains("=?utf-8?b?") || text.contains("=?utf-8?q?"),
            "{text}"
        );
        assert!(text.contains("multipart/alternative"), "{text}");
        assert!(
            text.contains("Content-Type: text/plain; charset=utf-8"),
            "{text}"
        );
        assert!(
            text.contains("Content-Type: text/html; charset=utf-8"),
            "{text}"
        );
        assert!(text.contains("&lt;three&gt; &amp; four"), "{text}");
        assert!(text.contains("Date: "), "{text}");
    }

    #[test]
    fn addresses_are_checked() {
        let to = vec!["not an address".to_owned()];
        let mail = Mail {
            to: &to,
            subject: "s",
            body: "b",
        };
        assert!(matches!(
            message("kairos@store.example", &mail),
            Err(MailError::BadAddress(_))
        ));
        let to = vec!["a@example.com".to_owned()];
        let mail = Mail {
            to: &to,
            subject: "s",
            body: "b",
        };
        assert!(matches!(
            message("nobody", &mail),
            Err(MailError::BadAddress(_))
        ));
    }

    #[test]
    fn tls_modes_read_their_setting() {
        for m in [TlsMode::None, TlsMode::StartTls, TlsMode::Tls] {
            assert_eq!(TlsMode::parse(m.as_str()), Some(m));
        }
        assert_eq!(TlsMode::parse("ssl"), None);
    }
}
