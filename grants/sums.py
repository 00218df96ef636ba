"""Sums of money read back from the database, as exact pence.

PostgreSQL adds numeric columns exactly. SQLite stores them as floating point and its SUM() is a
floating-point sum, so a total of pence can come back a hair off (210000.019999...). Every sum of
money that grants/ reads goes through `pence`, which rounds it back to the penny it is."""

from decimal import Decimal

from cwf.core.money import PENNY, ZERO


def pence(value) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(PENNY)
