from django.urls import path

from . import views

app_name = "inventory"

urlpatterns = [
    path("", views.business_list, name="list"),
    path("mulai/", views.start, name="start"),
    path("tambah/", views.business_create, name="create"),
    path("<int:pk>/", views.business_detail, name="detail"),
    path("<int:pk>/kunjungan/", views.visit_create, name="visit"),
]
