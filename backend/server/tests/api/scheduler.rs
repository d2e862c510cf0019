//! The auto-scheduler over HTTP: run → review → approve, on both databases.

use crate::helpers::{Db, TestApp, spawn_app, spawn_app_with};
use crate::on_both_databases;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_databases!(
    a_run_proposes_and_changes_nothing_until_approved,
    a_second_run_while_one_is_in_progress_is_refused,
    approving_a_stale_proposal_is_refused_with_the_rule,
    concurrent_approvals_create_each_schedule_once,
    proposals_can_be_edited_and_rejected,
    the_daily_automatic_run_only_proposes,
    a_new_run_replaces_earlier_proposals_and_the_audit_keeps_them,
    an_event_keeps_one_open_exception_across_runs,
    a_rejection_can_keep_the_employee_off_the_event,
    a_run_never_proposes_a_start_that_has_passed,
);

async fn world(app: &TestApp) -> String {
    let t = app.user_with_role("manager").await.1;
    for (id, skills) in [
        ("A", vec!["lead", "specialist"]),
        ("B", vec!["lead", "supervisor"]),
        ("C", vec!["specialist"]),
        ("D", vec!["supervisor"]),
    ] {
        let a = app
            .post(
                "/api/v1/employees",
                &t,
                json!({"id": id, "name": format!("Emp {id}"), "skills": skills}),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED);
    }
    let mut r = 5000;
    for day in 2..=6 {
        for kind in ["Core", "Setup", "Demo", "Other"] {
            r += 1;
            let a = app
                .post("/api/v1/events", &t, json!({"project_name": format!("{kind} {r}"), "project_ref_num": r, "event_type": kind,
                    "start_datetime": format!("2026-03-0{day}T00:00:00-05:00"), "due_datetime": format!("2026-03-0{day}T23:59:00-05:00")}))
                .await;
            assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
        }
    }
    // Nobody can do this one: no employee has the juicer rotation.
    app.post("/api/v1/events", &t, json!({"project_name": "Juicer", "project_ref_num": 6000, "event_type": "Juicer",
        "start_datetime": "2026-03-02T00:00:00-05:00", "due_datetime": "2026-03-02T23:59:00-05:00"})).await;
    t
}

async fn run(app: &TestApp, t: &str) -> Value {
    let started = app
        .post(
            "/api/v1/scheduler/runs",
            t,
            json!({"date_range_start": "2026-03-02", "date_range_end": "2026-03-08"}),
        )
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{started:?}");
    let id = started.body["id"].as_i64().unwrap();
    for _ in 0..300 {
        let r = app.get(&format!("/api/v1/scheduler/runs/{id}"), t).await;
        if r.body["status"] != "running" {
            assert_eq!(r.body["status"], "completed", "{r:?}");
            return r.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the run did not finish");
}

/// Waits until no run is in progress.
async fn no_run_in_progress(app: &TestApp, t: &str) {
    for _ in 0..300 {
        if app
            .get("/api/v1/scheduler/runs?status=running", t)
            .await
            .body["total"]
            == 0
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("a run is still in progress");
}

async fn a_run_proposes_and_changes_nothing_until_approved(db: Db) {
    let app = spawn_app(db).await;
    let t = world(&app).await;
    let r = run(&app, &t).await;
    let (processed, assigned, failed) = (
        r["events_processed"].as_i64().unwrap(),
        r["events_assigned"].as_i64().unwrap(),
        r["events_failed"].as_i64().unwrap(),
    );
    assert_eq!(processed, 21);
    assert_eq!(
        assigned + failed,
        processed,
        "every considered event is one proposal or one exception"
    );
    let pending = app
        .get(
            &format!("/api/v1/pending-schedules?run_id={}&per_page=200", r["id"]),
            &t,
        )
        .await;
    assert_eq!(pending.body["total"].as_i64().unwrap(), assigned);
    for p in pending.body["items"].as_array().unwrap() {
        let c = p["confidence_score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c));
        assert!(p["reason"].as_str().unwrap().len() > 10);
    }
    let exceptions = app
        .get(
            &format!("/api/v1/schedule-exceptions?run_id={}", r["id"]),
            &t,
        )
        .await;
    assert_eq!(exceptions.body["total"].as_i64().unwrap(), failed);
    assert!(
        exceptions.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event_ref_num"] == 6000
                && e["event_name"] == "Juicer"
                && e["event_id"].as_i64().is_some()),
        "the list names the event: {exceptions:?}"
    );
    // Nothing scheduled, nothing marked.
    assert_eq!(app.get("/api/v1/schedules", &t).await.body["total"], 0);
    assert_eq!(
        app.get("/api/v1/events?condition=Scheduled", &t).await.body["total"],
        0
    );
    // Approve all: each proposal becomes a schedule, and the events are Scheduled.
    let all = app
        .post(
            &format!("/api/v1/scheduler/runs/{}/approve-all", r["id"]),
            &t,
            json!({}),
        )
        .await;
    assert_eq!(all.status, StatusCode::OK, "{all:?}");
    assert_eq!(
        all.body["approved"].as_array().unwrap().len() as i64,
        assigned
    );
    assert!(all.body["refused"].as_array().unwrap().is_empty());
    assert_eq!(
        app.get("/api/v1/schedules", &t).await.body["total"]
            .as_i64()
            .unwrap(),
        assigned
    );
    assert_eq!(
        app.get("/api/v1/events?condition=Scheduled", &t).await.body["total"]
            .as_i64()
            .unwrap(),
        assigned
    );
    // A second run has nothing left to place but the impossible one.
    let again = run(&app, &t).await;
    assert_eq!(again["events_processed"], 1);
}

async fn a_second_run_while_one_is_in_progress_is_refused(db: Db) {
    let app = spawn_app(db).await;
    let t = world(&app).await;
    use kairos_store::entities::scheduler_run;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let running = scheduler_run::ActiveModel {
        run_at: Set(chrono::Utc::now()),
        status: Set("running".into()),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    // Its proposals are not all written yet: "all" of them cannot be approved or rejected.
    for action in ["approve-all", "reject-all"] {
        let a = app
            .post(
                &format!("/api/v1/scheduler/runs/{}/{action}", running.id),
                &t,
                json!({}),
            )
            .await;
        assert!(
            a.assert_problem(409).contains("still in progress"),
            "{action}"
        );
    }
    let second = app
        .post(
            "/api/v1/scheduler/runs",
            &t,
            json!({"date_range_start": "2026-03-02", "date_range_end": "2026-03-08"}),
        )
        .await;
    assert!(second.assert_problem(409).contains("in progress"));
    app.post(
        "/api/v1/scheduler/runs",
        &t,
        json!({"date_range_start": "2026-03-08", "date_range_end": "2026-03-02"}),
    )
    .await
    .assert_problem(422);
    // A year chrono parses but nobody means.
    let odd = app
        .post(
            "/api/v1/scheduler/runs",
            &t,
            json!({"date_range_start": "+99999-12-01", "date_range_end": "+99999-12-02"}),
        )
        .await;
    odd.assert_problem(422);
    assert_eq!(
        odd.body["errors"][0]["field"], "date_range_start",
        "{odd:?}"
    );
}

async fn approving_a_stale_proposal_is_refused_with_the_rule(db: Db) {
    let app = spawn_app(db).await;
    let t = world(&app).await;
    let r = run(&app, &t).await;
    let pending = app
        .get(
            &format!("/api/v1/pending-schedules?run_id={}&per_page=200", r["id"]),
            &t,
        )
        .await;
    let p = pending.body["items"][0].clone();
    let employee = p["employee_id"].as_str().unwrap();
    // The employee goes on approved time off for every day of the week after the proposal was made.
    let to = app
        .post(
            &format!("/api/v1/employees/{employee}/time-off"),
            &t,
            json!({"start_date": "2026-03-02", "end_date": "2026-03-08"}),
        )
        .await;
    app.post(
        &format!("/api/v1/time-off/{}/approve", to.body["id"]),
        &t,
        json!({}),
    )
    .await;
    let refused = app
        .post(
            &format!("/api/v1/pending-schedules/{}/approve", p["id"]),
            &t,
            json!({}),
        )
        .await;
    refused.assert_problem(409);
    assert_eq!(
        refused.body["violations"][0]["code"],
        "outside_availability"
    );
    assert_eq!(
        app.get(&format!("/api/v1/pending-schedules/{}", p["id"]), &t)
            .await
            .body["reviewed"],
        false,
        "a refused proposal stays pending"
    );
    let all = app
        .post(
            &format!("/api/v1/scheduler/runs/{}/approve-all", r["id"]),
            &t,
            json!({}),
        )
        .await;
    let refused_ids: Vec<i64> = all.body["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["proposal_id"].as_i64().unwrap())
        .collect();
    assert!(refused_ids.contains(&p["id"].as_i64().unwrap()));
    let mine = app
        .get(&format!("/api/v1/schedules?employee_id={employee}"), &t)
        .await;
    assert_eq!(
        mine.body["total"], 0,
        "nothing was saved for the employee on leave"
    );
}

async fn concurrent_approvals_create_each_schedule_once(db: Db) {
    let app = spawn_app(db).await;
    let t = world(&app).await;
    let other = app.user_with_role("manager").await.1;
    let r = run(&app, &t).await;
    let assigned = r["events_assigned"].as_i64().unwrap();
    let path = format!("/api/v1/scheduler/runs/{}/approve-all", r["id"]);
    let (a, b) = tokio::join!(
        app.post(&path, &t, json!({})),
        app.post(&path, &other, json!({}))
    );
    assert!(
        a.status == StatusCode::OK && b.status == StatusCode::OK,
        "{a:?} {b:?}"
    );
    let approved =
        a.body["approved"].as_array().unwrap().len() + b.body["approved"].as_array().unwrap().len();
    assert_eq!(approved as i64, assigned);
    assert_eq!(
        app.get("/api/v1/schedules", &t).await.body["total"]
            .as_i64()
            .unwrap(),
        assigned
    );
    let one = app
        .get(&format!("/api/v1/pending-schedules?run_id={}", r["id"]), &t)
        .await
        .body["items"][0]["id"]
        .clone();
    app.post(
        &format!("/api/v1/pending-schedules/{one}/approve"),
        &t,
        json!({}),
    )
    .await
    .assert_problem(409);
}

/// A proposal's candidates: employee id → the codes of the rules moving it to them would break.
async fn candidates_of(
    app: &TestApp,
    t: &str,
    proposal: &Value,
) -> std::collections::BTreeMap<String, Vec<String>> {
    let r = app
        .get(
            &format!("/api/v1/pending-schedules/{}/candidates", proposal["id"]),
            t,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let list = r.body.as_array().unwrap();
    // Eligible first.
    let eligible: Vec<bool> = list.iter().map(|c| c["eligible"] == true).collect();
    assert!(eligible.windows(2).all(|w| w[0] >= w[1]), "{list:?}");
    list.iter()
        .map(|c| {
            let codes = c["violations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["code"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>();
            assert_eq!(c["eligible"], codes.is_empty(), "{c}");
            (c["employee_id"].as_str().unwrap().to_owned(), codes)
        })
        .collect()
}

async fn proposals_can_be_edited_and_rejected(db: Db) {
    let app = spawn_app(db).await;
    let t = world(&app).await;
    let r = run(&app, &t).await;
    let items = app
        .get(
            &format!("/api/v1/pending-schedules?run_id={}&per_page=200", r["id"]),
            &t,
        )
        .await
        .body["items"]
        .as_array()
        .unwrap()
        .clone();
    let core = items
        .iter()
        .find(|p| p["event_ref_num"] == 5001)
        .expect("the Monday core is proposed")
        .clone();
    // Moving it to someone without the skill is refused with the rule; to an able one, accepted.
    let bad = app
        .send(
            Method::PATCH,
            &format!("/api/v1/pending-schedules/{}", core["id"]),
            Some(&t),
            Some(json!({"employee_id": "D"})),
        )
        .await;
    bad.assert_problem(409);
    assert_eq!(bad.body["violations"][0]["code"], "missing_skill");
    // Whom it could go to: the verdicts PATCH would give, its own employee among the eligible.
    let verdicts = candidates_of(&app, &t, &core).await;
    assert_eq!(verdicts.len(), 4, "every active employee: {verdicts:?}");
    assert_eq!(
        verdicts[&core["employee_id"].as_str().unwrap().to_owned()],
        Vec::<String>::new()
    );
    assert!(
        verdicts["D"].contains(&"missing_skill".to_owned()),
        "{verdicts:?}"
    );
    let able = verdicts
        .iter()
        .find(|(id, broken)| broken.is_empty() && **id != core["employee_id"])
        .map(|(id, _)| id.clone())
        .expect("someone else may take the Monday core");
    let moved = app
        .send(
            Method::PATCH,
            &format!("/api/v1/pending-schedules/{}", core["id"]),
            Some(&t),
            Some(json!({"employee_id": able})),
        )
        .await;
    assert_eq!(
        moved.status,
        StatusCode::OK,
        "an eligible candidate is accepted: {moved:?}"
    );
    assert_eq!(moved.body["employee_id"], able.as_str());
    assert!(moved.body["confidence_score"].is_null(), "{moved:?}");
    let reason = moved.body["reason"].as_str().unwrap().to_owned();
    assert!(
        reason.starts_with(&format!(
            "Edited by a manager: Emp {able} ({able}) on 2026-03-02"
        )),
        "{reason}"
    );
    // An edit that changes nothing leaves the proposal as it is.
    let same = app
        .send(
            Method::PATCH,
            &format!("/api/v1/pending-schedules/{}", core["id"]),
            Some(&t),
            Some(json!({})),
        )
        .await;
    assert_eq!(same.status, StatusCode::OK, "{same:?}");
    assert_eq!(same.body["reason"], reason.as_str());
    // The run's other open proposals count: the Monday demo cannot go to whoever holds a
    // proposal for the Monday core (12:00-14:00 lies inside 10:15-16:45).
    let core_now = app
        .get(&format!("/api/v1/pending-schedules/{}", core["id"]), &t)
        .await
        .body;
    let demo = items
        .iter()
        .find(|p| p["event_ref_num"] == 5003)
        .expect("the Monday demo is proposed");
    let clash = app
        .send(
            Method::PATCH,
            &format!("/api/v1/pending-schedules/{}", demo["id"]),
            Some(&t),
            Some(json!({"employee_id": core_now["employee_id"]})),
        )
        .await;
    clash.assert_problem(409);
    let codes = |r: &crate::helpers::Answer| -> Vec<String> {
        r.body["violations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        codes(&clash).contains(&"overlaps_existing".to_owned()),
        "{clash:?}"
    );
    let holder = core_now["employee_id"].as_str().unwrap().to_owned();
    assert!(
        candidates_of(&app, &t, demo).await[&holder].contains(&"overlaps_existing".to_owned()),
        "the candidates say so too"
    );
    // At another time, asked for explicitly: 10:15 on Monday 2026-03-09 is past the run's range.
    let past = app
        .get(
            &format!(
                "/api/v1/pending-schedules/{}/candidates?schedule_datetime=2026-03-09T15:15:00Z",
                core["id"]
            ),
            &t,
        )
        .await;
    assert_eq!(past.status, StatusCode::OK, "{past:?}");
    for c in past.body.as_array().unwrap() {
        assert_eq!(c["eligible"], false, "{c}");
        assert!(
            c["violations"].to_string().contains("outside_horizon"),
            "{c}"
        );
    }
    app.get("/api/v1/pending-schedules/999999/candidates", &t)
        .await
        .assert_problem(404);
    // Rule 1: the run's range is the horizon (10:15 on Monday 2026-03-09, a day past it).
    let late = app
        .send(
            Method::PATCH,
            &format!("/api/v1/pending-schedules/{}", core["id"]),
            Some(&t),
            Some(json!({"schedule_datetime": "2026-03-09T14:15:00Z"})),
        )
        .await;
    late.assert_problem(409);
    assert!(
        codes(&late).contains(&"outside_horizon".to_owned()),
        "{late:?}"
    );
    let unchanged = app
        .get(&format!("/api/v1/pending-schedules/{}", demo["id"]), &t)
        .await;
    assert_eq!(unchanged.body["employee_id"], demo["employee_id"]);
    let rej = app
        .post(
            &format!("/api/v1/pending-schedules/{}/reject", core["id"]),
            &t,
            json!({}),
        )
        .await;
    assert_eq!(rej.body["approved"], false);
    // A reviewed proposal can no longer move, so it has no candidates.
    app.get(
        &format!("/api/v1/pending-schedules/{}/candidates", core["id"]),
        &t,
    )
    .await
    .assert_problem(409);
    let rest = app
        .post(
            &format!("/api/v1/scheduler/runs/{}/reject-all", r["id"]),
            &t,
            json!({}),
        )
        .await;
    assert_eq!(
        rest.body["rejected"].as_u64().unwrap() as usize,
        items.len() - 1
    );
    assert_eq!(
        app.get("/api/v1/events?condition=Scheduled", &t).await.body["total"],
        0,
        "rejecting changes no event"
    );
}

async fn the_daily_automatic_run_only_proposes(db: Db) {
    let app = spawn_app(db).await;
    let t = world(&app).await;
    kairos_server::modules::workforce::service::runs::automatic_tick(&app.state, false)
        .await
        .unwrap();
    assert_eq!(
        app.get("/api/v1/scheduler/runs", &t).await.body["total"],
        0,
        "off by default"
    );
    let admin = app.admin_token().await;
    for (k, v) in [
        ("auto_scheduler_enabled", json!(true)),
        ("auto_scheduler_time", json!("00:00")),
    ] {
        let a = app
            .send(
                Method::PUT,
                &format!("/api/v1/settings/{k}"),
                Some(&admin),
                Some(json!({"value": v})),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
    }
    kairos_server::modules::workforce::service::runs::automatic_tick(&app.state, false)
        .await
        .unwrap();
    let runs = app.get("/api/v1/scheduler/runs", &t).await;
    assert_eq!(runs.body["total"], 1);
    assert_eq!(runs.body["items"][0]["started_by"], "auto");
    no_run_in_progress(&app, &t).await;
    kairos_server::modules::workforce::service::runs::automatic_tick(&app.state, false)
        .await
        .unwrap();
    assert_eq!(
        app.get("/api/v1/scheduler/runs", &t).await.body["total"],
        1,
        "once per day"
    );
    // The job's "run now" starts one whatever the time and however many ran today.
    let now = app
        .post("/api/v1/jobs/auto_scheduler/run", &admin, json!({}))
        .await;
    assert_eq!(now.status, StatusCode::OK, "{now:?}");
    assert!(now.body["run"].is_object(), "{now:?}");
    let runs = app.get("/api/v1/scheduler/runs", &t).await;
    assert_eq!(runs.body["total"], 2, "{runs:?}");
    no_run_in_progress(&app, &t).await;
    assert_eq!(
        app.get("/api/v1/schedules", &t).await.body["total"],
        0,
        "automatic runs never schedule"
    );
}

/// A second run over the same events replaces the first run's proposals (one proposal per
/// event), and the audit log keeps what each replaced one was.
async fn a_new_run_replaces_earlier_proposals_and_the_audit_keeps_them(db: Db) {
    let app = spawn_app(db).await;
    let t = world(&app).await;
    let first = run(&app, &t).await;
    let proposals = |id: Value| {
        let app = &app;
        let t = &t;
        async move {
            app.get(
                &format!("/api/v1/pending-schedules?run_id={id}&per_page=200"),
                t,
            )
            .await
            .body["items"]
                .as_array()
                .unwrap()
                .clone()
        }
    };
    let before = proposals(first["id"].clone()).await;
    assert_eq!(
        before.len() as u64,
        first["events_assigned"].as_u64().unwrap()
    );
    assert!(!before.is_empty());
    let second = run(&app, &t).await;
    assert!(proposals(first["id"].clone()).await.is_empty());
    let open = proposals(second["id"].clone()).await;
    assert_eq!(
        open.len() as u64,
        second["events_assigned"].as_u64().unwrap()
    );
    let audit = app.audit_rows("resource_type=pending_schedule").await;
    let replaced = audit
        .iter()
        .find(|r| r["action"] == "supersede")
        .unwrap_or_else(|| panic!("no supersede record in {audit:?}"));
    let kept = replaced["changes"]["before"].as_array().unwrap();
    let mut kept_ids: Vec<i64> = kept.iter().map(|p| p["id"].as_i64().unwrap()).collect();
    let mut before_ids: Vec<i64> = before.iter().map(|p| p["id"].as_i64().unwrap()).collect();
    kept_ids.sort_unstable();
    before_ids.sort_unstable();
    assert_eq!(
        kept_ids, before_ids,
        "each replaced proposal is in the audit log"
    );
    assert!(kept.iter().all(|p| p["employee_id"].is_string()));
}

/// The unresolved exceptions of one event.
async fn open_exceptions_of(app: &TestApp, t: &str, event_ref: i64) -> Vec<Value> {
    let open = app
        .get("/api/v1/schedule-exceptions?resolved=false&per_page=200", t)
        .await;
    open.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event_ref_num"] == event_ref)
        .cloned()
        .collect()
}

async fn an_event_keeps_one_open_exception_across_runs(db: Db) {
    let app = spawn_app(db).await;
    let t = world(&app).await;
    // A subscriber, so that each announcement is queued where the test can count it (port 9
    // on this machine: nothing listens, and nothing here needs it delivered).
    use kairos_store::entities::{outbox, webhook_endpoint};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
    webhook_endpoint::ActiveModel {
        name: Set("counter".into()),
        url: Set("http://127.0.0.1:9/hook".into()),
        secret_sealed: Set(String::new()),
        event_types: Set(json!(["schedule_exception.created"])),
        active: Set(true),
        created_at: Set(chrono::Utc::now()),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    let first = run(&app, &t).await;
    let before = open_exceptions_of(&app, &t, 6000).await;
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0]["run_id"], first["id"]);
    // The same verdict again: the open exception is this run's now, not a second one.
    let second = run(&app, &t).await;
    let after = open_exceptions_of(&app, &t, 6000).await;
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0]["id"], before[0]["id"]);
    assert_eq!(after[0]["run_id"], second["id"]);
    assert_eq!(after[0]["detected_at"], before[0]["detected_at"]);
    let of_second = app
        .get(
            &format!("/api/v1/schedule-exceptions?run_id={}", second["id"]),
            &t,
        )
        .await;
    assert_eq!(of_second.body["total"], second["events_failed"]);
    // Announced once, when it was first found.
    let announced = outbox::Entity::find()
        .filter(outbox::Column::EventType.eq("schedule_exception.created"))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.payload.contains("\"event_ref_num\":6000"))
        .count();
    assert_eq!(announced, 1);
    // Once a run can place the event, the exception is resolved by that run.
    let e = app
        .post(
            "/api/v1/employees",
            &t,
            json!({"id": "J", "name": "Emp J", "skills": ["juicer"]}),
        )
        .await;
    assert_eq!(e.status, StatusCode::CREATED, "{e:?}");
    let rot = app
        .send(
            Method::PUT,
            "/api/v1/rotations",
            Some(&t),
            Some(json!({"date": "2026-03-02", "rotation_type": "juicer", "employee_id": "J"})),
        )
        .await;
    assert!(rot.status.is_success(), "{rot:?}");
    let third = run(&app, &t).await;
    assert!(open_exceptions_of(&app, &t, 6000).await.is_empty());
    let done = app
        .get("/api/v1/schedule-exceptions?resolved=true&per_page=200", &t)
        .await;
    let mine = done.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == before[0]["id"])
        .cloned()
        .unwrap_or_else(|| panic!("not resolved: {done:?}"));
    assert_eq!(
        mine["resolved_by"],
        format!("scheduler_run:{}", third["id"])
    );
    // The filters take only the values exceptions have.
    for q in ["exception_type=bogus", "severity=fatal"] {
        let bad = app
            .get(&format!("/api/v1/schedule-exceptions?{q}"), &t)
            .await;
        assert!(bad.assert_problem(400).contains("is not one of"), "{bad:?}");
    }
}

async fn a_rejection_can_keep_the_employee_off_the_event(db: Db) {
    let app = spawn_app(db).await;
    let t = world(&app).await;
    let proposal_for = |r: Value, event_ref: i64| {
        let app = &app;
        let t = &t;
        async move {
            app.get(
                &format!("/api/v1/pending-schedules?run_id={}&per_page=200", r["id"]),
                t,
            )
            .await
            .body["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["event_ref_num"] == event_ref)
                .cloned()
        }
    };
    let first = run(&app, &t).await;
    let core = proposal_for(first, 5001)
        .await
        .expect("the Monday core is proposed");
    let who = core["employee_id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/pending-schedules/{}/reject", core["id"]);
    // A value that is not a boolean is refused, and nothing changes.
    app.post(&format!("{path}?exclude_employee=maybe"), &t, json!({}))
        .await
        .assert_problem(400);
    let id = app.get("/api/v1/events?q=5001", &t).await.body["items"][0]["id"].clone();
    assert!(id.is_i64(), "the event's id");
    app.get(&format!("/api/v1/events/{id}/scheduling-override"), &t)
        .await
        .assert_problem(404);
    let rejected = app
        .post(&format!("{path}?exclude_employee=true"), &t, json!({}))
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{rejected:?}");
    assert_eq!(rejected.body["approved"], false);
    let kept = app
        .get(&format!("/api/v1/events/{id}/scheduling-override"), &t)
        .await;
    assert_eq!(kept.body["excluded_employee_ids"], json!([who]), "{kept:?}");
    assert_eq!(
        kept.body["notes"],
        format!(
            "{who} kept off when a manager rejected proposal {}",
            core["id"]
        )
        .as_str()
    );
    assert_eq!(
        app.audit_rows("resource_type=scheduling_override&resource_id=5001")
            .await
            .len(),
        1
    );
    // The next run proposes the Monday core again, to someone else.
    let again = proposal_for(run_again(&app, &t).await, 5001)
        .await
        .expect("another employee can take the Monday core");
    assert_ne!(again["employee_id"], who.as_str(), "{again}");
    // Required employees cannot be kept off: the override would then allow nobody.
    let other = proposal_for(run_again(&app, &t).await, 5002)
        .await
        .expect("the Monday setup is proposed");
    let setup_id = app.get("/api/v1/events?q=5002", &t).await.body["items"][0]["id"].clone();
    let put = app
        .send(
            Method::PUT,
            &format!("/api/v1/events/{setup_id}/scheduling-override"),
            Some(&t),
            Some(
                json!({"required_employee_id": other["employee_id"], "excluded_employee_ids": []}),
            ),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{put:?}");
    app.post(
        &format!(
            "/api/v1/pending-schedules/{}/reject?exclude_employee=true",
            other["id"]
        ),
        &t,
        json!({}),
    )
    .await
    .assert_problem(409);
    let still = app
        .get(&format!("/api/v1/pending-schedules/{}", other["id"]), &t)
        .await;
    assert_eq!(
        still.body["reviewed"], false,
        "a refused rejection changes nothing"
    );
}

async fn run_again(app: &TestApp, t: &str) -> Value {
    no_run_in_progress(app, t).await;
    run(app, t).await
}

/// Started at 11:20 on Monday 2026-03-02 (business time): today's earlier starts are not
/// offered, and an event already past its due time is not considered at all.
async fn a_run_never_proposes_a_start_that_has_passed(db: Db) {
    let app = spawn_app_with(db, |c| {
        c.clock =
            kairos_server::platform::config::Clock::Fixed("2026-03-02T16:20:00Z".parse().unwrap());
    })
    .await;
    let t = app.user_with_role("manager").await.1;
    let a = app
        .post(
            "/api/v1/employees",
            &t,
            json!({"id": "A", "name": "Emp A", "skills": ["lead", "supervisor"]}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED);
    for (r, kind, due) in [
        // Core starts 10:15–11:45: only 11:45 is still ahead.
        (7001, "Core", "2026-03-02T23:59:00-05:00"),
        // Setup starts 10:00–10:45: none left today, and the window ends today.
        (7002, "Setup", "2026-03-02T23:59:00-05:00"),
        // The same with tomorrow in its window: proposed tomorrow.
        (7003, "Setup", "2026-03-03T23:59:00-05:00"),
        // Due at 11:00 today: past.
        (7004, "Other", "2026-03-02T11:00:00-05:00"),
    ] {
        let e = app
            .post("/api/v1/events", &t, json!({"project_name": format!("{kind} {r}"), "project_ref_num": r, "event_type": kind,
                "start_datetime": "2026-03-02T00:00:00-05:00", "due_datetime": due}))
            .await;
        assert_eq!(e.status, StatusCode::CREATED, "{e:?}");
    }
    let r = run(&app, &t).await;
    assert_eq!(r["events_processed"], 3, "{r:?}");
    assert_eq!(r["events_assigned"], 2, "{r:?}");
    let pending = app
        .get(&format!("/api/v1/pending-schedules?run_id={}", r["id"]), &t)
        .await;
    let at = |event: i64| -> chrono::DateTime<chrono::Utc> {
        let p = pending.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["event_ref_num"] == event)
            .unwrap_or_else(|| panic!("no proposal for {event}: {pending:?}"));
        p["schedule_datetime"].as_str().unwrap().parse().unwrap()
    };
    assert_eq!(
        at(7001),
        "2026-03-02T16:45:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    assert_eq!(
        at(7003).date_naive(),
        "2026-03-03".parse::<chrono::NaiveDate>().unwrap()
    );
    let exceptions = app
        .get(
            &format!("/api/v1/schedule-exceptions?run_id={}", r["id"]),
            &t,
        )
        .await;
    let items = exceptions.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{exceptions:?}");
    assert_eq!(items[0]["event_ref_num"], 7002);
    assert!(
        items[0]["message"]
            .as_str()
            .unwrap()
            .contains("window 2026-03-02 11:20 to 2026-03-02 23:59"),
        "the window is given from now on: {exceptions:?}"
    );
}
