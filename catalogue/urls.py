from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.index, name="index"),
    path("kub/<int:pk>/", views.group, name="group"),
    path("kerajinan/<int:pk>/", views.craft, name="craft"),
    path("kecamatan/<int:pk>/", views.kecamatan, name="kecamatan"),
]
