# syntax=docker/dockerfile:1
# The API and the worker are this one image with different commands (see docker-compose.yml).
# The Node line is the one CI tests on (.nvmrc) and package.json's engines allow.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

# Compile the server (src + migrations, tsconfig.build.json) and the console.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/client/package.json ./packages/client/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY openapi ./openapi
COPY packages/client ./packages/client
COPY src ./src
COPY migrations ./migrations
RUN npm run build && chmod 755 dist/src/cli.js

# Production dependencies only: no dev tools and none of the optional stand-ins
# (embedded database and object store, npm-bundled ffmpeg) that development uses.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/client/package.json ./packages/client/
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# ffmpeg from Debian (security updates); prlimit (util-linux) bounds each ffmpeg run.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg util-linux ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/data
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The operator CLI on PATH (`vault tenant:create acme`), running the built code.
# DATA_DIR belongs to the runtime user, so a named volume mounted there starts out owned by it.
# Besides DATA_DIR only /tmp is written (the worker's heartbeat), so the root filesystem can be read-only.
RUN ln -s /app/dist/src/cli.js /usr/local/bin/vault \
 && mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=6s --start-period=60s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
CMD ["node", "dist/src/main.js"]
