//! Demo data for `serve --demo`: a dozen employees, two weeks of events of every type, rotations,
//! time off, templates and some schedules, relative to today in the business time zone.

use crate::modules::workforce::service::{SCHEDULED, check_schedule, rule_config};
use crate::platform::crypto::Keys;
use chrono::{Datelike, Duration, NaiveTime, Utc};
use kairos_store::entities::{
    employee, event, paperwork_template, rotation_assignment, schedule, time_off, user,
    weekly_availability,
};
use kairos_store::workforce::monday_of;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter,
};
use serde_json::json;

const EMPLOYEES: &[(&str, &str, &[&str])] = &[
    ("E0001", "Jordan Smith", &["lead", "juicer"]),
    ("E0002", "Priya Patel", &["lead", "supervisor"]),
    ("E0003", "Marcus Chen", &["juicer", "specialist"]),
    ("E0004", "Aisha Johnson", &["specialist"]),
    ("E0005", "Diego Ramirez", &["specialist", "juicer"]),
    ("E0006", "Hannah Müller", &["lead"]),
    ("E0007", "Kwame Mensah", &["supervisor"]),
    ("E0008", "Sofia Rossi", &["specialist"]),
    ("E0009", "Liam O'Brien", &["lead", "specialist"]),
    ("E0010", "Mei Tanaka", &["specialist"]),
    ("E0011", "Noah Williams", &["supervisor", "lead"]),
    ("E0012", "Fatima Haddad", &["juicer"]),
];

/// The demo member account (see `bootstrap::DEMO_USERS`) and the employee it is linked to.
const MEMBER_EMAIL: &str = "member@example.com";
const MEMBER_EMPLOYEE: &str = "E0003";

const STORES: &[(i32, &str)] = &[
    (1234, "Main St"),
    (2210, "Riverside Plaza"),
    (3307, "Northgate"),
    (4150, "Lakeview"),
];

/// Fills an empty roster with demo data; does nothing when employees already exist.
pub async fn seed<C: ConnectionTrait>(conn: &C, keys: &Keys) -> Result<bool, DbErr> {
    if employee::Entity::find().count(conn).await? > 0 {
        return Ok(false);
    }
    let cfg = rule_config(conn, keys).await?;
    let today = cfg.local(Utc::now()).date();
    let monday = monday_of(today);
    let now = Utc::now();
    // The demo member account is Marcus Chen's, so self-service screens have someone to show.
    let member = user::Entity::find()
        .filter(user::Column::Email.eq(MEMBER_EMAIL))
        .one(conn)
        .await?
        .map(|u| u.id);
    for (i, (id, name, skills)) in EMPLOYEES.iter().enumerate() {
        employee::ActiveModel {
            id: Set((*id).to_owned()),
            name: Set((*name).to_owned()),
            email: Set(Some(format!(
                "{}@example.com",
                name.split(' ').next().unwrap_or("x").to_lowercase()
            ))),
            phone: Set(Some(format!("555-01{i:02}"))),
            active: Set(true),
            hire_date: Set(Some(today - Duration::days(200 + 40 * i as i64))),
            termination_date: Set(None),
            skills: Set(json!(skills)),
            notes: Set(None),
            user_id: Set(if *id == MEMBER_EMPLOYEE { member } else { None }),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(conn)
        .await?;
        // Most work weekdays 08:00-20:00; some have a shorter or different week.
        let days: Vec<i32> = match i % 4 {
            0 => vec![0, 1, 2, 3, 4],
            1 => vec![0, 1, 2, 3, 4, 5],
            2 => vec![1, 2, 3, 4, 5],
            _ => vec![0, 2, 4, 5, 6],
        };
        let (start, end) = if i % 5 == 4 { (9, 17) } else { (8, 20) };
        for d in days {
            weekly_availability::ActiveModel {
                employee_id: Set((*id).to_owned()),
                day_of_week: Set(d),
                start_time: Set(NaiveTime::from_hms_opt(start, 0, 0).unwrap_or_default()),
                end_time: Set(NaiveTime::from_hms_opt(end, 0, 0).unwrap_or_default()),
                effective_date: Set(None),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
    }
    for (id, start, end, status) in [
        ("E0004", 2, 3, "approved"),
        ("E0008", 8, 9, "pending"),
        ("E0010", 4, 4, "denied"),
    ] {
        time_off::ActiveModel {
            employee_id: Set(id.to_owned()),
            start_date: Set(monday + Duration::days(start)),
            end_date: Set(monday + Duration::days(end)),
            reason: Set(Some("Vacation".into())),
            status: Set(status.to_owned()),
            requested_at: Set(Some(now - Duration::days(5))),
            approved_by: Set((status != "pending").then(|| "1".to_owned())),
            approved_at: Set((status != "pending").then_some(now - Duration::days(4))),
            notes: Set(None),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    let juicers = ["E0001", "E0003", "E0005", "E0012"];
    let leads = ["E0002", "E0006", "E0009", "E0011"];
    for d in 0..14 {
        let date = monday + Duration::days(d);
        for (t, who) in [
            ("juicer", juicers[(d as usize) % 4]),
            ("primary_lead", leads[(d as usize) % 4]),
        ] {
            rotation_assignment::ActiveModel {
                employee_id: Set(who.to_owned()),
                date: Set(date),
                rotation_type: Set(t.to_owned()),
                assigned_at: Set(Some(now)),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
    }
    let mut reference = 606_000_i64;
    let mut created = vec![];
    for d in 0..14 {
        let date = monday + Duration::days(d);
        if date.weekday().num_days_from_monday() == 6 {
            continue;
        }
        let kinds: &[(&str, &str, i64)] = &[
            ("Core", "Core Reset", 6),
            ("Core", "Core Planogram Update", 6),
            ("Juicer", "Juicer Production", 1),
            ("Setup", "Demo Table Setup", 1),
            ("Demo", "Product Demo", 2),
            ("Other", "Shelf Audit", 3),
        ];
        for (k, (kind, title, window)) in kinds.iter().enumerate() {
            if (d + k as i64) % 3 == 2 && *kind == "Core" {
                continue;
            }
            reference += 1;
            let (number, store) = STORES[(d as usize + k) % STORES.len()];
            let start = cfg.day_start(date);
            let due = cfg.instant(
                (date + Duration::days(window - 1))
                    .and_hms_opt(23, 59, 0)
                    .unwrap_or_default(),
            );
            let e = event::ActiveModel {
                project_name: Set(format!("{title} - {store}")),
                project_ref_num: Set(reference),
                location_mvid: Set(Some(format!("MV{number}"))),
                store_number: Set(Some(number)),
                store_name: Set(Some(store.to_owned())),
                start_datetime: Set(start),
                due_datetime: Set(due),
                estimated_time: Set(None),
                event_type: Set((*kind).to_owned()),
                condition: Set("Unstaffed".to_owned()),
                last_synced: Set(None),
                sync_source: Set(None),
                external_id: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(conn)
            .await?;
            created.push(e);
        }
    }
    // Staff part of the first week by hand, through the rule checker, so the board has something
    // and the auto-scheduler still has work.
    let first_start = |kind: &str| -> Option<NaiveTime> {
        cfg.event_types
            .get(kind)
            .and_then(|t| t.start_times.first())
            .map(|c| {
                NaiveTime::from_hms_opt(u32::from(c.minutes() / 60), u32::from(c.minutes() % 60), 0)
                    .unwrap_or_default()
            })
    };
    let mut staffed = 0;
    for e in created
        .iter()
        .filter(|e| cfg.local(e.start_datetime).date() < monday + Duration::days(4))
        .step_by(2)
    {
        let Some(time) = first_start(&e.event_type) else {
            continue;
        };
        let at = cfg.instant(cfg.local(e.start_datetime).date().and_time(time));
        for (id, _, _) in EMPLOYEES {
            if check_schedule(conn, &cfg, e, id, at, None)
                .await?
                .is_empty()
            {
                schedule::ActiveModel {
                    event_ref_num: Set(e.project_ref_num),
                    employee_id: Set((*id).to_owned()),
                    schedule_datetime: Set(at),
                    created_at: Set(now),
                    created_by: Set(Some("demo".into())),
                    modified_at: Set(None),
                    status: Set(kairos_domain::workforce::status::ScheduleStatus::Confirmed
                        .as_str()
                        .into()),
                    notes: Set(None),
                    override_reason: Set(None),
                    ..Default::default()
                }
                .insert(conn)
                .await?;
                let mut row: event::ActiveModel = e.clone().into();
                row.condition = Set(SCHEDULED.to_owned());
                row.update(conn).await?;
                staffed += 1;
                break;
            }
        }
    }
    paperwork_template::ActiveModel {
        name: Set("Opening checklist".into()),
        description: Set(Some("Before the first event of the day".into())),
        template_type: Set("daily".into()),
        template_data: Set(json!({"items": ["Badge and uniform on", "Check in with the store manager", "Demo table clean and set up", "Samples counted and logged", "Photos of the finished display"]})),
        active: Set(true),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    paperwork_template::ActiveModel {
        name: Set("Closing checklist".into()),
        description: Set(None),
        template_type: Set("daily".into()),
        template_data: Set(
            json!({"items": ["Leftover samples returned", "Area cleaned", "Hours reported"]}),
        ),
        active: Set(true),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    tracing::info!(
        employees = EMPLOYEES.len(),
        events = created.len(),
        staffed,
        "demo data created"
    );
    Ok(true)
}
