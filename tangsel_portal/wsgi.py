import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangsel_portal.settings")
application = get_wsgi_application()

# gunicorn and runserver serve through this module: their queries get the web request's limit.
from core import db  # noqa: E402  (needs the settings loaded above)

db.serve_as(db.WEB)
