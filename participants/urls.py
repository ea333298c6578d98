from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("", views.participant_list, name="list"),
    path("daftar/", views.participant_create, name="create"),
    path("kelurahan/", views.kelurahan_options, name="kelurahan_options"),
    path("<int:pk>/", views.participant_detail, name="detail"),
    path("<int:pk>/ubah/", views.participant_update, name="update"),
]
