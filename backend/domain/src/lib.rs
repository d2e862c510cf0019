//! Pure scheduling logic for Kairos: no web, no database types live here.
