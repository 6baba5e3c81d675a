"""The project's URLs without the domain apps, to see that their menu entries are left out."""
from tests.shell.urls_with_domains import DOMAINS
from portal.urls import urlpatterns as project_patterns

urlpatterns = [p for p in project_patterns if getattr(p, "namespace", None) not in DOMAINS]
