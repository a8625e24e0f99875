"""Scope changes of a certificate: reduction (ISO/IEC 17021-1 9.6.5) and extension after a special
audit (9.6.4). Each issues the next revision, which supersedes the current one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.certification.choices import (
    CertificateStatus,
    DecisionKind,
    DecisionOutcome,
)
from isocert.certification.models import Certificate, Decision
from isocert.certification.services._common import (
    codes_of,
    decision_event,
    listing,
    locked,
    own_certificate,
    require_text,
    sites_of,
)
from isocert.certification.services.certificates import (
    DECIDER,
    SiteScope,
    certificate_reissue,
)
from isocert.core.errors import Refused
from isocert.core.permissions import Actor, require_role

# --------------------------------------------------------------------------------------------------
# Scope changes
# --------------------------------------------------------------------------------------------------


def _check_sites(sites: Sequence[SiteScope]) -> None:
    ids = [s.site_id for s in sites]
    if len(set(ids)) != len(ids):
        raise Refused(_("Name each site once."), details={"field": "sites"})


@transaction.atomic
def certificate_reduce_scope(
    *,
    actor: Actor,
    certificate: Certificate,
    scope: str,
    sites: Sequence[SiteScope],
    iaf_codes: Sequence[int],
    reason: str,
    effective_on: dt.date | None = None,
) -> Certificate:
    """Reduce the scope (sites, IAF codes, scope text) of an active or suspended certificate.

    ISO/IEC 17021-1 9.6.5: the parts that fail are excluded; the reduced revision is valid (active)
    and supersedes the old one. The decision to reduce is recorded as a Decision of this actor.
    """
    require_role(actor, DECIDER)
    own_certificate(actor, certificate)
    cert = locked(certificate)
    reason = require_text(reason, _("Say why the scope is reduced."), "reason")
    scope = require_text(scope, _("Give the reduced scope."), "scope")
    _check_sites(sites)
    today = timezone.localdate()
    old_sites, old_codes = sites_of(cert), codes_of(cert)
    new_sites, new_codes = {s.site_id for s in sites}, set(iaf_codes)
    added_sites, added_codes = new_sites - set(old_sites), new_codes - old_codes
    if added_sites or added_codes:
        raise Refused(
            _(
                "A reduction cannot add sites or IAF codes (added: %(added)s); extending the scope "
                "needs a scope-extension decision after a special audit."
            )
            % {"added": listing(added_sites, added_codes)},
            details={"sites": sorted(added_sites), "iaf_codes": sorted(added_codes)},
        )
    if new_sites == set(old_sites) and new_codes == old_codes and scope == cert.scope.strip():
        raise Refused(
            _("Nothing is reduced: give fewer sites, fewer IAF codes or a narrower scope."),
            details={"field": "scope"},
        )
    if cert.programme_id is None:
        raise Refused(_("The certificate has no audit programme to record the decision in."))
    decision = Decision.objects.create(
        certification_body_id=cert.certification_body_id,
        client_id=cert.client_id,
        programme_id=cert.programme_id,
        audit=None,
        kind=DecisionKind.REDUCE_SCOPE,
        outcome=DecisionOutcome.GRANTED,
        decided_by=actor.user,
        decided_on=today,
        notes=reason,
        details={"certificate": cert.pk},
    )
    decision_event(actor=actor, decision=decision)
    return certificate_reissue(
        actor=actor,
        old=cert,
        decision=decision,
        scope=scope,
        sites=sites,
        iaf_codes=sorted(new_codes),
        effective_on=effective_on or today,
        event_kind="certificate.scope_reduced",
        reason=reason,
    )


@transaction.atomic
def certificate_extend_scope(
    *,
    actor: Actor,
    certificate: Certificate,
    decision: Decision,
    scope: str,
    sites: Sequence[SiteScope],
    iaf_codes: Sequence[int],
    effective_on: dt.date | None = None,
) -> Certificate:
    """Extend the scope of an active certificate on a granted scope-extension decision taken after
    a special audit (ISO/IEC 17021-1 9.6.4); the extended revision supersedes the old one."""
    require_role(actor, DECIDER)
    own_certificate(actor, certificate)
    if decision.certification_body_id != actor.cb_id:
        raise Http404(_("No such decision."))
    cert = locked(certificate)
    if decision.kind != DecisionKind.EXTEND_SCOPE or decision.outcome != DecisionOutcome.GRANTED:
        raise Refused(
            _(
                "Extending the scope needs a granted scope-extension decision after a special "
                "audit; decision #%(pk)s is “%(kind)s”, %(outcome)s."
            )
            % {
                "pk": decision.pk,
                "kind": decision.get_kind_display(),
                "outcome": decision.get_outcome_display().lower(),
            },
            details={"field": "decision"},
        )
    if decision.programme_id != cert.programme_id:
        raise Refused(
            _("Decision #%(pk)s belongs to another audit programme than this certificate.")
            % {"pk": decision.pk},
            details={"field": "decision"},
        )
    if decision.certificates.filter(standard_id=cert.standard_id).exists():
        raise Refused(
            _("Decision #%(pk)s has already extended this certificate.") % {"pk": decision.pk},
            details={"field": "decision"},
        )
    if cert.status != CertificateStatus.ACTIVE:
        # The rules let a suspended revision be superseded (for a reduction); an extension would
        # quietly lift the suspension, so only an active certificate is extended.
        raise Refused(
            _("Only an active certificate can be extended; this one is %(status)s.")
            % {"status": cert.get_status_display().lower()},
            details={"status": cert.status},
        )
    scope = require_text(scope, _("Give the extended scope."), "scope")
    _check_sites(sites)
    old_sites, old_codes = sites_of(cert), codes_of(cert)
    new_sites, new_codes = {s.site_id for s in sites}, set(iaf_codes)
    dropped_sites, dropped_codes = set(old_sites) - new_sites, old_codes - new_codes
    if dropped_sites or dropped_codes:
        raise Refused(
            _(
                "An extension keeps every current site and IAF code (missing: %(missing)s); "
                "reduce the scope separately."
            )
            % {"missing": listing(dropped_sites, dropped_codes)},
            details={"sites": sorted(dropped_sites), "iaf_codes": sorted(dropped_codes)},
        )
    if new_sites == set(old_sites) and new_codes == old_codes and scope == cert.scope.strip():
        raise Refused(
            _("Nothing is extended: add sites, IAF codes or widen the scope."),
            details={"field": "scope"},
        )
    return certificate_reissue(
        actor=actor,
        old=cert,
        decision=decision,
        scope=scope,
        sites=sites,
        iaf_codes=sorted(new_codes),
        effective_on=effective_on or timezone.localdate(),
        event_kind="certificate.scope_extended",
        reason=decision.notes or _("Scope extended after a special audit."),
    )
