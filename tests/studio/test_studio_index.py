"""The studio's front page sits inside the admin login and shows only the designer's own council."""

import pytest


@pytest.mark.django_db
def test_designer_sees_own_council_forms_only(client, demo):
    client.force_login(demo.user("riverside-designer"))
    response = client.get("/admin/studio/")
    assert response.status_code == 200
    html = response.content.decode()
    council_names = {form.council.name for form in response.context["forms"]}
    assert council_names == {"Riverside District Council"}
    assert "Hillford" not in html


@pytest.mark.django_db
def test_officer_without_design_role_gets_404(client, demo):
    client.force_login(demo.user("riverside-waste"))
    assert client.get("/admin/studio/").status_code in (302, 404)


@pytest.mark.django_db
def test_anonymous_is_sent_to_admin_login(client, demo):
    response = client.get("/admin/studio/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
