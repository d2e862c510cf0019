//! Who is calling: a user's account or an API key, with its role.

use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::permissions::{Permission, Role, allows};

#[derive(Debug, Clone)]
pub enum Subject {
    User { id: i32, email: String },
    ApiKey { id: i32, name: String },
}

/// An authenticated caller and the role in force for this request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub subject: Subject,
    pub role: Role,
    pub session_id: Option<String>,
}

impl Principal {
    /// 403 unless this caller's role holds `permission`.
    pub fn require(&self, permission: Permission) -> ApiResult<()> {
        if allows(self.role, permission) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "the {} role may not do this; it needs at least {}",
                self.role.as_str(),
                permission.least_role().as_str()
            )))
        }
    }

    /// The user's id, when a user (not an API key) is calling.
    pub fn user_id(&self) -> Option<i32> {
        match self.subject {
            Subject::User { id, .. } => Some(id),
            Subject::ApiKey { .. } => None,
        }
    }

    /// How this caller is named in `audit_logs.user_id`.
    pub fn audit_id(&self) -> String {
        match &self.subject {
            Subject::User { id, .. } => id.to_string(),
            Subject::ApiKey { id, .. } => format!("api_key:{id}"),
        }
    }
}
