from django.urls import path

from . import views_curation

app_name = "curation"

urlpatterns = [
    path("", views_curation.curation_queue, name="queue"),
    path("nominasi/", views_curation.curation_nominate, name="nominate"),
    path("<int:pk>/pindah/", views_curation.curation_move, name="move"),
    path("<int:pk>/tolak/", views_curation.curation_reject, name="reject"),
]
