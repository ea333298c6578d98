from django.urls import path

from . import views

app_name = "consents"

urlpatterns = [
    path("", views.consent_list, name="list"),
    path("<int:consent_pk>/tarik/", views.consent_withdraw, name="withdraw"),
]
