# The facilitator server as an image: used by docker-compose.yml for the workers and the migrations.
# The browser's Socket.IO client comes from the npm registry at build time, as `make setup` does.
FROM node:20-bookworm-slim AS vendor
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/vendor.mjs scripts/
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
WORKDIR /src
COPY . .
COPY --from=vendor /src/static/vendor/ static/vendor/
RUN pip install --no-cache-dir '.[postgres,redis]' && rm -rf /src/build
RUN useradd --system --home-dir /var/lib/facilitator --create-home facilitator
USER facilitator
WORKDIR /var/lib/facilitator
ENV FACILITATOR_DATA_DIR=/var/lib/facilitator FACILITATOR_BEHIND_PROXY=1
CMD ["facilitator", "serve", "--host", "127.0.0.1", "--port", "5001"]
