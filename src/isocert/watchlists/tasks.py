"""Tasks of the watchlists app, run by the worker (``isocert db_worker``) after commit: the
confirmation mail, the alert dispatcher, alert mails and webhook delivery attempts."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from isocert.watchlists.models import Alert, Verifier


@task()
def send_confirmation(verifier_id: int) -> int:
    """Mail the sign-up's confirmation link (unless already confirmed). Returns mails sent."""
    from isocert.watchlists.services import confirmation_token

    verifier = Verifier.objects.select_related("user").filter(pk=verifier_id).first()
    if verifier is None or verifier.confirmed_at is not None:
        return 0
    link = f"{verifier.site_url}/registry/watch/confirm/{confirmation_token(verifier)}/"
    body = _(
        "Someone, probably you, signed up for isocert watchlists with this address.\n\n"
        "Confirm the address to activate the account (the link works for 3 days):\n%(link)s\n\n"
        "If it was not you, ignore this mail: the account stays inactive.\n"
    ) % {"link": link}
    return send_mail(
        _("Confirm your e-mail address for isocert watchlists"),
        body,
        None,
        [verifier.user.email],
    )


@task()
def alerts_dispatch_task() -> int:
    """Turn new public certificate events into alerts; returns how many alerts were raised."""
    from isocert.watchlists.services import alerts_dispatch

    return alerts_dispatch().alerts


@task()
def send_alert_mail(alert_id: int) -> int:
    """Mail one alert to its verifier, once. Returns mails sent."""
    alert = Alert.objects.select_related("verifier__user").filter(pk=alert_id).first()
    if alert is None or alert.emailed_at is not None:
        return 0
    if not Alert.objects.filter(pk=alert.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    ):
        return 0  # another worker took it
    site = alert.verifier.site_url
    words = {
        "number": alert.certificate_number,
        "holder": alert.holder,
        "label": alert.label,
        "when": alert.occurred_at.strftime("%Y-%m-%d %H:%M UTC"),
        "from": alert.from_status or "—",
        "to": alert.to_status or "—",
    }
    lines = [
        _("Certificate %(number)s of %(holder)s: %(label)s (%(when)s).") % words,
        _("Status: %(from)s → %(to)s.") % words,
    ]
    for name, change in sorted(alert.changes.items()):
        if name != "status":
            lines.append(
                _("%(field)s: %(old)s → %(new)s")
                % {"field": name.replace("_", " "), "old": change["from"], "new": change["to"]}
            )
    lines += [
        "",
        _("Verify it: %(url)s")
        % {"url": f"{site}/registry/verify/?number={alert.certificate_number}"},
        _("Your watchlist and alerts: %(url)s") % {"url": f"{site}/registry/watch/alerts/"},
    ]
    try:
        return send_mail(
            _("%(number)s: %(label)s") % words,
            "\n".join(lines) + "\n",
            None,
            [alert.verifier.user.email],
        )
    except Exception:
        Alert.objects.filter(pk=alert.pk).update(emailed_at=None)  # let a retry send it
        raise


@task()
def webhook_deliver(delivery_id: int) -> bool:
    """One attempt of a webhook delivery; True when the receiver took it (2xx)."""
    from isocert.watchlists.services import webhook_attempt

    attempt = webhook_attempt(delivery_id=delivery_id)
    return bool(attempt and attempt.ok)
