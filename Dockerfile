# Production image: the API and the worker are the same image with different commands.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY bench ./bench
COPY test ./test
# The development stand-ins (embedded PostgreSQL, s3rver, bundled ffmpeg) are optional dependencies: left out.
RUN npm run build && npm prune --omit=dev --omit=optional

FROM node:20-bookworm-slim
# ffmpeg from Debian (security updates); prlimit (util-linux) bounds each ffmpeg run.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg util-linux ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
