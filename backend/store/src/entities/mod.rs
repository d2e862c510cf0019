//! Every table's sea-orm entity by name, wherever its module keeps it (`platform::entities`,
//! `workforce::entities`); one file per table, behaviour in the server's use cases.

pub use crate::platform::entities::*;
pub use crate::workforce::entities::*;
