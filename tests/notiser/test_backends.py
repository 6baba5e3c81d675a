"""Choosing a notice backend by name. (notiser's floor, "no domain app but invanare", is checked with every
other app's in tests/test_golv.py.)"""
import pytest
from django.core.exceptions import ImproperlyConfigured


def test_an_unknown_backend_name_says_which_exist(settings):
    from notiser.push.backends import push_backend

    settings.PUSH_BACKEND = "brevduva"
    with pytest.raises(ImproperlyConfigured, match="console, file, http"):
        push_backend()
