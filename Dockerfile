# StrategyGraph service image. docker-compose.yml runs it against Neo4j 5.
FROM python:3.11-slim-bookworm

# Graphviz's `dot` draws the maps.
RUN apt-get update \
    && apt-get install -y --no-install-recommends graphviz \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 strategygraph
WORKDIR /app
COPY pyproject.toml README.md ./
COPY strategygraph ./strategygraph
RUN pip install --no-cache-dir .

USER strategygraph
ENV STRATEGYGRAPH_HOST=0.0.0.0 \
    STRATEGYGRAPH_PORT=8000 \
    STRATEGYGRAPH_MODE=production
EXPOSE 8000
CMD ["strategygraph", "serve"]
