"""Sign-in pages that need more than Django's own views."""

from django.conf import settings
from django.contrib.auth import views as auth_views

from .services import login_lock_lift


class PasswordResetView(auth_views.PasswordResetView):
    """Django's: a mail goes out only when the address belongs to an active account, and
    the page that follows is the same either way, so it tells no one which addresses exist."""

    def form_valid(self, form):
        # Read when the mail is sent, so a changed setting (or a test's) is what the mail says.
        self.extra_email_context = {"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the e-mailed link also lifts a login lock: the
    user has just shown they hold the account's e-mail."""

    def form_valid(self, form):
        response = super().form_valid(form)
        login_lock_lift(user=form.user, by=form.user)
        return response
