//! Document writers for Kairos exports: PDF, XLSX, iCalendar, CSV.
//!
//! Every writer is a pure function of its input that returns bytes; nothing
//! here touches the file system or the network, so the server can stream the
//! result straight into an HTTP response.

pub mod csv;
pub mod ical;
pub mod pdf;
pub mod xlsx;

mod xml;
mod zip;
