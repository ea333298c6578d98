from django.urls import path

from . import views_exports, views_imports, views_outcomes

app_name = "reports"

urlpatterns = [
    path("", views_exports.index, name="index"),
    path("bulanan/buat/", views_exports.monthly_create, name="monthly_create"),
    path("capaian/", views_outcomes.outcomes, name="outcomes"),
    path("ekspor/", views_exports.export_list, name="export_list"),
    path("ekspor/buat/<slug:kind>/", views_exports.export_start, name="export_start"),
    path("ekspor/<int:pk>/", views_exports.export_detail, name="export_detail"),
    path("ekspor/<int:pk>/unduh/", views_exports.export_download, name="export_download"),
    path("impor/", views_imports.import_index, name="import_index"),
    path("impor/template/", views_imports.import_template, name="import_template"),
    path("impor/unggah/", views_imports.import_upload, name="import_upload"),
    path("impor/<int:pk>/", views_imports.import_detail, name="import_detail"),
    path("impor/<int:pk>/terapkan/", views_imports.import_confirm, name="import_confirm"),
]
