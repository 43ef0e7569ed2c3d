"""Property-based tests of the API from its own OpenAPI document (schemathesis).

Every operation is called with generated valid and invalid inputs over a store of invented
articles; no answer may be a server error, and answers must match the documented schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from factories import corpus, fill

from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from newstrail.api import create_app
from newstrail.link.corpus import link_store

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
from newstrail.store import Store


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    from newstrail.nlp.pipeline import build_nlp

    path = tmp_path_factory.mktemp("schemathesis") / "api.db"
    store = Store(f"sqlite:///{path}")
    fill(store, corpus())
    link_store(store)
    app = create_app(store=store, token="schemathesis-token", nlp=build_nlp(None), max_body=200_000)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    store.close()


OPERATIONS = [
    ("GET", "/api/counts"), ("GET", "/api/articles"), ("GET", "/api/articles/{ref}"), ("GET", "/api/quotes"),
    ("GET", "/api/figures"), ("GET", "/api/speakers"), ("GET", "/api/speakers/{name}/quotes"), ("GET", "/api/search"),
    ("GET", "/api/stories"), ("GET", "/api/stories/{story_id}"), ("GET", "/api/quote-clusters"),
    ("GET", "/api/quote-clusters/{cluster_id}"), ("GET", "/api/series"), ("GET", "/api/series/{series_id}"),
    ("GET", "/api/trail/{target}"), ("POST", "/analyze"), ("POST", "/analyze/file"), ("POST", "/ingest"),
]


def test_every_operation_is_covered(api_schema):
    documented = {(op.method.upper(), op.path) for op in (r.ok() for r in api_schema.get_all_operations())}
    assert documented == set(OPERATIONS)


@pytest.mark.parametrize("method, path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_api_never_fails(api_schema, method, path):
    operation = api_schema[path][method]
    examples = 8 if path.startswith(("/analyze", "/ingest")) else 40

    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        response = case.call()
        assert response.status_code < 500, (case.method, case.formatted_path, response.status_code, response.text[:300])
        # the schema checks; "positive data acceptance" is left out on purpose: an upload that is
        # schema-valid but holds no article (an empty file) is rightly refused with a 400
        case.validate_response(response, checks=CHECKS)

    check()
