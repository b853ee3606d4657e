from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from e2e.served import ServedApi, drop_database, new_database, serve

# High enough that the contract tests meet no 429 (the throttling tests prove those).
UNTHROTTLED = {f"QUICKSCALE_API_{rate}": "100000/min" for rate in ("KEY_RATE", "USER_RATE", "ANON_RATE")}


@pytest.fixture(scope="session")
def served_api(tmp_path_factory, postgres_url) -> Iterator[ServedApi]:
    name = f"qs_api_{uuid.uuid4().hex[:12]}"
    database_url = new_database(postgres_url, name)
    try:
        with serve(tmp_path_factory.mktemp("served-api"), database_url, **UNTHROTTLED) as api:
            yield api
    finally:
        drop_database(postgres_url, name)
