//! Kairos persistence: sea-orm entities (one file per table), connection and queries.
