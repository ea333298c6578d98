from django.urls import path

from . import views_profile

app_name = "ikm"

urlpatterns = [
    path("sertifikat/", views_profile.licences_expiring, name="licences_expiring"),
    path("<int:pk>/", views_profile.business_profile, name="profile"),
    path("<int:pk>/ubah/", views_profile.business_profile_edit, name="profile_edit"),
    path("<int:pk>/izin/tambah/", views_profile.licence_add, name="licence_add"),
    path("<int:pk>/izin/<int:licence_pk>/ubah/", views_profile.licence_edit, name="licence_edit"),
]
