//! Roles and the one permission table every handler consults.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A role; each includes every role below it (viewer < member < manager < admin).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads.
    Viewer,
    /// Own time off, own availability, own bookings, own appointments, own check-in.
    Member,
    /// All workforce writes, scheduler runs and approvals, approvals, reading the audit log.
    Manager,
    /// Users, roles, API keys, settings.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Member, Role::Manager, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Member => "member",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Something a caller may want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read one's own account.
    ReadOwnAccount,
    /// Read the audit trail.
    ReadAuditLog,
    /// Create, edit and deactivate users.
    ManageUsers,
    /// Issue and revoke API keys.
    ManageApiKeys,
    /// Read and change system settings.
    ManageSettings,
    /// Read the roster, events, schedules, availability, rotations, attendance, exports.
    ReadWorkforce,
    /// Edit one's own availability, request one's own time off, check in to one's own schedules.
    SelfService,
    /// Every workforce write: roster, events, schedules, rotations, approvals, overrides.
    ManageWorkforce,
    /// Watch and start background work: jobs and their runs, the event sync, deliveries, the
    /// daily audit's findings.
    OperateIntegrations,
    /// Register webhook endpoints, switch jobs on and off.
    ManageIntegrations,
}

/// The least role that holds each permission. The only place that answers "may this role do that".
const TABLE: &[(Permission, Role)] = &[
    (Permission::ReadOwnAccount, Role::Viewer),
    (Permission::ReadAuditLog, Role::Manager),
    (Permission::ManageUsers, Role::Admin),
    (Permission::ManageApiKeys, Role::Admin),
    (Permission::ManageSettings, Role::Admin),
    (Permission::ReadWorkforce, Role::Viewer),
    (Permission::SelfService, Role::Member),
    (Permission::ManageWorkforce, Role::Manager),
    (Permission::OperateIntegrations, Role::Manager),
    (Permission::ManageIntegrations, Role::Admin),
];

impl Permission {
    /// The least role holding this permission.
    pub fn least_role(self) -> Role {
        TABLE
            .iter()
            .find(|(p, _)| *p == self)
            .map(|(_, r)| *r)
            // Every permission is in the table (tested); admin is the safe answer regardless.
            .unwrap_or(Role::Admin)
    }
}

/// Whether `role` holds `permission`.
pub fn allows(role: Role, permission: Permission) -> bool {
    role >= permission.least_role()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_includes_the_ones_below_it() {
        assert!(allows(Role::Admin, Permission::ReadAuditLog));
        assert!(allows(Role::Manager, Permission::ReadAuditLog));
        assert!(!allows(Role::Member, Permission::ReadAuditLog));
        assert!(!allows(Role::Manager, Permission::ManageUsers));
        assert!(allows(Role::Viewer, Permission::ReadOwnAccount));
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn every_permission_has_a_row() {
        for p in [
            Permission::ReadOwnAccount,
            Permission::ReadAuditLog,
            Permission::ManageUsers,
            Permission::ManageApiKeys,
            Permission::ManageSettings,
            Permission::ReadWorkforce,
            Permission::SelfService,
            Permission::ManageWorkforce,
            Permission::OperateIntegrations,
            Permission::ManageIntegrations,
        ] {
            assert!(TABLE.iter().any(|(q, _)| *q == p), "{p:?} has no row");
        }
    }
}
