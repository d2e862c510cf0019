//! Mail through a real SMTP conversation: a small server started here on 127.0.0.1 speaks
//! STARTTLS (or TLS from the first byte) with a self-signed certificate made for the test, and
//! wants AUTH PLAIN or LOGIN before it takes a message. The settings' test endpoint answers what
//! it said; notifications go through the delivery job; a wrong password is a recorded, retried
//! failure.

use crate::helpers::{Db, TestApp, spawn_app};
use crate::on_both_databases;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

on_both_databases!(
    mail_goes_through_starttls_with_auth,
    implicit_tls_and_certificates_that_do_not_verify,
    a_wrong_password_is_a_recorded_retried_failure,
);

const USER: &str = "kairos@store.example";
const PASSWORD: &str = "s3cret-pässword";

/// One message the server took.
#[derive(Debug, Clone)]
struct Received {
    tls: bool,
    user: String,
    from: String,
    rcpt: Vec<String>,
    data: String,
}

type Inbox = Arc<Mutex<Vec<Received>>>;

#[derive(Clone, Copy, PartialEq)]
enum Security {
    StartTls,
    Implicit,
}

/// Starts the server; it serves until the test ends.
async fn smtp_server(security: Security) -> (u16, Inbox) {
    let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .expect("a certificate");
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.signing_key.serialize_der()));
    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![cert.cert.der().clone()], key)
        .expect("a TLS server config");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox: Inbox = Arc::default();
    let mail = inbox.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (acceptor, mail) = (acceptor.clone(), mail.clone());
            tokio::spawn(async move { serve(tcp, acceptor, security, mail).await });
        }
    });
    (port, inbox)
}

async fn serve(tcp: TcpStream, acceptor: TlsAcceptor, security: Security, inbox: Inbox) {
    match security {
        Security::Implicit => {
            // A client that does not trust the certificate hangs up during the handshake.
            if let Ok(tls) = acceptor.accept(tcp).await {
                dialogue(tls, true, true, &inbox).await;
            }
        }
        Security::StartTls => {
            if let Some(tcp) = dialogue(tcp, false, true, &inbox).await
                && let Ok(tls) = acceptor.accept(tcp).await
            {
                dialogue(tls, true, false, &inbox).await;
            }
        }
    }
}

/// One SMTP conversation on `stream`; gives the stream back when the client asks for STARTTLS.
async fn dialogue<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    tls: bool,
    greet: bool,
    inbox: &Inbox,
) -> Option<S> {
    let mut io = BufReader::new(stream);
    if greet {
        io.write_all(b"220 test.local ESMTP ready\r\n").await.ok()?;
    }
    let (mut user, mut from, mut rcpt) = (None::<String>, String::new(), Vec::new());
    loop {
        let mut line = String::new();
        if io.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end().to_owned();
        let upper = line.to_ascii_uppercase();
        let reply: String = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            if tls {
                "250-test.local\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n".into()
            } else {
                // No AUTH before TLS, as servers that care do.
                "250-test.local\r\n250-STARTTLS\r\n250 8BITMIME\r\n".into()
            }
        } else if upper == "STARTTLS" && !tls {
            io.write_all(b"220 2.0.0 ready to start TLS\r\n")
                .await
                .ok()?;
            return Some(io.into_inner());
        } else if upper.starts_with("AUTH PLAIN") && tls {
            let encoded = match line.split_whitespace().nth(2) {
                Some(e) => e.to_owned(),
                None => {
                    io.write_all(b"334 \r\n").await.ok()?;
                    read_line(&mut io).await?
                }
            };
            let plain = B64.decode(encoded.trim()).unwrap_or_default();
            let parts: Vec<&[u8]> = plain.split(|b| *b == 0).collect();
            check(&mut user, parts.get(1), parts.get(2))
        } else if upper == "AUTH LOGIN" && tls {
            io.write_all(b"334 VXNlcm5hbWU6\r\n").await.ok()?;
            let name = B64
                .decode(read_line(&mut io).await?.trim())
                .unwrap_or_default();
            io.write_all(b"334 UGFzc3dvcmQ6\r\n").await.ok()?;
            let pass = B64
                .decode(read_line(&mut io).await?.trim())
                .unwrap_or_default();
            check(&mut user, Some(&name.as_slice()), Some(&pass.as_slice()))
        } else if upper.starts_with("MAIL FROM:") {
            if user.is_none() {
                "530 5.7.0 Authentication required\r\n".into()
            } else {
                from = between_brackets(&line);
                "250 2.1.0 sender ok\r\n".into()
            }
        } else if upper.starts_with("RCPT TO:") {
            rcpt.push(between_brackets(&line));
            "250 2.1.5 recipient ok\r\n".into()
        } else if upper == "DATA" {
            io.write_all(b"354 end data with <CR><LF>.<CR><LF>\r\n")
                .await
                .ok()?;
            let mut data = String::new();
            loop {
                let l = read_line(&mut io).await?;
                if l == "." {
                    break;
                }
                data.push_str(l.strip_prefix('.').unwrap_or(&l));
                data.push('\n');
            }
            inbox.lock().unwrap().push(Received {
                tls,
                user: user.clone().unwrap_or_default(),
                from: std::mem::take(&mut from),
                rcpt: std::mem::take(&mut rcpt),
                data,
            });
            "250 2.0.0 Ok: queued as 4711\r\n".into()
        } else if upper == "QUIT" {
            io.write_all(b"221 2.0.0 bye\r\n").await.ok()?;
            return None;
        } else if upper == "RSET" || upper == "NOOP" {
            "250 2.0.0 ok\r\n".into()
        } else {
            "502 5.5.2 command not recognised\r\n".into()
        };
        io.write_all(reply.as_bytes()).await.ok()?;
    }
}

async fn read_line<S: AsyncRead + AsyncWrite + Unpin>(io: &mut BufReader<S>) -> Option<String> {
    let mut line = String::new();
    if io.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    Some(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn check(user: &mut Option<String>, name: Option<&&[u8]>, pass: Option<&&[u8]>) -> String {
    let (name, pass) = (
        name.map(|n| String::from_utf8_lossy(n).into_owned()),
        pass.map(|p| String::from_utf8_lossy(p).into_owned()),
    );
    if name.as_deref() == Some(USER) && pass.as_deref() == Some(PASSWORD) {
        *user = name;
        "235 2.7.0 Authentication successful\r\n".into()
    } else {
        "535 5.7.8 Authentication credentials invalid\r\n".into()
    }
}

fn between_brackets(line: &str) -> String {
    line.split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(a, _)| a.to_owned())
        .unwrap_or_default()
}

async fn set(app: &TestApp, admin: &str, key: &str, value: Value) {
    let a = app
        .send(
            Method::PUT,
            &format!("/api/v1/settings/{key}"),
            Some(admin),
            Some(json!({ "value": value })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{key}: {a:?}");
}

async fn configure(app: &TestApp, admin: &str, port: u16, tls: &str, password: &str) {
    set(app, admin, "smtp_host", json!("127.0.0.1")).await;
    set(app, admin, "smtp_port", json!(port)).await;
    set(app, admin, "smtp_from", json!("kairos@store.example")).await;
    set(app, admin, "smtp_tls", json!(tls)).await;
    set(app, admin, "smtp_username", json!(USER)).await;
    set(app, admin, "smtp_password", json!(password)).await;
    set(app, admin, "smtp_accept_invalid_certs", json!(true)).await;
}

/// A time-off request whose notification goes by e-mail to `to`; gives the manager's token.
async fn time_off_mail(app: &TestApp, to: &str) -> String {
    let manager = app.user_with_role("manager").await.1;
    let a = app
        .post(
            "/api/v1/audit-notification-settings",
            &manager,
            json!({"event_type": "time_off.requested",
            "notification_method": "email", "recipients": [to]}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    let (member_id, member) = app.user_with_role("member").await;
    let a = app
        .post(
            "/api/v1/employees",
            &manager,
            json!({"id": "M1", "name": "Zoë Ærøskøbing",
            "skills": ["lead"], "user_id": member_id}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    let a = app
        .post(
            "/api/v1/employees/M1/time-off",
            &member,
            json!({"start_date": "2026-12-01", "end_date": "2026-12-03"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    manager
}

async fn run_deliveries(app: &TestApp, admin: &str) {
    let a = app
        .post("/api/v1/jobs/deliveries/run", admin, json!({}))
        .await;
    assert!(
        a.status == StatusCode::OK || a.status == StatusCode::CONFLICT,
        "{a:?}"
    );
}

async fn mail_goes_through_starttls_with_auth(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let (port, inbox) = smtp_server(Security::StartTls).await;
    // Not configured yet: nothing to test against.
    app.post(
        "/api/v1/settings/smtp/test",
        &admin,
        json!({"to": "a@b.example"}),
    )
    .await
    .assert_problem(409);
    configure(&app, &admin, port, "starttls", PASSWORD).await;
    let password = app.get("/api/v1/settings/smtp_password", &admin).await;
    assert_eq!(password.body["value"], "********", "{password:?}");

    let a = app
        .post(
            "/api/v1/settings/smtp/test",
            &admin,
            json!({"to": "Zoë Łukasz <zoe@store.example>"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    assert_eq!(a.body["delivered"], true);
    assert_eq!(a.body["code"], 250);
    assert_eq!(a.body["tls"], "starttls");
    assert_eq!(a.body["authenticated"], true);
    assert!(
        a.body["message"]
            .as_str()
            .unwrap()
            .contains("queued as 4711"),
        "{a:?}"
    );
    app.post(
        "/api/v1/settings/smtp/test",
        &admin,
        json!({"to": "nobody"}),
    )
    .await
    .assert_problem(422);
    let member = app.user_with_role("member").await.1;
    app.post(
        "/api/v1/settings/smtp/test",
        &member,
        json!({"to": "a@b.example"}),
    )
    .await
    .assert_problem(403);

    let got = inbox.lock().unwrap()[0].clone();
    assert!(got.tls, "the message came after STARTTLS");
    assert_eq!(got.user, USER);
    assert_eq!(got.from, "kairos@store.example");
    assert_eq!(got.rcpt, ["zoe@store.example"]);
    assert!(
        got.data.contains("Subject: Kairos test message"),
        "{}",
        got.data
    );
    assert!(got.data.contains("Message-ID: <"), "{}", got.data);
    assert!(got.data.contains("@store.example>"), "{}", got.data);
    // The name is an RFC 2047 encoded word.
    assert!(got.data.contains("To: =?utf-8?"), "{}", got.data);
    assert!(got.data.contains("multipart/alternative"), "{}", got.data);
    assert!(got.data.contains("text/html"), "{}", got.data);

    // A notification goes the same way through the delivery job.
    let manager = time_off_mail(&app, "boss@store.example").await;
    for _ in 0..40 {
        run_deliveries(&app, &admin).await;
        if inbox.lock().unwrap().len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    let got = inbox.lock().unwrap()[1].clone();
    assert!(got.tls);
    assert_eq!(got.rcpt, ["boss@store.example"]);
    assert!(
        got.data.contains("Subject: Time off requested"),
        "{}",
        got.data
    );
    let log = app.get("/api/v1/deliveries?channel=email", &manager).await;
    assert_eq!(log.body["items"][0]["status"], "delivered", "{log:?}");
}

async fn implicit_tls_and_certificates_that_do_not_verify(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let (port, inbox) = smtp_server(Security::Implicit).await;
    configure(&app, &admin, port, "tls", PASSWORD).await;
    let a = app
        .post(
            "/api/v1/settings/smtp/test",
            &admin,
            json!({"to": "ops@store.example"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    assert_eq!(a.body["tls"], "tls");
    assert!(inbox.lock().unwrap()[0].tls);

    // Off by default: a self-signed certificate is refused, and the answer says why.
    set(&app, &admin, "smtp_accept_invalid_certs", json!(false)).await;
    let a = app
        .post(
            "/api/v1/settings/smtp/test",
            &admin,
            json!({"to": "ops@store.example"}),
        )
        .await;
    a.assert_problem(502);
    let detail = a.body["detail"].as_str().unwrap_or_default().to_lowercase();
    assert!(detail.contains("certificate"), "{a:?}");
    assert_eq!(inbox.lock().unwrap().len(), 1);
}

async fn a_wrong_password_is_a_recorded_retried_failure(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.admin_token().await;
    let (port, inbox) = smtp_server(Security::StartTls).await;
    configure(&app, &admin, port, "starttls", "not-the-password").await;
    set(&app, &admin, "delivery_retry_base_seconds", json!(3600)).await;
    let a = app
        .post(
            "/api/v1/settings/smtp/test",
            &admin,
            json!({"to": "ops@store.example"}),
        )
        .await;
    a.assert_problem(502);
    assert!(
        a.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("535"),
        "{a:?}"
    );

    let manager = time_off_mail(&app, "boss@store.example").await;
    let mut row = Value::Null;
    for _ in 0..40 {
        run_deliveries(&app, &admin).await;
        let log = app.get("/api/v1/deliveries?channel=email", &manager).await;
        row = log.body["items"][0].clone();
        if row["attempts"].as_i64().unwrap_or(0) >= 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(row["status"], "pending", "to be retried: {row}");
    assert_eq!(row["attempts"], 1, "{row}");
    assert_eq!(row["last_status_code"], 535, "{row}");
    assert!(
        row["last_error"]
            .as_str()
            .unwrap_or_default()
            .contains("535"),
        "{row}"
    );
    assert!(row["next_attempt_at"].is_string(), "{row}");
    assert!(inbox.lock().unwrap().is_empty());
    // The server is still up and answers.
    let health = app
        .client
        .get(app.url("/api/v1/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}
