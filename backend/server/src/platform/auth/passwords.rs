//! argon2id password hashing, run on the blocking pool so it never stalls the async workers.

use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::state::AppState;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use std::sync::OnceLock;

/// Shortest accepted password.
pub const MIN_PASSWORD_LEN: usize = 8;
/// Longest accepted password (argon2 work grows with input; this bounds it).
pub const MAX_PASSWORD_LEN: usize = 256;

/// Checks a new password's length; `None` when it is acceptable.
pub fn password_problem(password: &str) -> Option<String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_LEN {
        Some(format!("must have at least {MIN_PASSWORD_LEN} characters"))
    } else if n > MAX_PASSWORD_LEN {
        Some(format!("must have at most {MAX_PASSWORD_LEN} characters"))
    } else {
        None
    }
}

pub fn hash_blocking(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

fn verify_blocking(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the account does not exist, so that timing does not tell.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_blocking("kairos-decoy-password").expect("hashing a constant"))
}

pub async fn hash(state: &AppState, password: String) -> ApiResult<String> {
    let _permit = state.hashing.acquire().await.map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// Verifies `password` against `hash`, or against a decoy when there is no account.
pub async fn verify(state: &AppState, password: String, hash: Option<String>) -> ApiResult<bool> {
    let _permit = state.hashing.acquire().await.map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(move || match hash {
        Some(h) => verify_blocking(&password, &h),
        None => {
            verify_blocking(&password, decoy_hash());
            false
        }
    })
    .await
    .map_err(ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash_blocking("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_blocking("correct horse", &h));
        assert!(!verify_blocking("wrong horse", &h));
        assert!(!verify_blocking("correct horse", "not a hash"));
    }

    #[test]
    fn short_and_huge_passwords_are_refused() {
        assert!(password_problem("short").is_some());
        assert!(password_problem(&"x".repeat(300)).is_some());
        assert!(password_problem("long enough").is_none());
    }
}
