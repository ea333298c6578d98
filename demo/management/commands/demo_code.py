"""`manage.py demo_code`: the current second-factor code of the demo users (README "Signing in")."""

from base64 import b32decode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from demo.write import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the 6-digit code that admin, staf and bank.bri of the demo give after their password."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code runs only with DEBUG on, like seed_demo: demo logins are not for production.")
        totp = TOTP(b32decode(DEMO_TOTP_SECRET))
        seconds_left = 30 - int(totp.time) % 30
        self.stdout.write(f"{totp.token():06d}  (valid for another {seconds_left} s, and the 30 s after)")
