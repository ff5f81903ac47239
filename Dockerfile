# The console is built in a Node stage (npm ci from the committed lockfile, production build, every asset bundled:
# no CDN); the Python image only receives web/dist, which the API serves at /.
FROM node:22-slim AS console
WORKDIR /app/web
ENV NG_CLI_ANALYTICS=false PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY siete ./siete
RUN pip install --no-cache-dir ".[local-asr]"
COPY . .
COPY --from=console /app/web/dist/siete-console/browser ./web/dist/siete-console/browser
RUN bash scripts/setup_local_asr.sh
ENV SIETE_ENV=production
EXPOSE 5000
CMD ["gunicorn", "--bind", "0.0.0.0:5000", "--worker-class", "siete.serving.ThreadWorker", "--workers", "2", "--threads", "16", "wsgi:app"]
