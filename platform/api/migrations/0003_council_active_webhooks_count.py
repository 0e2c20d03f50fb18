"""Count each council's existing active webhook subscriptions into Council.active_webhooks (issue #21)."""

from django.db import migrations


def active_webhooks_count(apps, schema_editor):
    Council = apps.get_model("councils", "Council")
    WebhookSubscription = apps.get_model("api", "WebhookSubscription")
    for council in Council.objects.all():
        council.active_webhooks = WebhookSubscription.objects.filter(
            client__council=council, is_active=True, client__revoked_at__isnull=True
        ).count()
        council.save(update_fields=["active_webhooks"])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_webhooks_service_accounts"),
        ("councils", "0007_council_teams_version_active_webhooks"),
    ]

    operations = [migrations.RunPython(active_webhooks_count, migrations.RunPython.noop)]
