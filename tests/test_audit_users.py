import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import Group

from accounts import roles
from tests import factories

pytestmark = pytest.mark.django_db


def test_giving_a_user_a_role_and_a_kecamatan_is_in_the_audit_trail(admin_user):
    with set_actor(admin_user):
        officer = factories.UserFactory(username="petugas.baru")
        officer.groups.add(Group.objects.get(name=roles.FIELD_OFFICER))
        officer.kecamatan.add(factories.kecamatan("Setu"))
    entries = LogEntry.objects.get_for_object(officer)
    assert entries.filter(actor=admin_user).count() >= 3
    m2m = [e.changes_dict for e in entries if e.action == LogEntry.Action.UPDATE]
    assert any("Setu" in str(change.get("kecamatan", "")) for change in m2m)
    assert any(roles.FIELD_OFFICER in str(change.get("groups", "")) for change in m2m)
    assert not any("password" in e.changes_dict for e in entries)
