"""Who may call the service and what it remembers between requests.

API keys (hashed at rest) per team with a role, conversation turns (so a person introduced
in turn 1 still counts in turn 3), and reviews held for a reviewer. Stored in the audit
log's database, in tables of their own.
"""

from provguard.tenancy.db import Database, open_database
from provguard.tenancy.duties import SEPARATIONS, SeparationOfDuties, check_separation
from provguard.tenancy.store import (
    ROLES,
    ApiKey,
    Principal,
    Review,
    Role,
    StoredTurn,
    TenancyStore,
    parse_key,
)

__all__ = [
    "ROLES", "SEPARATIONS", "ApiKey", "Database", "Principal", "Review", "Role", "SeparationOfDuties",
    "StoredTurn", "TenancyStore", "check_separation", "open_database", "parse_key",
]
