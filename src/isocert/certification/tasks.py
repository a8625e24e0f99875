"""Mail of the certification app, sent by the task worker (``isocert db_worker``) after commit."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from isocert.certification.models import Reminder


@task()
def send_reminder(reminder_id: int) -> int:
    """Send one queued reminder; a reminder already sent is not sent again. Returns mails sent."""
    reminder = Reminder.objects.filter(pk=reminder_id).first()
    if reminder is None or reminder.sent_at is not None or not reminder.recipients:
        return 0
    sent = send_mail(reminder.subject, reminder.body, None, list(reminder.recipients))
    Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return sent
