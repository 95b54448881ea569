# liveperson-nht-exporter: Prometheus and OpenTelemetry exporter for LivePerson Net Handle Time.
#
#   docker build -t liveperson-nht-exporter .
#   docker run --rm -p 9818:9818 liveperson-nht-exporter --demo
#
# Four stages: `deps` installs the production dependencies only, `build` compiles TypeScript
# with the dev dependencies, `compile-cache` writes Node's compile cache of the exporter, and the
# runtime stage gets dist/, the production node_modules and that cache.
#
# Runtime base: distroless Node.js 24 LTS (Debian 12), tag `nonroot`. Why distroless rather
# than node:24-bookworm-slim: no shell, no package manager, no npm in the running image, so
# fewer packages to patch and nothing for an intruder to use; it is also smaller. The cost is
# no shell for `docker exec` debugging (use `kubectl debug` with an ephemeral container).
# Pin both bases by digest in production builds (`FROM node:24-bookworm-slim@sha256:...`).

ARG NODE_BUILD_IMAGE=node:24-bookworm-slim
ARG NODE_RUNTIME_IMAGE=gcr.io/distroless/nodejs24-debian12:nonroot

FROM ${NODE_BUILD_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts stay off: no production dependency needs one, and none should run at build time.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_BUILD_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Node's compile cache (Node 22.1 and later, turned on by NODE_COMPILE_CACHE): V8's compiled code
# of the bundle and the dependencies a start loads (`--version` loads them too), so that a
# container starts without compiling them (docs/benchmarks.md). Written by the runtime image's
# own Node, as the runtime's user, with the files at the paths they have at run time: Node reads
# a cache only for the same version, user and files.
FROM ${NODE_RUNTIME_IMAGE} AS compile-cache
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER 65532:65532
ENV NODE_COMPILE_CACHE=/tmp/node-compile-cache
RUN ["/nodejs/bin/node", "/app/dist/main.js", "--version"]

FROM ${NODE_RUNTIME_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="liveperson-nht-exporter" \
  org.opencontainers.image.description="Prometheus and OpenTelemetry exporter for LivePerson Net Handle Time (NHT) per skill" \
  org.opencontainers.image.licenses="Apache-2.0" \
  org.opencontainers.image.version="${VERSION}" \
  org.opencontainers.image.revision="${REVISION}" \
  org.opencontainers.image.created="${CREATED}" \
  org.opencontainers.image.base.name="gcr.io/distroless/nodejs24-debian12:nonroot"
ENV NODE_ENV=production
# Garbage collection sized for the exporter: without a heap limit Node lets garbage pile up to
# several times the live data before collecting it, and Node 24's young generation alone can take
# 128 MiB. A 160 MiB heap holds the default ceiling of 20,000 skills (NHT_MAX_SKILLS) with room;
# figures and larger accounts: docs/deployment.md#memory-and-cpu. The benchmarks (test/bench) run
# the exporter with this line. An ENV rather than ENTRYPOINT flags, so that `docker run -e
# NODE_OPTIONS=...` or a Kubernetes env entry can change it.
ENV NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=160"
# glibc's malloc raises its mmap threshold to the size of any large block freed, so after the
# first poll the 16 MB pages of /metrics and the OTLP encodings come from its main heap, whose
# freed memory stays resident (70 to 80 MiB of it at 20,000 skills). A fixed threshold keeps
# every block over 128 KiB in a mapping of its own, returned to the system when freed.
ENV MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
# Owned by root and only readable by the exporter's user: the process cannot change its own code.
# package.json is needed at run time: it makes dist/ ES modules ("type": "module") and gives the version.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read-only to the exporter like its code: it reads the cache and never rewrites it, so a
# read-only root filesystem changes nothing. A container run as another user starts without it.
COPY --from=compile-cache /tmp/node-compile-cache ./node-compile-cache
ENV NODE_COMPILE_CACHE=/app/node-compile-cache
# 65532 is distroless's `nonroot`; numeric so that Kubernetes runAsNonRoot can verify it.
USER 65532:65532
EXPOSE 9818
# Node runs as PID 1 and main.ts stops on SIGTERM (and SIGINT) within a few seconds, so no init
# process is needed; `docker run --init` does no harm either.
STOPSIGNAL SIGTERM
# Distroless has no shell and no curl, but it has node: the check fetches /healthz on PORT.
# Kubernetes ignores HEALTHCHECK and uses the probes of deploy/kubernetes instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/nodejs/bin/node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 9818) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and gets the signals. Arguments after the image name are exporter
# flags: `docker run liveperson-nht-exporter --demo`.
ENTRYPOINT ["/nodejs/bin/node", "--enable-source-maps", "/app/dist/main.js"]
