"""Role sync now grants permissions on councils only (issue 22): drop the grants on services and teams and the
`manage_library` permission that no code read, so the stored permissions are the model that runs."""

from django.db import migrations

UNREAD = [
    ("casework", "service", ("view_service", "change_service")),
    ("councils", "team", ("view_team", "change_team")),
]


def unread_grants_remove(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model_name in ("GroupObjectPermission", "UserObjectPermission"):
        grants = apps.get_model("guardian", model_name).objects
        for app_label, model, codenames in UNREAD:
            kind = ContentType.objects.filter(app_label=app_label, model=model).first()
            if kind is not None:
                grants.filter(content_type=kind, permission__codename__in=codenames).delete()
    # Its guardian grants go with it (foreign key cascade).
    Permission.objects.filter(
        content_type__app_label="councils", content_type__model="partnership", codename="manage_library"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0004_welsh_text"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(name="partnership", options={}),
        migrations.RunPython(unread_grants_remove, migrations.RunPython.noop),
    ]
