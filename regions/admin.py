from django.contrib import admin
from django.utils.translation import gettext_lazy

from accounts.admin_mixins import DomainAdmin

from .models import Kecamatan, Kelurahan, PopulationFigure


@admin.register(Kecamatan)
class KecamatanAdmin(DomainAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]
    ordering = ["code"]


@admin.register(Kelurahan)
class KelurahanAdmin(DomainAdmin):
    list_display = ["code", "name", "kecamatan"]
    list_select_related = ["kecamatan"]
    list_filter = ["kecamatan"]
    search_fields = ["name", "code"]
    ordering = ["code"]


@admin.register(PopulationFigure)
class PopulationFigureAdmin(DomainAdmin):
    list_display = ["area", "year", "population", "men", "women", "source"]
    list_select_related = ["kecamatan"]
    list_filter = ["kecamatan", "year"]
    search_fields = ["kecamatan__name", "city_code", "source"]
    fields = ["kecamatan", "city_code", "year", "population", "men", "women", "source"]

    @admin.display(description=gettext_lazy("wilayah"), ordering="kecamatan__code")
    def area(self, obj):
        return obj.area
