from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("", views.index, name="index"),
    path("rencana/", views.plan, name="planner"),
    path("angkatan/", views.batch_list, name="batch_list"),
    path("angkatan/pilihan/", views.batch_options, name="batch_options"),
    path("angkatan/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("angkatan/<int:pk>/daftarkan/", views.batch_enrol, name="batch_enrol"),
    path("pendaftaran/<int:pk>/tarik/", views.enrollment_withdraw, name="enrollment_withdraw"),
    path("sesi/<int:pk>/kehadiran/", views.attendance, name="attendance"),
]
