//! Secrets: the server key, sealed settings (AES-256-GCM), random tokens and their hashes.

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Keys derived from `KAIROS_SECRET_KEY`, one per purpose so that no key serves two uses.
#[derive(Clone)]
pub struct Keys {
    pub jwt: [u8; 32],
    settings: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

fn derive(secret: &str, purpose: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"kairos:");
    h.update(purpose.as_bytes());
    h.update(b":");
    h.update(secret.as_bytes());
    h.finalize().into()
}

impl Keys {
    pub fn from_secret(secret: &str) -> Keys {
        Keys {
            jwt: derive(secret, "jwt"),
            settings: derive(secret, "settings"),
        }
    }

    /// The configured secret, or a development key kept in `data_dir/secret.key` (created with a
    /// warning), so that a restart keeps tokens and encrypted settings readable.
    pub fn load(configured: Option<&str>, data_dir: &Path) -> std::io::Result<Keys> {
        if let Some(secret) = configured {
            if secret.len() < 32 {
                tracing::warn!("KAIROS_SECRET_KEY is shorter than 32 characters; use a longer one");
            }
            return Ok(Keys::from_secret(secret));
        }
        let path = data_dir.join("secret.key");
        let secret = match std::fs::read_to_string(&path) {
            Ok(s) if !s.trim().is_empty() => s.trim().to_owned(),
            _ => {
                std::fs::create_dir_all(data_dir)?;
                let secret = random_token(32);
                std::fs::write(&path, &secret)?;
                restrict_permissions(&path);
                secret
            }
        };
        tracing::warn!(
            path = %path.display(),
            "KAIROS_SECRET_KEY is not set: using a development key stored in the data directory; set it in production"
        );
        Ok(Keys::from_secret(&secret))
    }

    /// Seals `plain` as base64(nonce ‖ ciphertext ‖ tag).
    pub fn seal(&self, plain: &str) -> String {
        let cipher = Aes256Gcm::new_from_slice(&self.settings).expect("32-byte key");
        let nonce_bytes: [u8; 12] = random_bytes();
        let nonce = Nonce::<Aes256Gcm>::from(nonce_bytes);
        let sealed = cipher
            .encrypt(&nonce, plain.as_bytes())
            .expect("AES-GCM encryption cannot fail for in-memory data");
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&sealed);
        STANDARD.encode(out)
    }

    /// Opens a value sealed by [`Keys::seal`]; `None` when it was sealed under another key or altered.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let bytes = STANDARD.decode(sealed).ok()?;
        if bytes.len() < 12 + 16 {
            return None;
        }
        let (nonce_bytes, body) = bytes.split_at(12);
        let nonce_arr: [u8; 12] = nonce_bytes.try_into().ok()?;
        let cipher = Aes256Gcm::new_from_slice(&self.settings).ok()?;
        let plain = cipher
            .decrypt(&Nonce::<Aes256Gcm>::from(nonce_arr), body)
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn restrict_permissions(_path: &Path) {}

/// `N` bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the operating system's random source is available");
    buf
}

/// A URL-safe random token with `bytes` bytes of entropy.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system's random source is available");
    URL_SAFE_NO_PAD.encode(buf)
}

/// Hex SHA-256: how refresh tokens and API keys are stored (they are random, so no salt is needed).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_with_the_same_key_only() {
        let keys = Keys::from_secret("a-secret-that-is-long-enough-for-tests");
        let sealed = keys.seal("hunter2");
        assert!(!sealed.contains("hunter2"));
        assert_eq!(keys.open(&sealed).as_deref(), Some("hunter2"));
        let other = Keys::from_secret("another-secret-that-is-long-enough!!");
        assert_eq!(other.open(&sealed), None);
    }

    #[test]
    fn sealing_twice_gives_different_ciphertexts() {
        let keys = Keys::from_secret("a-secret-that-is-long-enough-for-tests");
        assert_ne!(keys.seal("x"), keys.seal("x"));
    }

    #[test]
    fn a_tampered_value_does_not_open() {
        let keys = Keys::from_secret("a-secret-that-is-long-enough-for-tests");
        let mut bytes = STANDARD.decode(keys.seal("payload")).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(keys.open(&STANDARD.encode(bytes)), None);
    }

    #[test]
    fn the_development_key_survives_a_restart() {
        let dir = std::env::temp_dir().join(format!("kairos-key-{}", random_token(6)));
        let first = Keys::load(None, &dir).unwrap();
        let second = Keys::load(None, &dir).unwrap();
        assert_eq!(first.jwt, second.jwt);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
