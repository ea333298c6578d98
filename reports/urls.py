from django.urls import path

from . import views_outcomes

app_name = "reports"

urlpatterns = [
    path("capaian/", views_outcomes.outcomes, name="outcomes"),
]
