# syntax=docker/dockerfile:1
# One image for every process: the API (default CMD), the worker (`node apps/worker/dist/main.js`)
# and migrations (`npm run migration:run`). See docker-compose.yml.

# ---- build: install everything, compile, then drop dev dependencies --------------------------------
FROM node:22-bookworm-slim AS build
WORKDIR /app
# The whole context (minus .dockerignore): npm ci needs every workspace's package.json anyway.
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund
# Only what runs: each workspace's package.json (its `exports` point at dist/) and dist/, the
# files read at run time next to dist/ (the intake page's templates and assets, its message
# files), plus the compiled migrations. Sources, tests and tsconfig files stay behind.
RUN set -eu; mkdir -p /out/migrations; cp -r migrations/dist /out/migrations/dist; \
    for dir in apps/* libs/*; do \
      mkdir -p "/out/$dir"; cp "$dir/package.json" "/out/$dir/"; \
      for runtime in dist views public locales; do \
        if [ -d "$dir/$runtime" ]; then cp -r "$dir/$runtime" "/out/$dir/"; fi; \
      done; \
      if [ -d "$dir/node_modules" ]; then cp -r "$dir/node_modules" "/out/$dir/"; fi; \
    done; \
    find /out -name '*.tsbuildinfo' -delete

# ---- runtime ----------------------------------------------------------------------------------------
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/.data
WORKDIR /app
COPY --from=build /app/package.json ./
# node_modules/@mc/* are relative symlinks to ../../apps|libs/<name>, which /out recreates.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /out/ ./
# Attachments and other files live in DATA_DIR (a volume in compose); it must belong to the app user.
RUN mkdir -p /app/.data && chown node:node /app/.data
# The image's unprivileged user; nothing in /app but .data is writable by it.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/api/dist/main.js"]
