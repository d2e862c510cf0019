//! The modules that plug into the platform; `app.rs` lists them.

pub mod workforce;
