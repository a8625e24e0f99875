"""Watchlist pages: sign-up and confirmation (public), then the verifier's own watches, alerts,
webhook deliveries and notification settings. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from isocert.core.paging import page_of
from isocert.core.web import form_apply
from isocert.rules.errors import RuleError
from isocert.watchlists import selectors, services
from isocert.watchlists.forms import SettingsForm, SignupForm, WatchForm
from isocert.watchlists.models import Verifier

View = Callable[..., HttpResponse]


def verifier_page(view: View) -> View:
    """Signed-in verifiers only; another signed-in account is told what watchlists need (403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verifier = selectors.verifier_of(request.user)
        if verifier is None:
            return render(request, "watchlists/not_verifier.html", status=403)
        response = view(request, verifier, *args, **kwargs)
        patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapped


def _login_url(next_url: str) -> str:
    return reverse("login") + "?" + urlencode({"next": next_url})


def signup(request: HttpRequest) -> HttpResponse:
    if selectors.verifier_of(request.user) is not None:
        return redirect("watchlists:list")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verifier = form_apply(
            form,
            lambda data: services.verifier_signup(
                email=data["email"],
                password=data["password"],
                site_url=request.build_absolute_uri("/"),
            ),
        )
        if verifier is not None:
            return render(request, "watchlists/signup_done.html", {"email": verifier.user.email})
    return render(
        request,
        "watchlists/signup.html",
        {"form": form, "login_url": _login_url(reverse("watchlists:list"))},
        status=400 if request.method == "POST" else 200,
    )


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.verifier_confirm(token=token)
    except RuleError as exc:
        return render(
            request, "watchlists/confirm_failed.html", {"message": exc.message}, status=400
        )
    messages.success(request, _("Your e-mail address is confirmed. Sign in to start watching."))
    return redirect(_login_url(reverse("watchlists:list")))


@verifier_page
def watch_list(request: HttpRequest, verifier: Verifier) -> HttpResponse:
    page = page_of(request, selectors.watch_list(verifier=verifier))
    statuses = selectors.watch_statuses(list(page.object_list))
    rows = [(w, statuses.get(w.pk)) for w in page.object_list]
    return render(
        request, "watchlists/list.html", {"page": page, "rows": rows, "verifier": verifier}
    )


@require_POST
@verifier_page
def watch_add(request: HttpRequest, verifier: Verifier) -> HttpResponse:
    form = WatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say which certificate or organisation to watch."))
        return redirect("watchlists:list")
    data = form.cleaned_data
    if data.get("number"):
        watch, created = services.watch_certificate(verifier=verifier, number=data["number"])
    else:
        watch, created = services.watch_organisation(
            verifier=verifier, organisation_id=data["organisation"]
        )
    if created:
        messages.success(request, _("Now watching %(what)s.") % {"what": watch.label})
    else:
        messages.info(request, _("You already watch %(what)s.") % {"what": watch.label})
    return redirect("watchlists:list")


@require_POST
@verifier_page
def watch_remove(request: HttpRequest, verifier: Verifier, pk: int) -> HttpResponse:
    services.watch_remove(verifier=verifier, watch_id=pk)
    messages.success(request, _("No longer watching it."))
    return redirect("watchlists:list")


@verifier_page
def alert_list(request: HttpRequest, verifier: Verifier) -> HttpResponse:
    page = page_of(request, selectors.alert_list(verifier=verifier))
    return render(request, "watchlists/alerts.html", {"page": page})


@verifier_page
def delivery_list(request: HttpRequest, verifier: Verifier) -> HttpResponse:
    page = page_of(request, selectors.delivery_list(verifier=verifier))
    return render(request, "watchlists/deliveries.html", {"page": page, "verifier": verifier})


def _settings(
    request: HttpRequest, verifier: Verifier, form: SettingsForm, new_secret: str | None = None
) -> HttpResponse:
    return render(
        request,
        "watchlists/settings.html",
        {"form": form, "verifier": verifier, "new_secret": new_secret},
        status=400 if form.is_bound and form.errors else 200,
    )


@verifier_page
def settings_page(request: HttpRequest, verifier: Verifier) -> HttpResponse:
    initial = {"email_alerts": verifier.email_alerts, "webhook_url": verifier.webhook_url}
    if request.method != "POST":
        return _settings(request, verifier, SettingsForm(initial=initial))
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            fresh = services.verifier_settings_update(
                verifier=verifier,
                webhook_url=form.cleaned_data["webhook_url"],
                email_alerts=form.cleaned_data["email_alerts"],
            )
        except RuleError as exc:
            form.add_error("webhook_url", exc.message)
        else:
            messages.success(request, _("Settings saved."))
            if fresh:
                return _settings(
                    request,
                    verifier,
                    SettingsForm(
                        initial=initial
                        | {
                            "email_alerts": verifier.email_alerts,
                            "webhook_url": verifier.webhook_url,
                        }
                    ),
                    fresh,
                )
            return redirect("watchlists:settings")
    return _settings(request, verifier, form)


@require_POST
@verifier_page
def secret_rotate(request: HttpRequest, verifier: Verifier) -> HttpResponse:
    secret = services.webhook_secret_rotate(verifier=verifier)
    initial = {"email_alerts": verifier.email_alerts, "webhook_url": verifier.webhook_url}
    return _settings(request, verifier, SettingsForm(initial=initial), secret)


@require_POST
@verifier_page
def webhook_test(request: HttpRequest, verifier: Verifier) -> HttpResponse:
    try:
        services.webhook_test(verifier=verifier)
    except RuleError as exc:
        messages.error(request, exc.message)
        return redirect("watchlists:settings")
    messages.success(request, _("A test message is queued; its attempts show below."))
    return redirect("watchlists:deliveries")
