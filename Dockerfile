# Ayni production image: compiled app + headless Chromium for PDFs, run as a non-root user.
#   docker build -t ayni .
#   docker run -p 3000:3000 -e SESSION_SECRET=$(openssl rand -hex 32) -e ENCRYPTION_KEYS=k1:$(openssl rand -base64 32) \
#     -e PUBLIC_URL=https://… -e DATABASE_URL=postgres://… ayni
# Without DATABASE_URL the app runs its embedded PostgreSQL in /app/data (mount a volume there).

############################ build ############################
FROM node:20-bookworm-slim AS build
WORKDIR /app

COPY package.json package-lock.json ./
RUN AYNI_SKIP_CHROMIUM=1 npm ci --no-audit --no-fund

COPY tsconfig*.json nest-cli.json .swcrc ./
COPY src ./src
COPY migrations ./migrations
COPY views ./views
COPY public ./public
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

############################ runtime ############################
FROM node:20-bookworm-slim AS runtime

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      chromium fonts-dejavu-core fonts-liberation tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    CHROMIUM_PATH=/usr/bin/chromium \
    DATA_DIR=/app/data

# The app's files stay root-owned (read-only to the app); only the data folder is writable.
RUN groupadd --system ayni \
 && useradd --system --gid ayni --create-home --home-dir /home/ayni --shell /usr/sbin/nologin ayni \
 && mkdir -p /app/data \
 && chown ayni:ayni /app/data

WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/views ./views
COPY --from=build /app/public ./public
COPY --from=build /app/package.json ./package.json

USER ayni
EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('http').get('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health', (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"]

ENTRYPOINT ["tini", "--"]
CMD ["node", "dist/src/main.js"]
