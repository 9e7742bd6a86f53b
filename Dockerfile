# syntax=docker/dockerfile:1
# Identity twin API. The app runs its TypeScript directly with tsx (`npm start` = `tsx src/main.ts`),
# and tsx is a devDependency, so the runtime image keeps the full node_modules from `npm ci`.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# A heap cap makes V8 collect before it grows: 768 MB holds a 100k-people tenant (docs/benchmarks.md).
ENV HOST=0.0.0.0 \
    PORT=4000 \
    NODE_OPTIONS=--max-old-space-size=1024
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json package-lock.json tsconfig.json ./
COPY --chown=node:node src ./src
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
VOLUME ["/app/.data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["npm", "start"]
