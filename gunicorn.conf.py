"""gunicorn's settings for the portal (read from the working directory, or `-c gunicorn.conf.py`).

Logging: the access log (one line per request, to stdout) and the error log (to stderr)
both go through core.logging.MaskNikFilter, so a 16-digit number (a NIK) in a request line,
a referrer or an error shows as 3674********0001. Bind address and workers stay on the
command line (README, "Running it for real").
"""

import sys
from pathlib import Path

# A worker that takes longer than this is killed. The database cancels a web request's query
# before that (WEB_STATEMENT_TIMEOUT_MS, 20 s by default, core/db.py), so a killed request
# never leaves a query running; keep this above that setting.
timeout = 30

# gunicorn 27 opens a control socket at ~/.gunicorn/gunicorn.ctl; a second instance on the same
# host (another port, another city) would take it over. Nothing here uses gunicornc.
control_socket_disable = True

# The filter is imported by path; gunicorn's own script does not put the project on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent))

_GENERIC = {
    "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
    "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
}

# Replaces gunicorn's default logging configuration section by section (it merges only the top
# level), so every handler it names is defined here. No levels on the loggers: gunicorn sets
# them from --log-level.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_nik": {"()": "core.logging.MaskNikFilter"}},
    "formatters": {"generic": _GENERIC, "access": {"format": "%(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "filters": ["mask_nik"],
            "stream": "ext://sys.stdout",
        },
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["mask_nik"],
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "INFO", "handlers": ["error_console"]},
    "loggers": {
        # Not propagated: Django's root handler would print every line a second time.
        "gunicorn.error": {"handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "propagate": False},
    },
}
