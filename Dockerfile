FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY siete ./siete
RUN pip install --no-cache-dir ".[local-asr]"
COPY . .
RUN bash scripts/setup_local_asr.sh
ENV SIETE_ENV=production
EXPOSE 5000
CMD ["gunicorn", "--bind", "0.0.0.0:5000", "--worker-class", "gthread", "--workers", "2", "--threads", "16", "wsgi:app"]
