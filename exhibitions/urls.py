from django.urls import path

from . import views

app_name = "exhibitions"

urlpatterns = [
    path("", views.exhibition_list, name="list"),
    path("baru/", views.exhibition_create, name="create"),
    path("<int:pk>/", views.exhibition_detail, name="detail"),
    path("<int:pk>/ubah/", views.exhibition_edit, name="edit"),
    path("<int:pk>/peserta/tambah/", views.entries_add, name="entries_add"),
    path("<int:pk>/peserta/<int:entry_pk>/produk/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/peserta/<int:entry_pk>/penjualan/", views.entry_sales, name="entry_sales"),
    path("<int:pk>/peserta/<int:entry_pk>/calon-pembeli/", views.entry_leads, name="entry_leads"),
    path("<int:pk>/stan/", views.booths, name="booths"),
    path("<int:pk>/laporan/", views.exhibition_report, name="report"),
    path("<int:pk>/katalog/", views.exhibition_catalogue, name="catalogue"),
]
