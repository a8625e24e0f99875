from django.contrib import admin

from isocert.catalog.models import Edition, IafCode, Standard


class EditionInline(admin.TabularInline):
    model = Edition
    extra = 0


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "family", "certifiable", "audit_time_scheme"]
    list_filter = ["certifiable", "family"]
    search_fields = ["code", "title"]
    inlines = [EditionInline]


@admin.register(IafCode)
class IafCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "sector", "nace"]
    search_fields = ["sector", "nace"]
