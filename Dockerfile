# syntax=docker/dockerfile:1
# Identity twin API: compiled JavaScript (dist/) on Node.js, production dependencies only.
#
#   build    npm ci (with devDependencies: TypeScript, Vite), npm run build → /app/dist and the admin
#            console's static files → /app/console/dist
#   deps     npm ci --omit=dev → /app/node_modules without any devDependency
#   runtime  dist/ + console/dist (static files only) + package files + production node_modules,
#            non-root, `node dist/main.js` (which serves the console at /)
#
# No simulator, demo, test, tsx or other devDependency reaches the runtime image. `npm run docker:dry-run`
# performs these steps without a Docker engine (tools/docker/dry-run.mjs reads this file).
#
# Node.js 26 (Lithium) is the Active LTS line (LTS since 2026-10-28, end of life 2029-04-30); Debian 13.
ARG NODE_IMAGE=node:26-trixie-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY console ./console
RUN npm run build

FROM ${NODE_IMAGE} AS deps
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# A heap cap makes V8 collect before it grows: 768 MB holds a 100k-people tenant (docs/benchmarks.md).
# Source maps turn stack traces in the logs into src/ file and line numbers.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    NODE_OPTIONS="--max-old-space-size=1024 --enable-source-maps"
WORKDIR /app
# The code stays owned by root (read-only to the service user); only .data is the service's to write.
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/console/dist ./console/dist
RUN mkdir -p .data && chown node:node .data
USER node
EXPOSE 4000
VOLUME ["/app/.data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
