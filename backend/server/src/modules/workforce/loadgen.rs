//! Bulk data for load tests (`kairos seed-load`): many events and schedules, inserted in batches.

use crate::modules::workforce::service::rule_config;
use crate::platform::crypto::Keys;
use chrono::{Duration, NaiveTime, Utc};
use kairos_store::entities::{employee, event, schedule};
use kairos_store::workforce::monday_of;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde_json::json;

const BATCH: usize = 500;
const KINDS: [&str; 5] = ["Core", "Juicer", "Setup", "Demo", "Other"];

/// Inserts `employees` employees (`L0000…`), `events` events spread from a year ago onwards (about
/// 150 a day), and one schedule for each of the first `schedules` events.
pub async fn seed<C: ConnectionTrait>(
    conn: &C,
    keys: &Keys,
    employees: usize,
    events: usize,
    schedules: usize,
) -> Result<(), DbErr> {
    let cfg = rule_config(conn, keys).await?;
    let now = Utc::now();
    let first_day = monday_of(cfg.local(now).date()) - Duration::days(364);
    let rows: Vec<employee::ActiveModel> = (0..employees)
        .map(|i| employee::ActiveModel {
            id: Set(format!("L{i:04}")),
            name: Set(format!("Load Employee {i}")),
            email: Set(None),
            phone: Set(None),
            active: Set(true),
            hire_date: Set(None),
            termination_date: Set(None),
            skills: Set(json!(["lead", "specialist", "juicer", "supervisor"])),
            notes: Set(None),
            user_id: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    for chunk in rows.chunks(BATCH) {
        employee::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await?;
    }
    let per_day = 150;
    let mut batch = Vec::with_capacity(BATCH);
    let mut sched = Vec::with_capacity(BATCH);
    for i in 0..events {
        let day = first_day + Duration::days((i / per_day) as i64);
        let kind = KINDS[i % KINDS.len()];
        let start = cfg.day_start(day);
        batch.push(event::ActiveModel {
            project_name: Set(format!("{kind} load event {i}")),
            project_ref_num: Set(10_000_000 + i as i64),
            location_mvid: Set(None),
            store_number: Set(Some((i % 400) as i32)),
            store_name: Set(Some(format!("Store {}", i % 400))),
            start_datetime: Set(start),
            due_datetime: Set(start + Duration::days(7)),
            estimated_time: Set(Some(60)),
            event_type: Set(kind.to_owned()),
            condition: Set(if i < schedules {
                "Scheduled"
            } else {
                "Unstaffed"
            }
            .to_owned()),
            last_synced: Set(None),
            sync_source: Set(None),
            external_id: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        if i < schedules && employees > 0 {
            let at =
                cfg.instant(day.and_time(
                    NaiveTime::from_hms_opt(8 + (i % 10) as u32, 0, 0).unwrap_or_default(),
                ));
            sched.push(schedule::ActiveModel {
                event_ref_num: Set(10_000_000 + i as i64),
                employee_id: Set(format!("L{:04}", i % employees)),
                schedule_datetime: Set(at),
                created_at: Set(now),
                created_by: Set(Some("seed-load".into())),
                modified_at: Set(None),
                status: Set(kairos_domain::workforce::status::ScheduleStatus::Confirmed
                    .as_str()
                    .into()),
                notes: Set(None),
                override_reason: Set(None),
                ..Default::default()
            });
        }
        if batch.len() == BATCH {
            event::Entity::insert_many(std::mem::take(&mut batch))
                .exec(conn)
                .await?;
            if !sched.is_empty() {
                schedule::Entity::insert_many(std::mem::take(&mut sched))
                    .exec(conn)
                    .await?;
            }
        }
    }
    if !batch.is_empty() {
        event::Entity::insert_many(batch).exec(conn).await?;
    }
    if !sched.is_empty() {
        schedule::Entity::insert_many(sched).exec(conn).await?;
    }
    // What a DBA does after a bulk load (and autovacuum would do later): fresh planner
    // statistics, and on PostgreSQL a visibility map that allows index-only scans.
    let after_bulk_load = match conn.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    conn.execute_unprepared(after_bulk_load).await?;
    Ok(())
}
