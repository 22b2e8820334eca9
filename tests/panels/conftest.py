"""The panel tests use the cycle fixtures (tests/cycle_fixtures.py); these names are kept for imports."""
from tests.cycle_fixtures import TODAY, everyone_present  # noqa: F401
