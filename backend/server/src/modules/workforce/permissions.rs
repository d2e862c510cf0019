//! Workforce's permissions and their rows in the one permission table.

use crate::platform::permissions::PermissionRow;
use crate::platform::permissions::{Permission, Role, row};

/// Read the roster, events, schedules, availability, rotations, attendance, exports.
pub const READ_WORKFORCE: Permission = Permission::named("read_workforce");
/// Edit one's own availability, request one's own time off, check in to one's own schedules.
pub const SELF_SERVICE: Permission = Permission::named("workforce_self_service");
/// Every workforce write: roster, events, schedules, rotations, approvals, overrides.
pub const MANAGE_WORKFORCE: Permission = Permission::named("manage_workforce");

pub const TABLE: &[PermissionRow] = &[
    row(READ_WORKFORCE, Role::Viewer),
    row(SELF_SERVICE, Role::Member),
    row(MANAGE_WORKFORCE, Role::Manager),
];
