//! Access tokens (short-lived HS256 JWTs naming the user and the session).

use crate::platform::crypto::Keys;
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user's id.
    pub sub: String,
    /// The login session; revoking it (logout, token reuse) ends this token at once.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
    /// Always `access`, so that no other token kind is accepted here.
    pub typ: String,
}

pub fn issue_access(keys: &Keys, user_id: i32, session_id: &str, ttl_seconds: i64) -> String {
    let now = Utc::now().timestamp();
    let claims = AccessClaims {
        sub: user_id.to_string(),
        sid: session_id.to_owned(),
        iat: now,
        exp: now + ttl_seconds,
        typ: "access".into(),
    };
    encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&keys.jwt),
    )
    .expect("HS256 signing of serialisable claims cannot fail")
}

/// Why an access token was not accepted.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenRejection {
    Expired,
    Invalid,
}

pub fn verify_access(keys: &Keys, token: &str) -> Result<AccessClaims, TokenRejection> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "sub"]);
    match decode::<AccessClaims>(token, &DecodingKey::from_secret(&keys.jwt), &validation) {
        Ok(data) if data.claims.typ == "access" => Ok(data.claims),
        Ok(_) => Err(TokenRejection::Invalid),
        Err(e) if matches!(e.kind(), jsonwebtoken::errors::ErrorKind::ExpiredSignature) => {
            Err(TokenRejection::Expired)
        }
        Err(_) => Err(TokenRejection::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::from_secret("test-secret-test-secret-test-secret")
    }

    #[test]
    fn an_issued_token_verifies_and_names_its_session() {
        let t = issue_access(&keys(), 7, "s1", 60);
        let claims = verify_access(&keys(), &t).unwrap();
        assert_eq!(claims.sub, "7");
        assert_eq!(claims.sid, "s1");
    }

    #[test]
    fn an_expired_token_is_refused_as_expired() {
        let t = issue_access(&keys(), 7, "s1", -5);
        assert_eq!(
            verify_access(&keys(), &t).unwrap_err(),
            TokenRejection::Expired
        );
    }

    #[test]
    fn a_token_signed_with_another_key_is_invalid() {
        let t = issue_access(
            &Keys::from_secret("other-secret-other-secret-other"),
            7,
            "s",
            60,
        );
        assert_eq!(
            verify_access(&keys(), &t).unwrap_err(),
            TokenRejection::Invalid
        );
        assert_eq!(
            verify_access(&keys(), "garbage").unwrap_err(),
            TokenRejection::Invalid
        );
    }
}
