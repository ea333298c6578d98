from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from accounts.forms import PortalAdminAuthenticationForm, PortalAuthenticationForm
from reports import views as report_views

from . import files

admin.site.site_header = "Tangsel Kreatif — Disperindag Kota Tangerang Selatan"
admin.site.site_title = "Tangsel Kreatif"
admin.site.index_title = _("Administrasi program industri kreatif")
admin.site.login_form = PortalAdminAuthenticationForm

urlpatterns = [
    path("", report_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's: update_session_auth_hash keeps this session, the user's others end.
    path(
        "accounts/sandi/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("accounts/dua-langkah/", account_views.second_factor, name="second_factor"),
    path("accounts/dua-langkah/daftar/", account_views.second_factor_enrol, name="second_factor_enrol"),
    path("accounts/dua-langkah/kode-pemulihan/", account_views.second_factor_codes, name="second_factor_codes"),
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
    path("peserta/<int:pk>/persetujuan/", include("privacy.urls_consent")),
    path("peserta/", include("participants.urls")),
    path("pelatihan/", include("trainings.urls")),
    path("kub/", include("groups.urls")),
    path("inventaris/profil/", include("inventory.urls_profile")),
    path("inventaris/kurasi/", include("inventory.urls_curation")),
    path("inventaris/", include("inventory.urls")),
    path("pameran/", include("exhibitions.urls")),
    path("pembiayaan/", include("financing.urls")),
    path("laporan/", include("reports.urls")),
    path("katalog/", include("catalogue.urls")),
    path("privasi/", include("privacy.urls")),
    path("privasi/", include("records.urls")),
    path("sampah/", include("records.urls_recycle")),
    path("keamanan/", include("security.urls")),
    path("admin/", admin.site.urls),
    # Every stored file, checked against the record that holds it. /media/ is never served.
    path("berkas/<path:path>", files.serve, name="file"),
]

handler400 = "tangsel_portal.errors.bad_request"
handler403 = "tangsel_portal.errors.permission_denied"
handler404 = "tangsel_portal.errors.page_not_found"
handler500 = "tangsel_portal.errors.server_error"
