//! HTTP plumbing every module uses: errors, bodies, query strings, pagination, validation, the
//! OpenAPI document and the web app's files.

pub mod body;
pub mod error;
pub mod lookup;
pub mod openapi;
pub mod pagination;
pub mod patch;
pub mod query;
pub mod rate_limit;
pub mod route_problem;
pub mod spa;
pub mod validation;
pub mod wire;
