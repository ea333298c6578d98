"""`/privasi/`: this app's pages. The consent work owns `/privasi/permintaan/` and
`/privasi/persetujuan/` under its own namespace; both are included at `privasi/`."""

from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.notice, name="notice"),
    path("ropa/", views.ropa_page, name="ropa"),
    path("ropa/unduh/", views.ropa_xlsx, name="ropa_xlsx"),
    path("insiden/", views.incident_list, name="incident_list"),
    path("insiden/baru/", views.incident_new, name="incident_new"),
    path("insiden/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("insiden/<int:pk>/surat-terdampak/", views.incident_letter_people, name="incident_letter_people"),
    path("insiden/<int:pk>/surat-lembaga/", views.incident_letter_authority, name="incident_letter_authority"),
]
