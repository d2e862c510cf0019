//! Approving every open proposal of a run at once, in one transaction, each re-checked.

use crate::modules::workforce::dto::scheduler::*;
use crate::modules::workforce::service::runs::{self, Approval};
use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::state::AppState;
use kairos_store::workforce::RuleConfig;

/// Approves what still fits of run `id`'s open proposals; the rest stay open, each with its reason.
pub async fn approve_all(
    state: &AppState,
    caller: &Caller,
    cfg: &RuleConfig,
    id: i32,
) -> ApiResult<ApprovalReport> {
    let txn = kairos_store::begin_write(&state.db).await?;
    runs::lock_finished_run(&txn, id).await?;
    let mut report = ApprovalReport {
        approved: vec![],
        refused: vec![],
    };
    for p in runs::open_proposals(&txn, id).await? {
        match runs::approve_one(&txn, cfg, caller, &p).await? {
            Approval::Approved(s) => report.approved.push(Approved {
                proposal_id: p.id,
                schedule_id: s.id,
            }),
            Approval::Refused(v) => report.refused.push(Refused {
                proposal_id: p.id,
                event_ref_num: p.event_ref_num,
                violations: crate::modules::workforce::service::violations(&v),
            }),
        }
    }
    txn.commit().await?;
    Ok(report)
}
