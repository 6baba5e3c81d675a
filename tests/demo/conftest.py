import io

import pytest
from django.core.management import call_command


def run_demo_load(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_load", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_3000(db) -> str:
    """The bulk (COPY) path at small scale; returns the command's output."""
    return run_demo_load("--invanare", "3000", "--seed", "7")
