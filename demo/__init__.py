"""Demo data: a realistic, deterministic two-year program for `manage.py seed_demo`.

A Django app only so that its command is found; it has no models. records.py holds
the plan's records and the helpers the planners share; the planners (plan_*.py)
import only records, vocab and the domain apps, never each other. They decide
everything in plain Python from a seed (people, rotation, attendance, KUBs,
businesses, exhibitions, referrals); write.py stores the plan; seed.py checks the
database is empty and runs both in one transaction.
"""
