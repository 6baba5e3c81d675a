"""The array literals the bulk writers pass as one string are read by PostgreSQL as the same arrays."""
import numpy as np
import pytest
from django.db import connection

from vardportalen import pgarray


@pytest.mark.django_db
def test_literals_round_trip_through_postgresql():
    heltal = np.array([3, -7, 2**40, 0], dtype=np.int64)
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::bigint[], %s::int[], %s::bool[], %s::bigint[]",
                       [pgarray.heltal(heltal), pgarray.heltal([1, None, 5]), pgarray.sanningar(np.array([True, False])),
                        pgarray.heltal([])])
        assert cursor.fetchone() == ([3, -7, 2**40, 0], [1, None, 5], [True, False], [])
