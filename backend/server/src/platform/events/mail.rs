//! A small SMTP client (RFC 5321) for notification e-mails: EHLO, MAIL FROM, RCPT TO, DATA with
//! dot-stuffing, QUIT. It speaks plain SMTP to a relay on the local network (a mail sidecar or
//! the company relay); it does no TLS and no authentication.

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::{Duration, timeout};

pub struct Mail<'a> {
    pub from: &'a str,
    pub to: &'a [String],
    pub subject: &'a str,
    pub body: &'a str,
}

const STEP: Duration = Duration::from_secs(15);

/// Sends `mail` through the relay at `host:port`. The error names the step that failed and
/// what the server said.
pub async fn send(host: &str, port: u16, mail: &Mail<'_>) -> Result<(), String> {
    for address in std::iter::once(mail.from).chain(mail.to.iter().map(String::as_str)) {
        if address.is_empty() || address.contains(['\r', '\n', '<', '>']) {
            return Err(format!("not an e-mail address: {address:?}"));
        }
    }
    let stream = timeout(STEP, TcpStream::connect((host, port)))
        .await
        .map_err(|_| format!("connecting to {host}:{port} timed out"))?
        .map_err(|e| format!("could not connect to {host}:{port}: {e}"))?;
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    expect(&mut read, 220, "greeting").await?;
    command(&mut write, "EHLO kairos\r\n").await?;
    if expect(&mut read, 250, "EHLO").await.is_err() {
        // An old relay that knows only RFC 821.
        command(&mut write, "HELO kairos\r\n").await?;
        expect(&mut read, 250, "HELO").await?;
    }
    command(&mut write, &format!("MAIL FROM:<{}>\r\n", mail.from)).await?;
    expect(&mut read, 250, "MAIL FROM").await?;
    for to in mail.to {
        command(&mut write, &format!("RCPT TO:<{to}>\r\n")).await?;
        expect(&mut read, 250, "RCPT TO").await?;
    }
    command(&mut write, "DATA\r\n").await?;
    expect(&mut read, 354, "DATA").await?;
    command(&mut write, &message(mail)).await?;
    expect(&mut read, 250, "message").await?;
    command(&mut write, "QUIT\r\n").await?;
    let _ = timeout(STEP, read_reply(&mut read)).await;
    Ok(())
}

/// The message text with headers, CRLF line ends, dot-stuffing and the closing dot.
pub fn message(mail: &Mail<'_>) -> String {
    let subject: String = mail.subject.chars().filter(|c| !c.is_control()).collect();
    let mut out = format!(
        "From: <{}>\r\nTo: {}\r\nSubject: {subject}\r\nDate: {}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
        mail.from,
        mail.to
            .iter()
            .map(|t| format!("<{t}>"))
            .collect::<Vec<_>>()
            .join(", "),
        chrono::Utc::now().to_rfc2822(),
    );
    for line in mail.body.lines() {
        if line.starts_with('.') {
            out.push('.');
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str(".\r\n");
    out
}

async fn command(write: &mut tokio::net::tcp::OwnedWriteHalf, text: &str) -> Result<(), String> {
    timeout(STEP, write.write_all(text.as_bytes()))
        .await
        .map_err(|_| "the mail server stopped reading".to_owned())?
        .map_err(|e| format!("writing to the mail server failed: {e}"))
}

async fn expect(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    code: u16,
    step: &str,
) -> Result<(), String> {
    let (got, text) = timeout(STEP, read_reply(read))
        .await
        .map_err(|_| format!("the mail server did not answer {step}"))??;
    if got == code {
        Ok(())
    } else {
        Err(format!("the mail server refused {step}: {got} {text}"))
    }
}

/// One (possibly multi-line) reply: its code and text.
async fn read_reply(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> Result<(u16, String), String> {
    let mut text = String::new();
    loop {
        let mut line = String::new();
        let n = read
            .read_line(&mut line)
            .await
            .map_err(|e| format!("reading from the mail server failed: {e}"))?;
        if n == 0 {
            return Err("the mail server closed the connection".into());
        }
        let code: u16 = line
            .get(..3)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| format!("the mail server said {line:?}"))?;
        text.push_str(line.get(4..).unwrap_or("").trim_end());
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok((code, text));
        }
        text.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_dot_stuffed_and_end_with_a_dot() {
        let to = vec!["a@example.com".to_owned()];
        let m = message(&Mail {
            from: "k@example.com",
            to: &to,
            subject: "Hi\r\nBcc: x",
            body: "one\n.two\nthree",
        });
        assert!(m.contains("Subject: HiBcc: x\r\n"), "{m}");
        assert!(m.contains("\r\none\r\n..two\r\nthree\r\n.\r\n"), "{m}");
        assert!(m.ends_with("three\r\n.\r\n"));
    }
}
