"""Writes of the certification app: technical review, certification decision, certificate acts and
the daily job. Split by sub-topic; import from here."""

from isocert.certification.services.certificates import (
    SiteScope,
    certificate_expire,
    certificate_issue,
    certificate_restore,
    certificate_suspend,
    certificate_withdraw,
)
from isocert.certification.services.daily import TickSummary, tick_run
from isocert.certification.services.decisions import decision_take, review_record
from isocert.certification.services.renewal import certificates_recertify
from isocert.certification.services.scope import certificate_extend_scope, certificate_reduce_scope
from isocert.certification.services.transfer import TransferReview, certificate_transfer_in

__all__ = [
    "SiteScope",
    "TickSummary",
    "TransferReview",
    "certificate_expire",
    "certificate_extend_scope",
    "certificate_issue",
    "certificate_reduce_scope",
    "certificate_restore",
    "certificate_suspend",
    "certificate_transfer_in",
    "certificate_withdraw",
    "certificates_recertify",
    "decision_take",
    "review_record",
    "tick_run",
]
