//! The workforce module over HTTP: roster, availability layers, every scheduling rule, double
//! booking under load, time off, imports, rotations, attendance, exports, paperwork, DST.

use crate::helpers::{Answer, Db, TestApp, spawn_app, weekdays};
use crate::on_both_databases;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_databases!(
    employees_are_created_validated_and_listed,
    availability_resolves_by_layer,
    every_hard_rule_is_enforced_on_manual_schedules,
    overriding_rules_needs_a_reason_and_is_audited,
    schedules_move_the_event_condition,
    parallel_requests_never_double_book,
    time_off_is_requested_by_members_and_decided_by_managers,
    imports_report_each_row_and_are_idempotent,
    rotations_generate_without_overwriting,
    attendance_records_and_rates,
    exports_and_feeds,
    the_daily_paperwork_is_a_pdf,
    day_rules_use_the_business_time_zone_across_dst,
    members_cannot_do_manager_actions,
    candidates_agree_with_the_checker_and_members_find_their_record,
    event_lists_filter_by_overlapping_dates,
    hot_reads_see_every_write_at_once,
    query_errors_name_the_parameter_and_filters_take_known_values,
    csv_times_with_an_offset_are_the_instant_they_name,
    a_cancelled_schedule_gives_its_time_to_a_new_one,
);

async fn manager(app: &TestApp) -> String {
    app.user_with_role("manager").await.1
}

async fn employee(app: &TestApp, t: &str, id: &str, skills: &[&str]) {
    let a = app
        .post(
            "/api/v1/employees",
            t,
            json!({"id": id, "name": format!("Employee {id}"), "skills": skills}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
}

async fn event(app: &TestApp, t: &str, r: i64, kind: &str, start: &str, due: &str) -> Value {
    let a = app
        .post("/api/v1/events", t, json!({"project_name": format!("{kind} {r}"), "project_ref_num": r, "event_type": kind,
            "start_datetime": start, "due_datetime": due, "store_number": 12, "store_name": "Main St"}))
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    a.body
}

/// Uploads `csv` to the events import.
async fn import_csv(app: &TestApp, t: &str, csv: &str) -> Answer {
    app.post_raw(
        "/api/v1/events/import",
        Some(t),
        "text/csv",
        csv.as_bytes().to_vec(),
    )
    .await
}

fn sched(r: i64, e: &str, at: &str) -> Value {
    json!({"event_ref_num": r, "employee_id": e, "schedule_datetime": at})
}

async fn codes(app: &TestApp, t: &str, body: Value) -> Vec<String> {
    let a = app.post("/api/v1/schedules/validate", t, body).await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    a.body["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn put_setting(app: &TestApp, key: &str, value: Value) {
    let admin = app.admin_token().await;
    let a = app
        .send(
            Method::PUT,
            &format!("/api/v1/settings/{key}"),
            Some(&admin),
            Some(json!({"value": value})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
}

async fn employees_are_created_validated_and_listed(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    employee(&app, &t, "E1", &["Lead", "juicer", "lead"]).await;
    let e = app.get("/api/v1/employees/E1", &t).await;
    assert_eq!(
        e.body["skills"],
        json!(["juicer", "lead"]),
        "skills are normalised"
    );
    let bad = app.post("/api/v1/employees", &t, json!({"id": "bad id!", "name": "", "email": "x", "hire_date": "2026-03-01", "termination_date": "2026-01-01"})).await;
    bad.assert_problem(422);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["id", "name", "email", "termination_date"]);
    app.post("/api/v1/employees", &t, json!({"id": "E1", "name": "Dup"}))
        .await
        .assert_problem(409);
    employee(&app, &t, "E2", &["specialist"]).await;
    assert_eq!(
        app.get("/api/v1/employees?skill=lead", &t).await.body["total"],
        1
    );
    assert_eq!(app.get("/api/v1/employees?q=e2", &t).await.body["total"], 1);
    let p = app
        .send(
            Method::PATCH,
            "/api/v1/employees/E2",
            Some(&t),
            Some(json!({"active": false, "phone": "555"})),
        )
        .await;
    assert_eq!(p.body["active"], false);
    assert_eq!(
        app.get("/api/v1/employees?active=true", &t).await.body["total"],
        1
    );
    assert_eq!(
        app.send(Method::DELETE, "/api/v1/employees/E2", Some(&t), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    app.get("/api/v1/employees/E2", &t)
        .await
        .assert_problem(404);
    assert_eq!(app.audit_rows("resource_type=employee").await.len(), 4);
}

async fn availability_resolves_by_layer(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    employee(&app, &t, "E1", &["lead"]).await;
    // No weekly rows at all: available all day.
    let a = app
        .get(
            "/api/v1/employees/E1/availability?from=2026-03-02&to=2026-03-02",
            &t,
        )
        .await;
    assert_eq!(a.body["days"][0]["layer"], "default_all_day");
    weekdays(&app, &t, "E1").await;
    let later = json!({"windows": [
        {"day_of_week": 0, "start_time": "08:00", "end_time": "20:00"},
        {"day_of_week": 0, "start_time": "12:00", "end_time": "16:00", "effective_date": "2026-03-09"}]});
    app.send(
        Method::PUT,
        "/api/v1/employees/E1/weekly-availability",
        Some(&t),
        Some(later),
    )
    .await;
    app.post("/api/v1/employees/E1/availability", &t, json!({"date": "2026-03-03", "available": true, "start_time": "11:00", "end_time": "19:00"})).await;
    app.post(
        "/api/v1/employees/E1/availability-overrides",
        &t,
        json!({"date": "2026-03-04", "available": false, "reason": "other store"}),
    )
    .await;
    let to = app
        .post(
            "/api/v1/employees/E1/time-off",
            &t,
            json!({"start_date": "2026-03-05", "end_date": "2026-03-05"}),
        )
        .await;
    let r = app
        .get(
            "/api/v1/employees/E1/availability?from=2026-03-02&to=2026-03-09",
            &t,
        )
        .await;
    let days = r.body["days"].as_array().unwrap();
    let layer = |i: usize| days[i]["layer"].as_str().unwrap().to_owned();
    assert_eq!(layer(0), "weekly_pattern");
    assert_eq!(
        days[0]["windows"],
        json!([{"start_time": "08:00", "end_time": "20:00"}])
    );
    assert_eq!(layer(1), "date_availability");
    assert_eq!(days[1]["windows"][0]["start_time"], "11:00");
    assert_eq!(layer(2), "override");
    assert_eq!(days[2]["available"], false);
    assert_eq!(
        layer(3),
        "weekly_pattern",
        "pending time off does not count"
    );
    assert_eq!(
        days[4]["available"], false,
        "Saturday is not in the pattern"
    );
    assert_eq!(
        days[7]["windows"],
        json!([{"start_time": "12:00", "end_time": "16:00"}]),
        "the newer pattern is in force"
    );
    let id = to.body["id"].as_i64().unwrap();
    // The notes are optional, so no body at all will do.
    let approved = app
        .send(
            Method::POST,
            &format!("/api/v1/time-off/{id}/approve"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{approved:?}");
    assert_eq!(approved.body["status"], "approved");
    let r = app
        .get(
            "/api/v1/employees/E1/availability?from=2026-03-05&to=2026-03-05",
            &t,
        )
        .await;
    assert_eq!(r.body["days"][0]["layer"], "time_off");
    app.get(
        "/api/v1/employees/E1/availability?from=2026-03-05&to=2026-01-01",
        &t,
    )
    .await
    .assert_problem(400);
    let overlapping = json!({"windows": [{"day_of_week": 0, "start_time": "08:00", "end_time": "12:00"}, {"day_of_week": 0, "start_time": "11:00", "end_time": "13:00"}]});
    app.send(
        Method::PUT,
        "/api/v1/employees/E1/weekly-availability",
        Some(&t),
        Some(overlapping),
    )
    .await
    .assert_problem(422);
}

/// A week in early March 2026 (EST, before the DST change on the 8th).
const MON: &str = "2026-03-02";

async fn rule_world(app: &TestApp, t: &str) {
    for (id, skills) in [
        ("LEAD", vec!["lead"]),
        ("SPEC", vec!["specialist"]),
        ("JUICE", vec!["juicer"]),
        ("SUP", vec!["supervisor"]),
    ] {
        employee(app, t, id, &skills).await;
        weekdays(app, t, id).await;
    }
    event(
        app,
        t,
        1001,
        "Core",
        "2026-03-02T00:00:00-05:00",
        "2026-03-06T23:59:00-05:00",
    )
    .await;
    event(
        app,
        t,
        1002,
        "Core",
        "2026-03-02T00:00:00-05:00",
        "2026-03-06T23:59:00-05:00",
    )
    .await;
    event(
        app,
        t,
        1003,
        "Juicer",
        "2026-03-02T00:00:00-05:00",
        "2026-03-02T23:59:00-05:00",
    )
    .await;
    event(
        app,
        t,
        1004,
        "Setup",
        "2026-03-02T00:00:00-05:00",
        "2026-03-06T23:59:00-05:00",
    )
    .await;
    event(
        app,
        t,
        1005,
        "Demo",
        "2026-03-02T00:00:00-05:00",
        "2026-03-06T23:59:00-05:00",
    )
    .await;
    event(
        app,
        t,
        1006,
        "Core",
        "2026-03-02T00:00:00-05:00",
        "2026-03-06T23:59:00-05:00",
    )
    .await;
}

async fn every_hard_rule_is_enforced_on_manual_schedules(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    rule_world(&app, &t).await;
    let at = |d: &str, hm: &str| format!("{d}T{hm}:00-05:00");
    assert!(
        codes(&app, &t, sched(1001, "LEAD", &at(MON, "10:15")))
            .await
            .is_empty(),
        "a fitting schedule passes"
    );
    assert_eq!(
        codes(&app, &t, sched(1001, "LEAD", &at(MON, "10:00"))).await,
        ["start_time_not_allowed"]
    );
    assert!(
        codes(&app, &t, sched(1001, "LEAD", "2026-03-09T10:15:00-04:00"))
            .await
            .contains(&"outside_event_window".to_owned())
    );
    assert!(
        codes(&app, &t, sched(1001, "LEAD", &at(MON, "23:45")))
            .await
            .contains(&"start_time_not_allowed".to_owned())
    );
    assert_eq!(
        codes(&app, &t, sched(1001, "SUP", &at(MON, "10:15"))).await,
        ["missing_skill"]
    );
    assert_eq!(
        codes(&app, &t, sched(1003, "JUICE", &at(MON, "09:00"))).await,
        ["rotation_not_held"]
    );
    app.send(
        Method::PUT,
        "/api/v1/rotations",
        Some(&t),
        Some(json!({"date": MON, "rotation_type": "juicer", "employee_id": "JUICE"})),
    )
    .await;
    assert!(
        codes(&app, &t, sched(1003, "JUICE", &at(MON, "09:00")))
            .await
            .is_empty()
    );
    // Saturday is outside the weekly pattern.
    assert_eq!(
        codes(&app, &t, sched(1001, "LEAD", "2026-03-07T10:15:00-05:00")).await,
        ["outside_event_window", "outside_availability"]
    );
    // Overrides on the event.
    let e1 = app.get("/api/v1/events?q=1001", &t).await.body["items"][0]["id"]
        .as_i64()
        .unwrap();
    let o = app
        .send(
            Method::PUT,
            &format!("/api/v1/events/{e1}/scheduling-override"),
            Some(&t),
            Some(json!({"required_employee_id": "SPEC"})),
        )
        .await;
    assert_eq!(o.status, StatusCode::OK, "{o:?}");
    assert_eq!(
        codes(&app, &t, sched(1001, "LEAD", &at(MON, "10:15"))).await,
        ["required_employee"]
    );
    app.send(
        Method::PUT,
        &format!("/api/v1/events/{e1}/scheduling-override"),
        Some(&t),
        Some(json!({"excluded_employee_ids": ["LEAD"]})),
    )
    .await;
    assert_eq!(
        codes(&app, &t, sched(1001, "LEAD", &at(MON, "10:15"))).await,
        ["excluded_employee"]
    );
    app.send(
        Method::DELETE,
        &format!("/api/v1/events/{e1}/scheduling-override"),
        Some(&t),
        None,
    )
    .await;
    // An event's own duration can be set and cleared again (null: the type's default).
    for (patch, expected) in [
        (
            json!({"estimated_time": 600, "store_name": "Lakeview"}),
            json!(600),
        ),
        (json!({"project_name": "renamed"}), json!(600)),
        (
            json!({"estimated_time": null, "store_name": null}),
            Value::Null,
        ),
    ] {
        let r = app
            .send(
                Method::PATCH,
                &format!("/api/v1/events/{e1}"),
                Some(&t),
                Some(patch),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(r.body["estimated_time"], expected, "{r:?}");
    }
    let cleared = app.get(&format!("/api/v1/events/{e1}"), &t).await;
    assert!(cleared.body["store_name"].is_null(), "{cleared:?}");
    // Near year 9999 the instant would not fit an RFC 3339 answer: refused.
    let far = app
        .send(
            Method::PATCH,
            &format!("/api/v1/events/{e1}"),
            Some(&t),
            Some(json!({"due_datetime": "9999-12-31T23:00:00-05:00"})),
        )
        .await;
    far.assert_problem(422);
    assert_eq!(far.body["errors"][0]["field"], "due_datetime", "{far:?}");
    // A field that cannot be cleared refuses null instead of quietly keeping its value.
    let refused = app
        .send(
            Method::PATCH,
            &format!("/api/v1/events/{e1}"),
            Some(&t),
            Some(json!({"project_name": null})),
        )
        .await;
    assert!(
        refused
            .assert_problem(400)
            .contains("project_name: invalid type: null"),
        "{refused:?}"
    );
    assert_eq!(
        app.get(&format!("/api/v1/events/{e1}"), &t).await.body["project_name"],
        "renamed"
    );
    // An inactive employee.
    app.send(
        Method::PATCH,
        "/api/v1/employees/SUP",
        Some(&t),
        Some(json!({"active": false})),
    )
    .await;
    assert!(
        codes(&app, &t, sched(1004, "SUP", &at(MON, "10:00")))
            .await
            .contains(&"employee_inactive".to_owned())
    );
    // Load rules, against a saved schedule.
    let s = app
        .post(
            "/api/v1/schedules",
            &t,
            sched(1001, "LEAD", &at(MON, "10:15")),
        )
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{s:?}");
    let c = codes(&app, &t, sched(1002, "LEAD", &at(MON, "10:45"))).await;
    assert!(
        c.contains(&"overlaps_existing".to_owned()) && c.contains(&"type_daily_limit".to_owned()),
        "{c:?}"
    );
    assert_eq!(
        codes(&app, &t, sched(1001, "SPEC", &at(MON, "10:15"))).await,
        ["event_already_assigned"]
    );
    put_setting(&app, "max_events_per_employee_per_day", json!(1)).await;
    assert!(
        codes(&app, &t, sched(1005, "LEAD", &at(MON, "18:00")))
            .await
            .contains(&"start_time_not_allowed".to_owned())
    );
    assert_eq!(
        codes(&app, &t, sched(1004, "LEAD", &at(MON, "10:00"))).await,
        ["daily_limit"]
    );
    put_setting(&app, "max_events_per_employee_per_day", json!(5)).await;
    put_setting(&app, "max_minutes_per_week", json!(400)).await;
    assert_eq!(
        codes(&app, &t, sched(1006, "LEAD", "2026-03-03T10:15:00-05:00")).await,
        ["weekly_minutes"]
    );
    // POST answers 409 with the same violations, and writes nothing.
    let refused = app
        .post(
            "/api/v1/schedules",
            &t,
            sched(1006, "LEAD", "2026-03-03T10:15:00-05:00"),
        )
        .await;
    refused.assert_problem(409);
    assert_eq!(refused.body["violations"][0]["code"], "weekly_minutes");
    assert_eq!(app.get("/api/v1/schedules", &t).await.body["total"], 1);
    app.post(
        "/api/v1/schedules/validate",
        &t,
        sched(424242, "LEAD", &at(MON, "10:15")),
    )
    .await
    .assert_problem(422);
}

async fn overriding_rules_needs_a_reason_and_is_audited(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    rule_world(&app, &t).await;
    let body = |reason: Option<&str>| {
        let mut b = sched(1001, "SUP", "2026-03-02T10:15:00-05:00");
        if let Some(r) = reason {
            b["override_reason"] = json!(r);
        }
        b
    };
    app.post("/api/v1/schedules", &t, body(None))
        .await
        .assert_problem(409);
    let forced = app
        .post("/api/v1/schedules", &t, body(Some("store asked for Kwame")))
        .await;
    assert_eq!(forced.status, StatusCode::CREATED, "{forced:?}");
    assert_eq!(forced.body["override_reason"], "store asked for Kwame");
    let id = forced.body["id"].as_i64().unwrap();
    let rows = app
        .audit_rows(&format!("resource_type=schedule&resource_id={id}"))
        .await;
    assert_eq!(
        rows[0]["changes"]["after"]["overridden_violations"][0]["code"],
        "missing_skill"
    );
    // Rule 9 is never overridden.
    let mut again = sched(1001, "LEAD", "2026-03-02T10:45:00-05:00");
    again["override_reason"] = json!("try anyway");
    app.post("/api/v1/schedules", &t, again)
        .await
        .assert_problem(409);
}

async fn condition(app: &TestApp, t: &str) -> String {
    app.get("/api/v1/events?q=1001", t).await.body["items"][0]["condition"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn schedules_move_the_event_condition(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    rule_world(&app, &t).await;
    let s = app
        .post(
            "/api/v1/schedules",
            &t,
            sched(1001, "LEAD", "2026-03-02T10:15:00-05:00"),
        )
        .await;
    assert_eq!(condition(&app, &t).await, "Scheduled");
    let id = s.body["id"].as_i64().unwrap();
    // Moving to another employee and day is re-checked.
    let moved = app
        .send(
            Method::PATCH,
            &format!("/api/v1/schedules/{id}"),
            Some(&t),
            Some(json!({"employee_id": "SPEC", "schedule_datetime": "2026-03-03T10:45:00-05:00"})),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{moved:?}");
    let bad = app
        .send(
            Method::PATCH,
            &format!("/api/v1/schedules/{id}"),
            Some(&t),
            Some(json!({"employee_id": "SUP"})),
        )
        .await;
    bad.assert_problem(409);
    let cancelled = app
        .send(
            Method::PATCH,
            &format!("/api/v1/schedules/{id}"),
            Some(&t),
            Some(json!({"status": "cancelled"})),
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK);
    assert_eq!(condition(&app, &t).await, "Unstaffed");
    let s2 = app
        .post(
            "/api/v1/schedules",
            &t,
            sched(1001, "LEAD", "2026-03-02T10:15:00-05:00"),
        )
        .await;
    assert_eq!(
        s2.status,
        StatusCode::CREATED,
        "a cancelled schedule frees the event: {s2:?}"
    );
    assert_eq!(condition(&app, &t).await, "Scheduled");
    let d = app
        .send(
            Method::DELETE,
            &format!("/api/v1/schedules/{}", s2.body["id"]),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(d.status, StatusCode::NO_CONTENT);
    assert_eq!(condition(&app, &t).await, "Unstaffed");
}

async fn parallel_requests_never_double_book(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    rule_world(&app, &t).await;
    for i in 0..50 {
        event(
            &app,
            &t,
            2000 + i,
            "Core",
            "2026-03-02T00:00:00-05:00",
            "2026-03-06T23:59:00-05:00",
        )
        .await;
    }
    // 50 different events for one employee at overlapping times on one day.
    let times = ["10:15", "10:45", "11:15", "11:45"];
    let same_employee = (0..50).map(|i| {
        app.post(
            "/api/v1/schedules",
            &t,
            sched(
                2000 + i,
                "LEAD",
                &format!("2026-03-02T{}:00-05:00", times[i as usize % 4]),
            ),
        )
    });
    let answers: Vec<Answer> = futures_util::future::join_all(same_employee).await;
    let created = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        created,
        1,
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(
        answers
            .iter()
            .all(|a| a.status == StatusCode::CREATED || a.status == StatusCode::CONFLICT)
    );
    // One event, 50 attempts with two able employees at different times.
    let same_event = (0..50).map(|i| {
        let who = if i % 2 == 0 { "SPEC" } else { "JUICE" };
        app.post(
            "/api/v1/schedules",
            &t,
            sched(
                1002,
                who,
                &format!("2026-03-03T{}:00-05:00", times[i as usize % 4]),
            ),
        )
    });
    let answers: Vec<Answer> = futures_util::future::join_all(same_event).await;
    assert_eq!(
        answers
            .iter()
            .filter(|a| a.status == StatusCode::CREATED)
            .count(),
        1
    );
    assert!(
        answers
            .iter()
            .all(|a| a.status == StatusCode::CREATED || a.status == StatusCode::CONFLICT),
        "{answers:?}"
    );
    assert_eq!(
        app.get("/api/v1/schedules?event_ref_num=1002", &t)
            .await
            .body["total"],
        1
    );
    assert_eq!(
        app.get("/api/v1/schedules?employee_id=LEAD", &t).await.body["total"],
        1
    );
}

async fn time_off_is_requested_by_members_and_decided_by_managers(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    let (member_id, member) = app.user_with_role("member").await;
    employee(&app, &t, "ME", &["lead"]).await;
    employee(&app, &t, "OTHER", &["lead"]).await;
    app.send(
        Method::PATCH,
        "/api/v1/employees/ME",
        Some(&t),
        Some(json!({"user_id": member_id})),
    )
    .await;
    let req = app
        .post(
            "/api/v1/employees/ME/time-off",
            &member,
            json!({"start_date": "2026-03-02", "end_date": "2026-03-03", "reason": "Vacation"}),
        )
        .await;
    assert_eq!(req.status, StatusCode::CREATED, "{req:?}");
    assert_eq!(req.body["status"], "pending");
    app.post(
        "/api/v1/employees/OTHER/time-off",
        &member,
        json!({"start_date": "2026-03-02", "end_date": "2026-03-02"}),
    )
    .await
    .assert_problem(403);
    app.post(
        "/api/v1/employees/ME/time-off",
        &member,
        json!({"start_date": "2026-03-05", "end_date": "2026-03-02"}),
    )
    .await
    .assert_problem(422);
    let id = req.body["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/time-off/{id}/approve"),
        &member,
        json!({}),
    )
    .await
    .assert_problem(403);
    event(
        &app,
        &t,
        1001,
        "Core",
        "2026-03-02T00:00:00-05:00",
        "2026-03-06T23:59:00-05:00",
    )
    .await;
    assert!(
        codes(&app, &t, sched(1001, "ME", "2026-03-02T10:15:00-05:00"))
            .await
            .is_empty(),
        "pending time off does not block"
    );
    let ok = app
        .post(
            &format!("/api/v1/time-off/{id}/approve"),
            &t,
            json!({"notes": "enjoy"}),
        )
        .await;
    assert_eq!(ok.body["status"], "approved");
    assert_eq!(
        codes(&app, &t, sched(1001, "ME", "2026-03-02T10:15:00-05:00")).await,
        ["outside_availability"]
    );
    app.post(&format!("/api/v1/time-off/{id}/deny"), &t, json!({}))
        .await
        .assert_problem(409);
    let pending = app.get("/api/v1/time-off?status=pending", &t).await;
    assert_eq!(pending.body["total"], 0);
    assert_eq!(
        app.get("/api/v1/time-off?employee_id=ME", &member)
            .await
            .body["total"],
        1
    );
}

async fn imports_report_each_row_and_are_idempotent(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    let csv = "Project Name,Project Reference Number,Location MVID,Store Number,Store Name,Start Date/Time,Due Date/Time,Estimated Time\r\n\
        \"Core Reset, Aisle 5\",700001,MV1,12,Main St,03/02/2026 12:00 AM,03/06/2026 11:59 PM,390\r\n\
        Juicer Production,700002,,,,2026-03-02 00:00,2026-03-02 23:59,\r\n\
        Broken,abc,,x,,not a date,,\r\n\
        Demo Day,700003,MV3,7,Mall,03/04/2026,03/04/2026,90\r\n\
        Backwards,700004,,,,03/05/2026,03/01/2026,\r\n";
    let first = import_csv(&app, &t, csv).await;
    assert_eq!(first.status, StatusCode::OK, "{first:?}");
    assert_eq!(
        (
            first.body["created"].as_u64(),
            first.body["rejected"].as_u64()
        ),
        (Some(3), Some(2))
    );
    let rows = first.body["rows"].as_array().unwrap();
    assert_eq!(rows[2]["status"], "rejected");
    assert!(rows[2]["errors"].as_array().unwrap().len() >= 3);
    assert_eq!(rows[4]["errors"][0]["field"], "due_datetime");
    let core = app.get("/api/v1/events?q=700001", &t).await.body["items"][0].clone();
    assert_eq!(core["project_name"], "Core Reset, Aisle 5");
    assert_eq!(core["event_type"], "Core");
    assert_eq!(
        core["start_datetime"], "2026-03-02T05:00:00Z",
        "CSV times are local to the business time zone"
    );
    assert_eq!(
        app.get("/api/v1/events?q=700002", &t).await.body["items"][0]["event_type"],
        "Juicer"
    );
    let audit_before = app.audit_rows("resource_type=event").await.len();
    let again = import_csv(&app, &t, csv).await;
    assert_eq!(
        (
            again.body["created"].as_u64(),
            again.body["unchanged"].as_u64()
        ),
        (Some(0), Some(3))
    );
    assert_eq!(
        app.audit_rows("resource_type=event").await.len(),
        audit_before,
        "a second import writes nothing"
    );
    // JSON: an update, an unchanged row, a bad row.
    let json_rows = json!([
        {"project_name": "Core Reset, Aisle 5", "project_ref_num": 700001, "location_mvid": "MV1", "store_number": 12, "store_name": "Main St",
         "start_datetime": "2026-03-02T05:00:00Z", "due_datetime": "2026-03-07T04:59:00Z", "estimated_time": 300, "event_type": "Core"},
        {"project_name": "Nope", "project_ref_num": 5, "event_type": "Nonsense", "start_datetime": "2026-03-02T05:00:00Z", "due_datetime": "2026-03-03T05:00:00Z"},
        {"project_name": 7}
    ]);
    let j = app.post("/api/v1/events/import", &t, json_rows).await;
    assert_eq!(
        (j.body["updated"].as_u64(), j.body["rejected"].as_u64()),
        (Some(1), Some(2)),
        "{j:?}"
    );
    assert_eq!(j.body["rows"][1]["errors"][0]["field"], "event_type");
    assert_eq!(app.get("/api/v1/events", &t).await.body["total"], 3);
    app.post_raw(
        "/api/v1/events/import",
        Some(&t),
        "text/csv",
        b"Project Name\r\nx\r\n".to_vec(),
    )
    .await
    .assert_problem(400);
    app.post_raw(
        "/api/v1/events/import",
        Some(&t),
        "text/plain",
        b"x".to_vec(),
    )
    .await
    .assert_problem(415);
}

async fn rotations_generate_without_overwriting(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    employee(&app, &t, "J1", &["juicer"]).await;
    employee(&app, &t, "J2", &["juicer"]).await;
    app.send(
        Method::PUT,
        "/api/v1/rotations",
        Some(&t),
        Some(json!({"date": "2026-03-03", "rotation_type": "juicer", "employee_id": "J2"})),
    )
    .await;
    let body = json!({"from": "2026-03-02", "to": "2026-03-15", "rotation_type": "juicer", "pattern": {"0": "J1", "1": "J1", "2": "J1", "3": "J1", "4": "J1"}});
    let g = app
        .post("/api/v1/rotations/generate", &t, body.clone())
        .await;
    assert_eq!(g.status, StatusCode::OK, "{g:?}");
    assert_eq!(
        (g.body["created"].as_u64(), g.body["kept"].as_u64()),
        (Some(9), Some(1))
    );
    let tue = app
        .get("/api/v1/rotations?from=2026-03-03&to=2026-03-03", &t)
        .await;
    assert_eq!(tue.body["items"][0]["employee_id"], "J2");
    let mut over = body.clone();
    over["overwrite"] = json!(true);
    let g2 = app.post("/api/v1/rotations/generate", &t, over).await;
    assert_eq!(g2.body["replaced"], 1);
    assert_eq!(
        app.get("/api/v1/rotations?from=2026-03-03&to=2026-03-03", &t)
            .await
            .body["items"][0]["employee_id"],
        "J1"
    );
    assert_eq!(
        app.get("/api/v1/rotations?rotation_type=juicer", &t)
            .await
            .body["total"],
        10
    );
    app.post("/api/v1/rotations/generate", &t, json!({"from": "2026-03-02", "to": "2026-03-01", "rotation_type": "barista", "pattern": {"7": "NOPE"}}))
        .await
        .assert_problem(422);
}

async fn attendance_records_and_rates(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    rule_world(&app, &t).await;
    let a = app
        .post(
            "/api/v1/schedules",
            &t,
            sched(1001, "LEAD", "2026-03-02T10:15:00-05:00"),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let b = app
        .post(
            "/api/v1/schedules",
            &t,
            sched(1002, "SPEC", "2026-03-02T10:15:00-05:00"),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    app.post(
        "/api/v1/schedules",
        &t,
        sched(1004, "SUP", "2026-03-02T10:00:00-05:00"),
    )
    .await;
    let r = app.send(Method::PUT, &format!("/api/v1/schedules/{a}/attendance"), Some(&t),
        Some(json!({"status": "present", "check_in_time": "2026-03-02T15:14:00Z", "check_out_time": "2026-03-02T21:40:00Z", "method": "manual"}))).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    app.send(
        Method::PUT,
        &format!("/api/v1/schedules/{b}/attendance"),
        Some(&t),
        Some(json!({"status": "absent"})),
    )
    .await;
    app.send(
        Method::PUT,
        &format!("/api/v1/schedules/{b}/attendance"),
        Some(&t),
        Some(json!({"status": "late"})),
    )
    .await
    .assert_problem(422);
    let day = app.get("/api/v1/attendance?date=2026-03-02", &t).await;
    let s = &day.body["summary"];
    assert_eq!(
        (
            s["scheduled"].as_u64(),
            s["present"].as_u64(),
            s["absent"].as_u64(),
            s["unreported"].as_u64()
        ),
        (Some(3), Some(1), Some(1), Some(1))
    );
    assert_eq!(s["on_time_rate"], 1.0);
    assert!((s["no_show_rate"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        app.get(
            "/api/v1/attendance?from=2026-03-01&to=2026-03-07&employee_id=LEAD",
            &t
        )
        .await
        .body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    app.get("/api/v1/attendance", &t).await.assert_problem(400);
}

async fn exports_and_feeds(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    rule_world(&app, &t).await;
    app.post(
        "/api/v1/schedules",
        &t,
        sched(1001, "LEAD", "2026-03-02T10:15:00-05:00"),
    )
    .await;
    let get = |path: String| {
        let req = app.client.get(app.url(&path)).bearer_auth(t.clone());
        async move { req.send().await.unwrap() }
    };
    let csv =
        get("/api/v1/exports/schedules?format=csv&from=2026-03-01&to=2026-03-07".into()).await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let parsed = kairos_documents::csv::parse_csv(&text).unwrap();
    assert_eq!(
        parsed[1][2..5],
        ["10:15".to_owned(), "16:45".to_owned(), "390".to_owned()]
    );
    let xlsx = get("/api/v1/exports/schedules?format=xlsx&from=2026-03-01&to=2026-03-07".into())
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(&xlsx[..2], b"PK");
    let ics = get("/api/v1/exports/schedules?format=ics&from=2026-03-01&to=2026-03-07".into())
        .await
        .text()
        .await
        .unwrap();
    assert!(
        ics.contains("DTSTART:20260302T151500Z") && ics.contains("DTEND:20260302T214500Z"),
        "{ics}"
    );
    let bad =
        get("/api/v1/exports/schedules?format=pdf&from=2026-03-01&to=2026-03-07".into()).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let feed = app
        .post("/api/v1/employees/LEAD/calendar-feed", &t, json!({}))
        .await;
    assert_eq!(feed.status, StatusCode::CREATED);
    let url = feed.body["url"].as_str().unwrap().to_owned();
    let anonymous = app.client.get(&url).send().await.unwrap();
    assert_eq!(
        anonymous.status(),
        StatusCode::OK,
        "a feed needs no bearer token"
    );
    assert!(
        anonymous
            .text()
            .await
            .unwrap()
            .starts_with("BEGIN:VCALENDAR")
    );
    app.send(
        Method::DELETE,
        "/api/v1/employees/LEAD/calendar-feed",
        Some(&t),
        None,
    )
    .await;
    assert_eq!(
        app.client.get(&url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

async fn the_daily_paperwork_is_a_pdf(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    rule_world(&app, &t).await;
    app.post(
        "/api/v1/schedules",
        &t,
        sched(1001, "LEAD", "2026-03-02T10:15:00-05:00"),
    )
    .await;
    let tpl = app.post("/api/v1/paperwork-templates", &t, json!({"name": "Opening", "template_type": "daily", "template_data": {"items": ["Badge on", "Samples counted"]}})).await;
    assert_eq!(tpl.status, StatusCode::CREATED);
    app.post(
        "/api/v1/paperwork-templates",
        &t,
        json!({"name": "Bad", "template_type": "weekly", "template_data": []}),
    )
    .await
    .assert_problem(422);
    let res = app
        .client
        .get(app.url("/api/v1/paperwork/daily?date=2026-03-02"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let bytes = res.bytes().await.unwrap();
    assert!(
        bytes.starts_with(b"%PDF-1.4") && bytes.ends_with(b"%%EOF\n") || bytes.ends_with(b"%%EOF")
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("Employee LEAD") && text.contains("Badge on"));
}

async fn day_rules_use_the_business_time_zone_across_dst(db: Db) {
    // US clocks go forward on Sunday 2026-03-08: Setup's 10:00 local is 15:00Z before and 14:00Z after.
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    employee(&app, &t, "L", &["lead"]).await;
    event(
        &app,
        &t,
        3001,
        "Setup",
        "2026-03-02T00:00:00-05:00",
        "2026-03-13T23:59:00-04:00",
    )
    .await;
    assert!(
        codes(&app, &t, sched(3001, "L", "2026-03-06T15:00:00Z"))
            .await
            .is_empty()
    );
    assert_eq!(
        codes(&app, &t, sched(3001, "L", "2026-03-06T14:00:00Z")).await,
        ["start_time_not_allowed"]
    );
    assert!(
        codes(&app, &t, sched(3001, "L", "2026-03-09T14:00:00Z"))
            .await
            .is_empty()
    );
    assert_eq!(
        codes(&app, &t, sched(3001, "L", "2026-03-09T15:00:00Z")).await,
        ["start_time_not_allowed"]
    );
    // A day filter covers the local day, not the UTC one.
    app.post(
        "/api/v1/schedules",
        &t,
        sched(3001, "L", "2026-03-09T14:00:00Z"),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/schedules?from=2026-03-09&to=2026-03-09", &t)
            .await
            .body["total"],
        1
    );
    assert_eq!(
        app.get("/api/v1/schedules?from=2026-03-08&to=2026-03-08", &t)
            .await
            .body["total"],
        0
    );
    // Another business time zone moves the rules with it.
    put_setting(&app, "timezone", json!("Europe/Berlin")).await;
    assert!(
        codes(&app, &t, sched(3001, "L", "2026-03-10T09:00:00Z"))
            .await
            .contains(&"event_already_assigned".to_owned())
    );
}

async fn members_cannot_do_manager_actions(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    let (_, member) = app.user_with_role("member").await;
    let (_, viewer) = app.user_with_role("viewer").await;
    rule_world(&app, &t).await;
    app.post("/api/v1/employees", &member, json!({"name": "X"}))
        .await
        .assert_problem(403);
    app.post(
        "/api/v1/events",
        &member,
        json!({"project_name": "x", "project_ref_num": 9, "event_type": "Core",
        "start_datetime": "2026-03-02T05:00:00Z", "due_datetime": "2026-03-03T05:00:00Z"}),
    )
    .await
    .assert_problem(403);
    app.post(
        "/api/v1/schedules",
        &member,
        sched(1001, "LEAD", "2026-03-02T10:15:00-05:00"),
    )
    .await
    .assert_problem(403);
    app.send(
        Method::PUT,
        "/api/v1/employees/LEAD/weekly-availability",
        Some(&member),
        Some(json!({"windows": []})),
    )
    .await
    .assert_problem(403);
    app.post(
        "/api/v1/rotations/generate",
        &member,
        json!({"from": "2026-03-02", "to": "2026-03-03", "rotation_type": "juicer", "pattern": {}}),
    )
    .await
    .assert_problem(403);
    app.post_raw(
        "/api/v1/events/import",
        Some(&member),
        "text/csv",
        b"x".to_vec(),
    )
    .await
    .assert_problem(403);
    app.post(
        "/api/v1/employees/LEAD/time-off",
        &viewer,
        json!({"start_date": "2026-03-02", "end_date": "2026-03-02"}),
    )
    .await
    .assert_problem(403);
    assert_eq!(
        app.get("/api/v1/schedules", &viewer).await.status,
        StatusCode::OK,
        "viewers read"
    );
}

async fn candidates_agree_with_the_checker_and_members_find_their_record(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    rule_world(&app, &t).await;
    let events = app.get("/api/v1/events?q=1001", &t).await;
    let id = events.body["items"][0]["id"].as_i64().unwrap();
    let at = "2026-03-02T10:15:00-05:00";
    let a = app
        .get(
            &format!(
                "/api/v1/events/{id}/candidates?schedule_datetime={}",
                at.replace('+', "%2B")
            ),
            &t,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    let list = a.body.as_array().unwrap();
    assert_eq!(
        list.len(),
        4,
        "every active employee gets a verdict: {list:?}"
    );
    let mut seen_ineligible = false;
    for c in list {
        let emp = c["employee_id"].as_str().unwrap();
        let eligible = c["eligible"].as_bool().unwrap();
        // Eligible employees come first.
        assert!(!(eligible && seen_ineligible), "order: {list:?}");
        seen_ineligible |= !eligible;
        let verdict = codes(&app, &t, sched(1001, emp, at)).await;
        let listed: Vec<String> = c["violations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["code"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(listed, verdict, "{emp}: candidates and validate agree");
        assert_eq!(eligible, verdict.is_empty());
        assert_eq!(c["employee_name"], format!("Employee {emp}"));
    }
    assert!(
        list.iter().any(|c| c["eligible"] == true) && seen_ineligible,
        "the Core event has both kinds: {list:?}"
    );
    app.get("/api/v1/events/999999/candidates", &t)
        .await
        .assert_problem(404);

    // A member's own employee record is named by /auth/me once it is linked.
    let (member_id, member) = app.user_with_role("member").await;
    let me = app.get("/api/v1/auth/me", &member).await;
    assert_eq!(me.body["employee_id"], Value::Null);
    let linked = app
        .send(
            Method::PATCH,
            "/api/v1/employees/SPEC",
            Some(&t),
            Some(json!({"user_id": member_id})),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{linked:?}");
    let me = app.get("/api/v1/auth/me", &member).await;
    assert_eq!(me.body["employee_id"], "SPEC");
}

async fn event_lists_filter_by_overlapping_dates(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    event(
        &app,
        &t,
        1,
        "Core",
        "2026-03-02T00:00:00-05:00",
        "2026-03-06T23:59:00-05:00",
    )
    .await;
    // A long window: it overlaps weeks far from its start.
    event(
        &app,
        &t,
        2,
        "Core",
        "2026-01-02T00:00:00-05:00",
        "2026-03-30T23:59:00-04:00",
    )
    .await;
    event(
        &app,
        &t,
        3,
        "Core",
        "2026-04-01T00:00:00-04:00",
        "2026-04-03T23:59:00-04:00",
    )
    .await;
    let refs = |a: crate::helpers::Answer| -> Vec<i64> {
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        a.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["project_ref_num"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(
        refs(
            app.get("/api/v1/events?from=2026-03-09&to=2026-03-15", &t)
                .await
        ),
        [2]
    );
    assert_eq!(
        refs(
            app.get("/api/v1/events?from=2026-03-06&to=2026-03-06", &t)
                .await
        ),
        [2, 1]
    );
    assert_eq!(
        refs(
            app.get("/api/v1/events?from=2026-03-31&to=2026-04-30", &t)
                .await
        ),
        [3]
    );
    // A reversed range is a mistake, as on the other ranged lists, not an empty answer.
    assert!(
        app.get("/api/v1/events?from=2026-03-10&to=2026-03-01", &t)
            .await
            .assert_problem(400)
            .contains("`to` is before `from`")
    );
    assert_eq!(
        refs(
            app.get("/api/v1/events?from=2026-01-01&to=2026-01-01", &t)
                .await
        ),
        Vec::<i64>::new()
    );
    let page = app
        .get(
            "/api/v1/events?from=2026-03-01&to=2026-04-30&per_page=2",
            &t,
        )
        .await;
    assert_eq!(page.body["total"], 3);
    assert_eq!(page.body["items"].as_array().unwrap().len(), 2);
}

/// The event list and `/schedules/validate` answer from caches kept under the database's data
/// version; a write by anyone (this app, or another process straight into the database) must
/// show in the very next answer.
async fn hot_reads_see_every_write_at_once(db: Db) {
    use sea_orm::ConnectionTrait;
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    employee(&app, &t, "E1", &["lead"]).await;
    weekdays(&app, &t, "E1").await;
    event(
        &app,
        &t,
        1,
        "Core",
        "2026-03-02T00:00:00-05:00",
        "2026-03-06T23:59:00-05:00",
    )
    .await;
    let check = sched(1, "E1", "2026-03-02T10:15:00-05:00");
    let week = "/api/v1/events?from=2026-03-02&to=2026-03-08";
    let names = |a: Answer| -> Vec<String> {
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        a.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["project_name"].as_str().unwrap().to_owned())
            .collect()
    };
    // Twice each, so that the second answer comes from the cache.
    for _ in 0..2 {
        assert_eq!(codes(&app, &t, check.clone()).await, Vec::<String>::new());
        assert_eq!(names(app.get(week, &t).await), ["Core 1"]);
    }

    // Another process writes straight into the database.
    let other = sea_orm::Database::connect(&app.database.url).await.unwrap();
    other
        .execute_unprepared(
            "UPDATE events SET project_name = 'Renamed elsewhere' WHERE project_ref_num = 1",
        )
        .await
        .unwrap();
    other
        .execute_unprepared(
            "INSERT INTO employee_time_off (employee_id, start_date, end_date, status) \
             VALUES ('E1', '2026-03-02', '2026-03-02', 'approved')",
        )
        .await
        .unwrap();
    assert_eq!(names(app.get(week, &t).await), ["Renamed elsewhere"]);
    assert_eq!(
        codes(&app, &t, check.clone()).await,
        ["outside_availability"]
    );
    other
        .execute_unprepared("DELETE FROM employee_time_off")
        .await
        .unwrap();
    assert_eq!(codes(&app, &t, check.clone()).await, Vec::<String>::new());
    // A rotation type reads the week's rotations; a rotation given elsewhere shows at once.
    employee(&app, &t, "J1", &["juicer"]).await;
    weekdays(&app, &t, "J1").await;
    event(
        &app,
        &t,
        3,
        "Juicer",
        "2026-03-02T00:00:00-05:00",
        "2026-03-06T23:59:00-05:00",
    )
    .await;
    let juice = sched(3, "J1", "2026-03-03T09:00:00-05:00");
    for _ in 0..2 {
        assert_eq!(codes(&app, &t, juice.clone()).await, ["rotation_not_held"]);
    }
    other
        .execute_unprepared(
            "INSERT INTO rotation_assignments (employee_id, date, rotation_type) \
             VALUES ('J1', '2026-03-03', 'juicer')",
        )
        .await
        .unwrap();
    assert_eq!(codes(&app, &t, juice).await, Vec::<String>::new());
    // An employee deactivated elsewhere.
    other
        .execute_unprepared("UPDATE employees SET active = false WHERE id = 'E1'")
        .await
        .unwrap();
    assert_eq!(codes(&app, &t, check.clone()).await, ["employee_inactive"]);
    other
        .execute_unprepared("UPDATE employees SET active = true WHERE id = 'E1'")
        .await
        .unwrap();
    assert_eq!(codes(&app, &t, check.clone()).await, Vec::<String>::new());
    other.close().await.unwrap();

    // A setting changed through the API.
    put_setting(&app, "max_minutes_per_week", json!(60)).await;
    assert_eq!(codes(&app, &t, check.clone()).await, ["weekly_minutes"]);
    put_setting(&app, "max_minutes_per_week", json!(2400)).await;

    // Another schedule of the employee that week, through the API, then the event taken.
    event(
        &app,
        &t,
        2,
        "Core",
        "2026-03-02T00:00:00-05:00",
        "2026-03-06T23:59:00-05:00",
    )
    .await;
    assert_eq!(codes(&app, &t, check.clone()).await, Vec::<String>::new());
    let a = app
        .post(
            "/api/v1/schedules",
            &t,
            sched(2, "E1", "2026-03-02T10:15:00-05:00"),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    let broken = codes(&app, &t, check.clone()).await;
    assert!(
        broken.contains(&"overlaps_existing".to_owned()),
        "{broken:?}"
    );
    employee(&app, &t, "E2", &["lead"]).await;
    weekdays(&app, &t, "E2").await;
    let a = app
        .post(
            "/api/v1/schedules",
            &t,
            sched(1, "E2", "2026-03-03T10:15:00-05:00"),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    let broken = codes(&app, &t, sched(1, "E1", "2026-03-04T10:15:00-05:00")).await;
    assert_eq!(broken, ["event_already_assigned"]);

    // A page past the end still carries the count; an unknown employee is a bad reference.
    let past = app.get(&format!("{week}&page=9"), &t).await;
    assert_eq!(past.status, StatusCode::OK, "{past:?}");
    assert_eq!(past.body["total"], 3);
    assert_eq!(past.body["items"].as_array().unwrap().len(), 0);
    let a = app
        .post(
            "/api/v1/schedules/validate",
            &t,
            sched(1, "NOBODY", "2026-03-02T10:15:00-05:00"),
        )
        .await;
    a.assert_problem(422);
}

/// A query parameter of the wrong type, out of range or not a date answers 400 naming it; an
/// enum-like filter with an unknown value answers 400 instead of an empty page.
async fn query_errors_name_the_parameter_and_filters_take_known_values(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    for (path, field) in [
        ("/api/v1/events?page=abc", "page"),
        ("/api/v1/events?page=-1", "page"),
        (
            "/api/v1/schedules?per_page=99999999999999999999",
            "per_page",
        ),
        ("/api/v1/events?from=2027-13-01", "from"),
        ("/api/v1/events?store_number=abc", "store_number"),
        ("/api/v1/paperwork/daily?date=tomorrow", "date"),
        ("/api/v1/events?condition=Bogus", "condition"),
        ("/api/v1/events?condition=unstaffed", "condition"),
        ("/api/v1/events?event_type=Bogus", "event_type"),
        ("/api/v1/schedules?status=bogus", "status"),
        ("/api/v1/time-off?status=maybe", "status"),
        ("/api/v1/scheduler/runs?status=done", "status"),
    ] {
        let a = app.get(path, &t).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{path}: {a:?}");
        assert_eq!(
            a.headers["content-type"], "application/problem+json",
            "{path}"
        );
        assert_eq!(a.body["errors"][0]["field"], field, "{path}: {a:?}");
        assert!(
            a.body["detail"].as_str().unwrap().contains(field),
            "{path}: {a:?}"
        );
    }
    for path in [
        "/api/v1/events?condition=Unstaffed&event_type=Core",
        "/api/v1/schedules?status=cancelled",
        "/api/v1/time-off?status=pending",
        "/api/v1/scheduler/runs?status=completed",
    ] {
        assert_eq!(app.get(path, &t).await.status, StatusCode::OK, "{path}");
    }
}

/// The CSV import takes RFC 3339 times with an offset as the instant they name, beside the
/// local forms of the planning system's export.
async fn csv_times_with_an_offset_are_the_instant_they_name(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    let csv = "Project Name,Project Reference Number,Location MVID,Store Number,Store Name,Start Date/Time,Due Date/Time,Estimated Time\r\n\
        Core Offset,710001,MV1,1,S,2027-03-03T00:00:00-05:00,2027-03-03T23:59:00-05:00,60\r\n\
        Core Utc,710002,MV1,1,S,2027-03-03T05:00:00Z,2027-03-04T04:59:00+00:00,60\r\n\
        Core Local,710003,MV1,1,S,2027-03-03T00:00:00,2027-03-03 23:59,60\r\n";
    let a = import_csv(&app, &t, csv).await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    assert_eq!(a.body["created"], 3, "{a:?}");
    for r in [710001, 710002, 710003] {
        let e = app.get(&format!("/api/v1/events?q={r}"), &t).await.body["items"][0].clone();
        assert_eq!(e["start_datetime"], "2027-03-03T05:00:00Z", "{r}");
        assert_eq!(e["due_datetime"], "2027-03-04T04:59:00Z", "{r}");
    }
}

/// Cancelling frees the event; a new schedule at the cancelled one's time is accepted (validate
/// and create agree), and the cancelled row it replaces is audited as deleted.
async fn a_cancelled_schedule_gives_its_time_to_a_new_one(db: Db) {
    let app = spawn_app(db).await;
    let t = manager(&app).await;
    for id in ["C1", "C2"] {
        employee(&app, &t, id, &["lead"]).await;
        weekdays(&app, &t, id).await;
    }
    event(
        &app,
        &t,
        41,
        "Core",
        "2026-03-02T00:00:00-05:00",
        "2026-03-06T23:59:00-05:00",
    )
    .await;
    let at = "2026-03-03T10:15:00-05:00";
    let first = app.post("/api/v1/schedules", &t, sched(41, "C1", at)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
    let id = first.body["id"].as_i64().unwrap();
    let cancel = app
        .send(
            Method::PATCH,
            &format!("/api/v1/schedules/{id}"),
            Some(&t),
            Some(json!({"status": "cancelled"})),
        )
        .await;
    assert_eq!(cancel.status, StatusCode::OK, "{cancel:?}");
    for who in ["C2", "C1"] {
        assert_eq!(
            codes(&app, &t, sched(41, who, at)).await,
            Vec::<String>::new()
        );
    }
    let again = app.post("/api/v1/schedules", &t, sched(41, "C2", at)).await;
    assert_eq!(again.status, StatusCode::CREATED, "{again:?}");
    let list = app.get("/api/v1/schedules?event_ref_num=41", &t).await;
    assert_eq!(list.body["total"], 1, "{list:?}");
    assert_eq!(list.body["items"][0]["employee_id"], "C2");
    let deleted: Vec<Value> = app
        .audit_rows("resource_type=schedule")
        .await
        .into_iter()
        .filter(|r| r["action"] == "delete")
        .collect();
    assert_eq!(deleted.len(), 1, "{deleted:?}");
    assert_eq!(
        deleted[0]["resource_id"].to_string().trim_matches('"'),
        id.to_string()
    );
    let event = app.get("/api/v1/events?q=41", &t).await.body["items"][0].clone();
    assert_eq!(event["condition"], "Scheduled");
}
