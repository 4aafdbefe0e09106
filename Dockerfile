# syntax=docker/dockerfile:1

# Build a static binary; the caches keep modules and build results between builds.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orglife ./cmd/orglife

# Alpine rather than distroless: HEALTHCHECK needs wget. Zone data is embedded in the
# binary (time/tzdata), so only CA certificates are added, for HTTPS to api.telegram.org.
FROM alpine:3.20
RUN apk add --no-cache ca-certificates \
    && addgroup -g 10001 orglife \
    && adduser -D -H -u 10001 -G orglife orglife
COPY --from=build /out/orglife /usr/local/bin/orglife
# Reference copy of the defaults (they are also embedded); to change settings, mount a
# file of overrides and point ORGLIFE_CONFIG at it, or set the environment variables.
COPY configs/orglife.yaml /etc/orglife/orglife.yaml
ENV ORGLIFE_HTTP_ADDR=0.0.0.0:8080
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD wget -qO- http://127.0.0.1:8080/healthz >/dev/null || exit 1
ENTRYPOINT ["/usr/local/bin/orglife"]
