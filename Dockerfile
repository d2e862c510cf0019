# Multi-stage build: compile kairos, then copy the binary (and the web app, when built) into a slim image.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p kairos-server

FROM node:22-bookworm-slim AS web
WORKDIR /web
COPY frontend/ ./
RUN if [ -f package.json ]; then npm ci --no-audit --no-fund && npm run build; else mkdir -p dist; fi

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/kairos kairos && mkdir -p /var/lib/kairos && chown kairos /var/lib/kairos
COPY --from=build /src/target/release/kairos /usr/local/bin/kairos
COPY --from=web /web/dist /usr/share/kairos/web
ENV KAIROS_BIND=0.0.0.0:8080 \
    KAIROS_DATA_DIR=/var/lib/kairos \
    KAIROS_FRONTEND_DIR=/usr/share/kairos/web \
    KAIROS_LOG_FORMAT=json
USER kairos
EXPOSE 8080
VOLUME /var/lib/kairos
ENTRYPOINT ["kairos"]
CMD ["serve"]
