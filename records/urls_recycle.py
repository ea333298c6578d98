from django.urls import path

from . import views_recycle

app_name = "recycle"

urlpatterns = [
    path("", views_recycle.item_list, name="list"),
    path("<int:pk>/pulihkan/", views_recycle.item_restore, name="restore"),
    path("<int:pk>/musnahkan/", views_recycle.item_purge, name="purge"),
]
