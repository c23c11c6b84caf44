"""The committed OpenAPI document: ``python -m provguard.service.openapi > docs/openapi.json``.

A test regenerates it and compares, so API changes show up in review.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def spec() -> dict[str, Any]:
    from provguard.config import Settings
    from provguard.service.app import create_app

    settings = Settings(data_dir=Path("/nonexistent-provguard-openapi"))
    return create_app(settings).openapi()


def render() -> str:
    return json.dumps(spec(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
