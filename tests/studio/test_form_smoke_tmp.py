import pytest
from form_definitions.models import FormDefinition

@pytest.mark.django_db
def test_smoke(client, demo):
    client.force_login(demo.user("riverside-designer"))
    form = FormDefinition.objects.filter(council__slug="riverside", slug="missed-bin").first()
    r = client.get(f"/admin/studio/forms/{form.pk}/")
    assert r.status_code == 200, r.content.decode()[:3000]
    r = client.get(f"/admin/studio/forms/{form.pk}/?q=bin_type")
    assert r.status_code == 200
    open("/tmp/edit.html","w").write(r.content.decode())
    r = client.get(f"/admin/studio/forms/{form.pk}/preview/", follow=True)
    assert r.status_code == 200, r.content.decode()[:3000]
    open("/tmp/prev.html","w").write(r.content.decode())
    print(form.status, r.redirect_chain)
