# syntax=docker/dockerfile:1
# Node 20, the version Parley targets (package.json engines), on the same Debian bookworm-slim as before.
# Build stage: compiles TypeScript and better-sqlite3's native addon, then drops dev dependencies.
FROM node:20-bookworm-slim AS build
# better-sqlite3 12.10 and later publish no prebuilt binary for Node 20, so npm ci compiles it: it needs
# python3, make and g++, and takes Node's headers from the image instead of downloading them.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
COPY test ./test
COPY vitest.config.ts ./
RUN npm run build && npm prune --omit=dev

# Runtime stage: production dependencies and compiled code only, as the unprivileged `node` user (uid 1000).
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY package.json ./
COPY config ./config
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 9464
# `parley health` asks /healthz at server.host and server.port of the same config/parley.yaml, so the
# check follows the port wherever it is set (with server.port 0 there is nothing to ask: it passes).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "dist/src/main.js", "health"]
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["start"]
