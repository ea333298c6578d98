from django.urls import path

from . import views

app_name = "financing"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("papan/", views.referral_board, name="board"),
    path("baru/", views.referral_new, name="new"),
    path("<int:pk>/surat/", views.referral_letter, name="letter"),
    path("<int:pk>/dokumen/", views.referral_document_upload, name="document_upload"),
    path("<int:pk>/tanggung-renteng/", views.referral_joint_liability, name="joint_liability"),
    path("<int:pk>/validasi-kub/", views.referral_group_letter, name="group_letter"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/status/", views.referral_transition, name="transition"),
]
