"""Property tests of the HTTP API against its own OpenAPI schema (schemathesis, in process).

For every operation in ``/openapi.json``, schemathesis generates bodies that
fit the schema and bodies that break it, sends them to the ASGI app and checks
every response: never a 5xx; status codes, content types and bodies as
documented; schema-valid input accepted and schema-breaking input refused
(with 400, 413, 415 or 422: 413 is how the service refuses an over-long text
or batch, which the schema states as ``maxLength``/``maxItems``).

Small limits make those edges reachable; the example count is bounded so the
whole file runs in well under a minute.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import settings
from schemathesis.config import SchemathesisConfig

from corefine.service import ServiceSettings, create_app

MAX_EXAMPLES = 60

app = create_app(ServiceSettings(resolver="baseline", max_text_chars=400, max_batch_texts=4))
config = SchemathesisConfig.from_dict(
    {
        "checks": {"negative_data_rejection": {"expected-statuses": [400, 413, 415, 422]}},
        "generation": {"max-examples": MAX_EXAMPLES},
    }
)
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
CASES: dict[str, int] = {}


@schema.parametrize()
@settings(deadline=None)
def test_api_conforms_to_its_schema(case: Any) -> None:
    response = case.call_and_validate()
    assert response.status_code < 500
    key = f"{case.method} {case.path}"
    CASES[key] = CASES.get(key, 0) + 1


def test_every_operation_was_exercised() -> None:
    """The property test above ran (pytest orders it first) on every operation.

    (Schemathesis also tries undocumented methods on each path: those must be 405s.)
    """
    operations = {
        f"{method.upper()} {path}"
        for path, item in app.openapi()["paths"].items()
        for method in item
    }
    assert CASES, "run this file whole: the property test above fills CASES"
    assert operations <= set(CASES)
    assert CASES["POST /v1/resolve"] > 10 and CASES["POST /v1/resolve/batch"] > 10
