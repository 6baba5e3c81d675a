"""python op_setup.py CLIENT_ID SECRET REDIRECT_URI[,..] (may be empty) [PNR:LOA ...] — client, RSA key and users."""
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "op_settings")
django.setup()

from django.contrib.auth.models import User
from django.core.management import call_command
from oidc_provider.models import Client, ResponseType, RSAKey

client_id, secret, redirect_uris, *anvandare = sys.argv[1:]
if not RSAKey.objects.exists():
    call_command("creatersakey")
gamla = Client.objects.filter(client_id=client_id).values_list("_redirect_uris", flat=True).first() or ""
uris = sorted({u for u in gamla.split() + redirect_uris.split(",") if u})  # redirect URIs accumulate
klient, _ = Client.objects.update_or_create(
    client_id=client_id,
    defaults={"name": "Vårdportalen", "client_type": "confidential", "client_secret": secret,
              "jwt_alg": "RS256", "require_consent": False, "reuse_consent": True,
              "_redirect_uris": "\n".join(uris)},
)
klient.response_types.set(ResponseType.objects.filter(value="code"))
for rad in anvandare:
    pnr, loa = rad.split(":")
    user, _ = User.objects.get_or_create(username=pnr)
    user.first_name = loa
    user.set_password("hemligt")
    user.save()
