from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("permintaan/", views.request_list, name="request_list"),
    path("permintaan/baru/", views.request_create, name="request_create"),
    path("permintaan/<int:pk>/", views.request_detail, name="request_detail"),
    path("permintaan/<int:pk>/tutup/", views.request_close, name="request_close"),
    path("permintaan/<int:pk>/berkas-akses/", views.request_access_file, name="request_access_file"),
    path("peserta/<int:pk>/cabut-pembatasan/", views.restriction_lift, name="restriction_lift"),
    path("retensi/", views.retention_list, name="retention_list"),
]
