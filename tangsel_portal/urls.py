from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve

from accounts import views as account_views
from accounts.forms import PortalAdminAuthenticationForm, PortalAuthenticationForm
from reports import views as report_views

admin.site.site_header = "Tangsel Kreatif — Disperindag Kota Tangerang Selatan"
admin.site.site_title = "Tangsel Kreatif"
admin.site.index_title = "Administrasi program industri kreatif"
admin.site.login_form = PortalAdminAuthenticationForm

urlpatterns = [
    path("", report_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("peserta/", include("participants.urls")),
    path("pelatihan/", include("trainings.urls")),
    path("kub/", include("groups.urls")),
    path("inventaris/", include("inventory.urls")),
    path("pameran/", include("exhibitions.urls")),
    path("pembiayaan/", include("financing.urls")),
    path("laporan/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
