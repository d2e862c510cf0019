//! The roster and each employee's availability, one file per sub-resource.

mod availability;
mod dates;
mod overrides;
mod roster;
mod weekly;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    roster::configure(cfg);
    weekly::configure(cfg);
    availability::configure(cfg);
    dates::configure(cfg);
    overrides::configure(cfg);
}
