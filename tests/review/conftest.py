"""The review tests use the cycle fixtures (tests/cycle_fixtures.py); these names are kept for imports."""
from tests.cycle_fixtures import VISIT_DAY, person, post  # noqa: F401
