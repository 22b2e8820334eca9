"""Alembic migrations: the only way the schema is built, in tests as in production."""
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData

HERE = Path(__file__).parent


def metadata() -> MetaData:
    """The metadata of every feature's models (the features register their tables on import)."""
    from accreditation import audit  # noqa: F401
    from accreditation.actions import models as _actions  # noqa: F401
    from accreditation.assurance import models as _assurance  # noqa: F401
    from accreditation.auth import models as _auth  # noqa: F401
    from accreditation.db import Base
    from accreditation.organisation import models as _organisation  # noqa: F401
    from accreditation.panels import models as _panels  # noqa: F401
    from accreditation.reports import models as _reports  # noqa: F401
    from accreditation.review import involvement as _involvement  # noqa: F401
    from accreditation.review import models as _review  # noqa: F401
    from accreditation.review import report_models as _report  # noqa: F401
    from accreditation.selfassessment import models as _selfassessment  # noqa: F401
    from accreditation.standards import models as _standards  # noqa: F401

    return Base.metadata


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def revision(engine: Engine, message: str) -> None:
    command.revision(alembic_config(engine), message=message, autogenerate=True)
