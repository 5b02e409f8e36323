# The graph-mtl engine and command, for docker-compose.yml.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph_mtl ./graph_mtl
COPY api ./api
COPY queries ./queries
COPY seed ./seed
RUN pip install --no-cache-dir .
ENV GRAPH_MTL_STORE=bolt://neo4j:7687
ENTRYPOINT []
CMD ["graph-mtl", "--help"]
