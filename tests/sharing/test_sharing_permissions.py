"""Central permissions: roles are groups, groups hold guardian object permissions, the scoping layer reads them."""
from __future__ import annotations

from django.contrib.auth import get_user_model

from councils.models import Council, Membership, Partnership, PartnershipMembership, Team
from councils.scoping import council_ids_for


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)  # no per-request permission caches


def test_council_roles_are_groups_with_object_permissions(demo):
    designer = demo.user("hillford-designer")
    assert list(designer.groups.values_list("name", flat=True)) == ["hillford:service_designer"]
    assert designer.has_perm("casework.change_service", demo.service("hillford", "pothole"))
    assert not designer.has_perm("casework.change_service", demo.service("riverside", "pothole"))
    assert not designer.has_perm("casework.change_service")  # no global grant that would bypass scoping
    waste_team = Team.objects.get(council__slug="riverside", slug="waste")
    leader, officer = demo.user("riverside-leader"), demo.user("riverside-waste")
    assert leader.has_perm("councils.change_team", waste_team)
    assert officer.has_perm("councils.view_team", waste_team) and not officer.has_perm("councils.change_team", waste_team)
    manager = demo.user("riverside-manager")
    assert council_ids_for(manager, "view_reports") == [demo.council("riverside").pk]
    assert council_ids_for(manager, "work_cases") == []


def test_removing_a_role_removes_what_it_granted(demo):
    officer = demo.user("riverside-waste")
    assert council_ids_for(_fresh(officer), "work_cases") == [demo.council("riverside").pk]
    Membership.objects.filter(user=officer).delete()
    assert council_ids_for(_fresh(officer), "work_cases") == []
    assert not _fresh(officer).groups.exists()


def test_partnership_roles_reach_every_member_council_including_later_ones(demo, client_for):
    partnership = Partnership.objects.get(slug="vale-partnership")
    user = get_user_model().objects.create_user("pat-designer", is_staff=True)
    PartnershipMembership.objects.create(user=user, partnership=partnership, role=PartnershipMembership.Role.SERVICE_DESIGNER)
    riverside, hillford = demo.council("riverside"), demo.council("hillford")
    assert set(council_ids_for(_fresh(user), "design_services")) == {riverside.pk, hillford.pk}
    assert council_ids_for(_fresh(user), "work_cases") == []
    assert _fresh(user).has_perm("casework.change_service", demo.service("riverside", "missed-bin"))
    listing = client_for(user).get("/admin/casework/service/").content.decode()
    assert "Riverside District Council" in listing and "Hillford Borough Council" in listing

    eastvale = Council.objects.create(slug="eastvale", name="Eastvale Council", code="EVC")
    eastvale.partnerships.add(partnership)
    assert eastvale.pk in council_ids_for(_fresh(user), "design_services")
    eastvale.partnerships.remove(partnership)
    assert eastvale.pk not in council_ids_for(_fresh(user), "design_services")

    admin = get_user_model().objects.create_user("pat-admin")
    PartnershipMembership.objects.create(user=admin, partnership=partnership, role=PartnershipMembership.Role.PARTNERSHIP_ADMIN)
    assert _fresh(admin).has_perm("councils.manage_library", partnership)
    assert set(council_ids_for(_fresh(admin), "view_reports")) == {riverside.pk, hillford.pk}
    assert council_ids_for(_fresh(admin), "work_cases") == [] and council_ids_for(_fresh(admin), "design_services") == []
    PartnershipMembership.objects.filter(user=admin).delete()
    assert not _fresh(admin).has_perm("councils.manage_library", partnership)
