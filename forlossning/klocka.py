"""The one clock of forlossning. Services take ``nu`` (tests, the Playwright test and the task pass it);
when it is None they ask here."""
import datetime

from django.utils import timezone


def nu() -> datetime.datetime:
    return timezone.now()


def idag(tid: datetime.datetime | None = None) -> datetime.date:
    return timezone.localdate(tid or nu())
