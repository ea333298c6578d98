from django.urls import path

from . import views, views_products

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("bentuk/", views.group_formation, name="form"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/anggota/tambah/", views.member_add, name="member_add"),
    path("<int:pk>/anggota/<int:membership_pk>/keluar/", views.member_leave, name="member_leave"),
    path("<int:pk>/anggota/<int:membership_pk>/jabatan/", views.member_role, name="member_role"),
    path("<int:pk>/ketua/", views.ketua_handover, name="ketua_handover"),
    path("<int:pk>/produk/tambah/", views_products.product_add, name="product_add"),
    path("<int:pk>/produk/<int:product_pk>/ubah/", views_products.product_edit, name="product_edit"),
    path("<int:pk>/produk/<int:product_pk>/foto/", views_products.product_photo_add, name="product_photo_add"),
    path(
        "<int:pk>/produk/<int:product_pk>/foto/<int:photo_pk>/hapus/",
        views_products.product_photo_remove,
        name="product_photo_remove",
    ),
    path(
        "<int:pk>/produk/<int:product_pk>/foto/<int:photo_pk>/pindah/",
        views_products.product_photo_move,
        name="product_photo_move",
    ),
]
