//! Schedules with their event and employee, as exports, feeds and paperwork print them.

use chrono::{DateTime, Duration, Utc};
use kairos_store::entities::{employee, event, schedule};
use kairos_store::workforce::{CANCELLED, RuleConfig, events_by_ref};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// One schedule, ready to print.
pub struct ScheduleLine {
    pub schedule: schedule::Model,
    pub event: event::Model,
    pub employee_name: String,
    pub end: DateTime<Utc>,
}

impl ScheduleLine {
    pub fn minutes(&self) -> i64 {
        (self.end - self.schedule.schedule_datetime).num_minutes()
    }

    pub fn store(&self) -> String {
        match (&self.event.store_number, &self.event.store_name) {
            (Some(n), Some(s)) => format!("#{n} {s}"),
            (Some(n), None) => format!("#{n}"),
            (None, Some(s)) => s.clone(),
            (None, None) => String::new(),
        }
    }
}

/// Active schedules starting in `[from, to)`, optionally of one employee, in start order.
pub async fn schedule_lines<C: ConnectionTrait>(
    conn: &C,
    cfg: &RuleConfig,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    employee_id: Option<&str>,
) -> Result<Vec<ScheduleLine>, DbErr> {
    let mut q = schedule::Entity::find()
        .filter(schedule::Column::Status.ne(CANCELLED))
        .filter(schedule::Column::ScheduleDatetime.gte(from))
        .filter(schedule::Column::ScheduleDatetime.lt(to));
    if let Some(e) = employee_id {
        q = q.filter(schedule::Column::EmployeeId.eq(e));
    }
    let schedules = q
        .order_by_asc(schedule::Column::ScheduleDatetime)
        .order_by_asc(schedule::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<String> = schedules.iter().map(|s| s.employee_id.clone()).collect();
    let events = events_by_ref(conn, schedules.iter().map(|s| s.event_ref_num)).await?;
    let names: HashMap<String, String> = employee::Entity::find()
        .filter(employee::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    Ok(schedules
        .into_iter()
        .filter_map(|s| {
            let event = events.get(&s.event_ref_num)?.clone();
            let end = s.schedule_datetime + Duration::minutes(cfg.minutes_of(&event));
            Some(ScheduleLine {
                employee_name: names
                    .get(&s.employee_id)
                    .cloned()
                    .unwrap_or_else(|| s.employee_id.clone()),
                schedule: s,
                event,
                end,
            })
        })
        .collect())
}
