from django.urls import path

from . import views

app_name = "financing"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/status/", views.referral_transition, name="transition"),
]
