"""Type aliases for SQLAlchemy statements passed between service helpers."""

from typing import Any, TypeAlias

from sqlalchemy import Select

AnySelect: TypeAlias = Select[*tuple[Any, ...]]
