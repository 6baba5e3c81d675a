import datetime

from django.utils import timezone

from vardportalen.models import InloggningsNonce


def nonce_purge(*, now=None) -> int:
    """Delete nonces that expired more than a day ago (used or not); they can never be used again."""
    now = now or timezone.now()
    deleted, _ = InloggningsNonce.objects.filter(giltig_till__lt=now - datetime.timedelta(days=1)).delete()
    return deleted
