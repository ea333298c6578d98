from django.contrib import admin

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
    list_display = ["kecamatan", "year", "population", "source"]
    list_select_related = ["kecamatan"]
    list_filter = ["kecamatan", "year"]
    search_fields = ["kecamatan__name", "source"]
