//! Document writers for Kairos exports: PDF, XLSX, iCalendar, CSV.
