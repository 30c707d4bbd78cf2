"""Alembic environment: runs on the connection `ogp_desktop.core.db` hands over, in batch
mode (SQLite rebuilds tables for ALTER), with the models' naming convention."""

from alembic import context
from sqlalchemy import Connection, create_engine

from ogp_desktop.core.models import Base
from ogp_desktop.core.search.index import include_object

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` command line on a developer machine
        url = config.get_main_option("sqlalchemy.url") or "sqlite:///dev.sqlite"
        with create_engine(url).begin() as conn:
            _run(conn)
    else:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,  # the search index is derived, not a model
    )
    context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("OGP Desktop migrations run online only")
run_migrations_online()
