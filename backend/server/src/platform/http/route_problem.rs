//! An error a route documents in its own words (the OpenAPI document's examples).

/// An error a route gives in its own words, where the shared example would mislead: method,
/// path, status, and the `detail` (the `code` follows from the status); a 422 names its field
/// before the colon, a 409 may carry the broken rules.
pub struct RouteProblem {
    pub method: &'static str,
    pub path: &'static str,
    pub status: u16,
    pub detail: &'static str,
    pub violations: Option<&'static str>,
}

pub const fn problem(
    method: &'static str,
    path: &'static str,
    status: u16,
    detail: &'static str,
) -> RouteProblem {
    RouteProblem {
        method,
        path,
        status,
        detail,
        violations: None,
    }
}
