"""core.models: one abstract base for who created a row and when."""

from django.apps import apps

from core.models import Created, CreatedAt


def project_models():
    others = {"django", "auditlog", "django_otp", "axes"}
    return [m for m in apps.get_models() if m.__module__.split(".")[0] not in others]


def test_every_model_that_records_when_it_was_created_uses_the_shared_base():
    for model in project_models():
        names = {f.name for f in model._meta.fields}
        if "created_at" in names:
            assert issubclass(model, CreatedAt), model
        if "created_by" in names:
            assert issubclass(model, Created), model


def test_the_creator_of_a_row_has_no_reverse_accessor_and_survives_the_users_deletion():
    for model in project_models():
        if issubclass(model, Created):
            field = model._meta.get_field("created_by")
            assert field.remote_field.related_name == "+"
            assert field.null and field.remote_field.on_delete.__name__ == "SET_NULL"
