# Production image: production dependencies only, run as the unprivileged `node` user.
# LicBot runs its TypeScript through tsx (a production dependency), so there is no build
# output to copy; the first stage exists to keep npm and its cache out of the final image.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY jobs ./jobs
COPY migrations ./migrations
# The code stays root-owned and read-only for the process; it writes only to /tmp.
USER node
EXPOSE 3000
# bin/licbot.js forwards SIGTERM to the CLI, which shuts down gracefully.
CMD ["node", "bin/licbot.js", "serve"]
