//! Workforce's errors documented in their own words, where the shared example would mislead.

use crate::platform::http::route_problem::{RouteProblem, problem};

const RUNS: &str = "/api/v1/scheduler/runs";
const RUN: &str = "/api/v1/scheduler/runs/{id}";
const PROPOSAL: &str = "/api/v1/pending-schedules/{id}";

pub const PROBLEMS: &[RouteProblem] = &[
    problem(
        "post",
        "/api/v1/employees/{id}/availability",
        422,
        "end_time: must be after start_time",
    ),
    problem(
        "post",
        "/api/v1/employees/{id}/availability-overrides",
        422,
        "reason: must not be blank",
    ),
    problem(
        "post",
        RUNS,
        409,
        "a scheduler run is in progress; wait for it to finish",
    ),
    problem(
        "post",
        RUNS,
        422,
        "date_range_end: a run covers at most 62 days",
    ),
    problem(
        "post",
        RUNS,
        403,
        "the viewer role may not do this; it needs at least manager",
    ),
    problem("get", RUN, 404, "scheduler run 42 was not found"),
    problem(
        "post",
        "/api/v1/scheduler/runs/{id}/approve-all",
        404,
        "scheduler run 42 was not found",
    ),
    problem(
        "post",
        "/api/v1/scheduler/runs/{id}/approve-all",
        409,
        "scheduler run 42 is still in progress; its proposals are not all written yet",
    ),
    problem(
        "post",
        "/api/v1/scheduler/runs/{id}/reject-all",
        404,
        "scheduler run 42 was not found",
    ),
    problem(
        "post",
        "/api/v1/scheduler/runs/{id}/reject-all",
        409,
        "scheduler run 42 is still in progress; its proposals are not all written yet",
    ),
    problem("get", PROPOSAL, 404, "proposal 11 was not found"),
    problem("patch", PROPOSAL, 404, "proposal 11 was not found"),
    problem(
        "get",
        "/api/v1/pending-schedules/{id}/candidates",
        404,
        "proposal 11 was not found",
    ),
    problem(
        "get",
        "/api/v1/pending-schedules/{id}/candidates",
        409,
        "this proposal was already reviewed",
    ),
    RouteProblem {
        method: "patch",
        path: PROPOSAL,
        status: 409,
        detail: "the changed proposal breaks 1 rule(s): Setup needs one of the skills lead/supervisor; Priya Patel (E0002) has specialist",
        violations: Some("missing_skill"),
    },
    problem(
        "patch",
        PROPOSAL,
        422,
        "employee_id: no employee has id E9999",
    ),
    RouteProblem {
        method: "post",
        path: "/api/v1/pending-schedules/{id}/approve",
        status: 409,
        detail: "the proposal no longer fits: Aisha Johnson (E0004) is unavailable all day (approved time off) on 2026-03-03, so 10:15–16:45 does not fit",
        violations: Some("outside_availability"),
    },
    problem(
        "post",
        "/api/v1/pending-schedules/{id}/reject",
        409,
        "this proposal was already reviewed",
    ),
    problem(
        "get",
        "/api/v1/exports/schedules",
        413,
        "sheet \"Schedules\" would have 1048577 rows; an XLSX sheet holds at most 1048576; export a shorter period, or as CSV",
    ),
];
