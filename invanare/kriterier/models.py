"""Models of the citizen criteria."""
from django.db import models  # noqa: F401
