from django.contrib.auth.backends import BaseBackend

from vardportalen.access import forladdad_medarbetare_med_id
from vardportalen.models import Medarbetare


class SithsCertificateBackend(BaseBackend):
    """Authenticates a Medarbetare from an already verified SITHS certificate's HSA-ID."""

    def authenticate(self, request, *, verified_hsa_id=None, **kwargs):
        if not verified_hsa_id:
            return None
        return Medarbetare.objects.filter(hsa_id=verified_hsa_id, is_active=True).first()

    def get_user(self, user_id):
        # the middleware may already have read her with the request's commission (vardportalen.access)
        return forladdad_medarbetare_med_id(user_id) or Medarbetare.objects.filter(pk=user_id, is_active=True).first()
