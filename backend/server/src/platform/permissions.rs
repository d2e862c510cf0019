//! Roles and the one permission table every handler consults.

use crate::platform::installed::Installed;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
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
    /// Every business write of the modules (schedules, runs and approvals), reading the audit log.
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

/// Something a caller may want to do, named. The platform's own are associated constants here;
/// each module declares its own beside its code and lists their rows in its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permission(&'static str);

impl Permission {
    pub const fn named(name: &'static str) -> Permission {
        Permission(name)
    }

    pub fn name(self) -> &'static str {
        self.0
    }

    /// Read one's own account.
    pub const READ_OWN_ACCOUNT: Permission = Permission("read_own_account");
    /// Read the audit trail.
    pub const READ_AUDIT_LOG: Permission = Permission("read_audit_log");
    /// Create, edit and deactivate users.
    pub const MANAGE_USERS: Permission = Permission("manage_users");
    /// Issue and revoke API keys.
    pub const MANAGE_API_KEYS: Permission = Permission("manage_api_keys");
    /// Read and change system settings.
    pub const MANAGE_SETTINGS: Permission = Permission("manage_settings");
    /// Watch and start background work: jobs and their runs, deliveries, what jobs found.
    pub const OPERATE_INTEGRATIONS: Permission = Permission("operate_integrations");
    /// Register webhook endpoints, switch jobs on and off.
    pub const MANAGE_INTEGRATIONS: Permission = Permission("manage_integrations");

    /// The least role holding this permission, from the one table: the platform's rows and
    /// every module's, installed at start-up (the platform's alone before that).
    pub fn least_role(self) -> Role {
        rows()
            .iter()
            .find(|row| row.permission == self)
            .map(|row| row.least_role)
            // Every permission has a row (tested per module); admin is the safe answer regardless.
            .unwrap_or(Role::Admin)
    }
}

/// One row of the permission table: the least role that holds a permission.
pub struct PermissionRow {
    pub permission: Permission,
    pub least_role: Role,
}

static INSTALLED: Installed<&'static PermissionRow> = Installed::new();

/// Installs the whole table (the platform's rows and every module's); the first call wins.
pub fn install(rows: Vec<&'static PermissionRow>) {
    INSTALLED.install(rows);
}

static PLATFORM_ONLY: LazyLock<Vec<&'static PermissionRow>> =
    LazyLock::new(|| TABLE.iter().collect());

fn rows() -> &'static [&'static PermissionRow] {
    INSTALLED.get_or(&PLATFORM_ONLY)
}

/// The platform's rows of the permission table.
pub const TABLE: &[PermissionRow] = &[
    row(Permission::READ_OWN_ACCOUNT, Role::Viewer),
    row(Permission::READ_AUDIT_LOG, Role::Manager),
    row(Permission::MANAGE_USERS, Role::Admin),
    row(Permission::MANAGE_API_KEYS, Role::Admin),
    row(Permission::MANAGE_SETTINGS, Role::Admin),
    row(Permission::OPERATE_INTEGRATIONS, Role::Manager),
    row(Permission::MANAGE_INTEGRATIONS, Role::Admin),
];

/// A row of the table (for the platform's and the modules' constants).
pub const fn row(permission: Permission, least_role: Role) -> PermissionRow {
    PermissionRow {
        permission,
        least_role,
    }
}

/// Whether `role` holds `permission`. The only place that answers "may this role do that".
pub fn allows(role: Role, permission: Permission) -> bool {
    role >= permission.least_role()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_includes_the_ones_below_it() {
        assert!(allows(Role::Admin, Permission::READ_AUDIT_LOG));
        assert!(allows(Role::Manager, Permission::READ_AUDIT_LOG));
        assert!(!allows(Role::Member, Permission::READ_AUDIT_LOG));
        assert!(!allows(Role::Manager, Permission::MANAGE_USERS));
        assert!(allows(Role::Viewer, Permission::READ_OWN_ACCOUNT));
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn no_permission_has_two_rows() {
        let rows: Vec<_> = rows().iter().map(|r| r.permission).collect();
        for p in &rows {
            assert_eq!(
                rows.iter().filter(|q| *q == p).count(),
                1,
                "{p:?} has two rows"
            );
        }
    }

    #[test]
    fn a_permission_without_a_row_needs_admin() {
        assert_eq!(
            Permission::named("nobody_declared_this").least_role(),
            Role::Admin
        );
    }
}
