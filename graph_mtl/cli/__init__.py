"""The `graph-mtl` command: a thin layer over the services.

Every command takes `--store` (or GRAPH_MTL_STORE); query commands take
`--json` for programs and print rich tables for people otherwise. Each module
here adds its commands to the one app.
"""

from __future__ import annotations

# Each module is imported for the commands it adds to the app.
from graph_mtl.cli import (  # noqa: F401
    accounts,
    changes,
    committee,
    evaluate,
    export,
    export_crm,
    find,
    forget,
    import_crm,
    import_linkedin,
    import_mail,
    intros,
    keys,
    neo4j_admin,
    opportunities,
    outreach,
    paths,
    report,
    serve,
    store,
    team,
)
from graph_mtl.cli._common import app

__all__ = ["app", "main"]


def main() -> None:
    app()
