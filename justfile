# Kairos tasks. `just --list` shows them; each wraps a script or cargo command.

# Start the whole app with demo data on SQLite.
start:
    ./scripts/start

# Run every check: fmt, clippy, tests on SQLite and PostgreSQL, web app checks.
test:
    ./scripts/test

# Regenerate the committed OpenAPI document and the web app's typed client made from it.
openapi:
    cargo run -q -p kairos-server -- openapi --output openapi/openapi.json
    cd frontend && npm run api-client

# Format everything.
fmt:
    cargo fmt --all

# Clippy with warnings as errors.
lint:
    cargo clippy --workspace --all-targets --all-features -- -D warnings

# Apply migrations to the configured database.
migrate:
    cargo run -q -p kairos-server -- migrate up

# Build a release binary.
release:
    cargo build --release -p kairos-server

# Regenerate the web app's typed API client from openapi/openapi.json.
api-client:
    cd frontend && npm run api-client

# Web app checks: API client freshness, tsc, eslint, unit tests, build (with the size budget).
web-check:
    cd frontend && npm run check

# Web app end-to-end tests: the real server (debug binary) driven by Chromium.
web-e2e:
    cargo build -q -p kairos-server --bin kairos
    cd frontend && npm run build && npm run e2e

# Web app dev server with hot reload, proxying /api to a server on 127.0.0.1:8080.
web-dev:
    cd frontend && npm run dev
