//! Authentication: password hashing, tokens, sessions, API keys and the caller extractor.

pub mod caller;
pub mod passwords;
pub mod people;
pub mod principal;
pub mod sessions;
pub mod tokens;

pub use caller::{Caller, ClientInfo};
pub use principal::Principal;
