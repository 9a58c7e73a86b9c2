"""What other domains add to the disaster page: the open shelters (through the shelters
domain's selector, one query), rewritten whenever a shelter's status changes."""

from __future__ import annotations

from typing import Any

from kuyakusho.shelters.attributes import KIND_BY_CODE, Status
from kuyakusho.shelters.selectors import open_shelters


def shelters_section(language: str) -> dict[str, Any]:
    rows = [
        {
            "name": shelter.name(language),
            "is_full": shelter.is_full,
            "status": Status(shelter.status).label,
            "head_count": shelter.head_count,
            "capacity": shelter.capacity,
            "address": shelter.address,
            "kinds": [
                str(KIND_BY_CODE[code].label) for code in shelter.kinds if code in KIND_BY_CODE
            ],
            "url": f"/shelters/{shelter.id}/",
        }
        for shelter in open_shelters()
    ]
    return {"template": "disaster/_shelters.html", "shelters": rows}


def refresh_on_shelter_change(record: Any) -> None:
    """core.audit subscriber (after commit): a shelter opened, filled or closed."""
    from .publication import write_pages

    write_pages()
