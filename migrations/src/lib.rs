//! Kairos schema migrations.
