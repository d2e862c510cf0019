//! Document writers for Kairos exports: PDF (krilla, with Liberation Sans embedded), XLSX
//! (rust_xlsxwriter), iCalendar (calcard) and CSV (csv), plus the report parts the printable
//! documents share.
//!
//! Every writer is a pure function of its input that returns bytes; nothing here touches the
//! file system or the network, so the server can stream the result straight into an HTTP
//! response.

pub mod csv;
pub mod ical;
pub mod pdf;
pub mod report;
pub mod xlsx;
