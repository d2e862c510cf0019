# Kairos tasks. `just --list` shows them; each wraps a script or cargo command.

# Start the whole app with demo data on SQLite.
start:
    ./scripts/start

# Run every check: fmt, clippy, tests on SQLite and PostgreSQL, web app checks.
test:
    ./scripts/test

# Regenerate the committed OpenAPI document.
openapi:
    cargo run -q -p kairos-server -- openapi --output openapi/openapi.json

# Format everything.
fmt:
    cargo fmt --all

# Clippy with warnings as errors.
lint:
    cargo clippy --workspace --all-targets -- -D warnings

# Apply migrations to the configured database.
migrate:
    cargo run -q -p kairos-server -- migrate up

# Build a release binary.
release:
    cargo build --release -p kairos-server
