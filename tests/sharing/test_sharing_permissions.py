"""Central permissions: roles are groups, groups hold guardian object permissions, the scoping layer reads them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import GroupObjectPermission, UserObjectPermission

from casework.assignment import team_member_is
from councils.models import Council, Membership, Partnership, PartnershipMembership, Team
from councils.scoping import council_ids_for


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)  # no per-request permission caches


def test_council_roles_are_groups_with_object_permissions(demo, client_for):
    designer = demo.user("hillford-designer")
    assert list(designer.groups.values_list("name", flat=True)) == ["hillford:service_designer"]
    assert council_ids_for(designer, "design_services") == [demo.council("hillford").pk]
    assert not designer.has_perm("casework.change_service")  # no global grant that would bypass scoping
    listing = client_for(designer).get("/admin/casework/service/").content.decode()
    own, other = demo.service("hillford", "pothole"), demo.service("riverside", "pothole")
    assert (
        f"/admin/casework/service/{own.pk}/change/" in listing
        and f"/admin/casework/service/{other.pk}/change/" not in listing
    )
    waste_team = Team.objects.get(council__slug="riverside", slug="waste")
    leader, officer = demo.user("riverside-leader"), demo.user("riverside-waste")
    # Who leads or works in a team is its TeamMembership row, read where tasks are reassigned (casework.assignment).
    assert team_member_is(leader, waste_team, role="team_leader") and demo.council("riverside").pk in council_ids_for(
        leader, "lead_teams"
    )
    assert team_member_is(officer, waste_team) and not team_member_is(officer, waste_team, role="team_leader")
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
    PartnershipMembership.objects.create(
        user=user, partnership=partnership, role=PartnershipMembership.Role.SERVICE_DESIGNER
    )
    riverside, hillford = demo.council("riverside"), demo.council("hillford")
    assert set(council_ids_for(_fresh(user), "design_services")) == {riverside.pk, hillford.pk}
    assert council_ids_for(_fresh(user), "work_cases") == []
    listing = client_for(user).get("/admin/casework/service/").content.decode()
    assert "Riverside District Council" in listing and "Hillford Borough Council" in listing

    eastvale = Council.objects.create(slug="eastvale", name="Eastvale Council", code="EVC")
    eastvale.partnerships.add(partnership)
    assert eastvale.pk in council_ids_for(_fresh(user), "design_services")
    eastvale.partnerships.remove(partnership)
    assert eastvale.pk not in council_ids_for(_fresh(user), "design_services")

    admin = get_user_model().objects.create_user("pat-admin")
    PartnershipMembership.objects.create(
        user=admin, partnership=partnership, role=PartnershipMembership.Role.PARTNERSHIP_ADMIN
    )
    assert set(council_ids_for(_fresh(admin), "view_reports")) == {riverside.pk, hillford.pk}
    assert (
        council_ids_for(_fresh(admin), "work_cases") == [] and council_ids_for(_fresh(admin), "design_services") == []
    )
    PartnershipMembership.objects.filter(user=admin).delete()
    assert council_ids_for(_fresh(admin), "view_reports") == []


def test_roles_grant_council_permissions_only_the_ones_the_code_reads(demo):
    """Every decision reads a permission on a council (councils.scoping) or a TeamMembership row: role sync writes
    nothing else, so the table in docs/sharing.md is the model that runs."""
    council_type = ContentType.objects.get_for_model(Council)
    assert GroupObjectPermission.objects.exists()
    assert (
        list(
            GroupObjectPermission.objects.exclude(content_type=council_type).values_list(
                "permission__codename", flat=True
            )
        )
        == []
    )
    assert list(UserObjectPermission.objects.values_list("permission__codename", flat=True)) == []
    codenames = set(GroupObjectPermission.objects.values_list("permission__codename", flat=True))
    assert codenames == {"work_cases", "lead_teams", "design_services", "view_reports", "administer"}
    assert not Permission.objects.filter(codename="manage_library").exists()


def test_the_migration_removes_grants_older_versions_wrote_on_services_teams_and_partnerships(demo):
    from importlib import import_module

    from django.apps import apps
    from guardian.shortcuts import assign_perm

    group = demo.user("hillford-designer").groups.get()
    service, team = demo.service("hillford", "pothole"), Team.objects.filter(council__slug="hillford").first()
    partnership = Partnership.objects.get(slug="vale-partnership")
    manage = Permission.objects.create(
        codename="manage_library",
        name="Manage the partnership's service library",
        content_type=ContentType.objects.get_for_model(Partnership),
    )
    assign_perm("casework.change_service", group, service)
    assign_perm("councils.change_team", demo.user("riverside-leader"), team)
    assign_perm(manage, group, partnership)
    council_grants = GroupObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(Council)
    ).count()

    import_module("councils.migrations.0005_role_sync_council_permissions_only").unread_grants_remove(apps, None)

    assert GroupObjectPermission.objects.count() == council_grants and not UserObjectPermission.objects.exists()
    assert not Permission.objects.filter(codename="manage_library").exists()
