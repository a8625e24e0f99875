"""Admin for reference data only: accreditation bodies and certification bodies (tenants).

Scope lines and accreditation status change only through the services (they write ledger events),
so they are read-only here.
"""

from django.contrib import admin

from isocert.accreditation.models import AccreditationBody, AccreditedScope, CertificationBody


@admin.register(AccreditationBody)
class AccreditationBodyAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "country", "iaf_mla_signatory"]
    list_filter = ["iaf_mla_signatory", "country"]
    search_fields = ["name", "acronym"]


class AccreditedScopeInline(admin.TabularInline):
    model = AccreditedScope
    extra = 0
    can_delete = False
    fields = ["standard", "edition", "valid_from", "valid_until", "status"]
    readonly_fields = ["standard", "edition", "valid_from", "valid_until", "status"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(CertificationBody)
class CertificationBodyAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "country", "accreditation_body", "accreditation_status"]
    list_filter = ["accreditation_status", "accreditation_body"]
    search_fields = ["name", "acronym", "accreditation_number"]
    readonly_fields = ["accreditation_status", "accreditation_status_since", "next_certificate_seq"]
    inlines = [AccreditedScopeInline]
