# A small image for the bot: `docker build -t summit-qa-bot .` then
#   docker run --env-file .env -v summit-data:/app/data summit-qa-bot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir .

COPY bot.py ./
COPY knowledge ./knowledge

RUN useradd --create-home --uid 10001 summitbot && mkdir -p data && chown summitbot data
USER summitbot
VOLUME ["/app/data"]

# Refuse to start on a broken knowledge base (exit 1) or a bad setting (exit 2).
RUN python bot.py check
STOPSIGNAL SIGTERM
CMD ["python", "bot.py", "run"]
