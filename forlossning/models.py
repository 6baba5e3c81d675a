"""Models of forlossning."""
from django.db import models  # noqa: F401
