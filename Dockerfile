# The graph-mtl engine, command and HTTP API, for docker-compose.yml.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph_mtl ./graph_mtl
COPY api ./api
COPY queries ./queries
COPY seed ./seed
RUN pip install --no-cache-dir .
ENV GRAPH_MTL_STORE=bolt://neo4j:7687
EXPOSE 8000
ENTRYPOINT []
# The HTTP API on all of the container's interfaces (docker-compose.yml publishes it
# on the host's loopback only); any other command replaces it: `docker compose run --rm api graph-mtl ...`.
CMD ["graph-mtl", "serve", "--host", "0.0.0.0"]
