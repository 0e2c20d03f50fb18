"""Virus scanning of attachments (issue 20): files from before scanning existed are "unscanned"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("casework", "0010_customer_phone_e164")]

    operations = [
        # Rows that exist now were never scanned; new rows start pending (the model's default).
        migrations.AddField(
            model_name="attachment",
            name="scan_status",
            field=models.CharField(
                choices=[
                    ("pending", "Being checked for viruses"),
                    ("clean", "Checked: no virus found"),
                    ("infected", "Removed: a virus was found"),
                    ("unscanned", "Not checked (no virus scanner is configured)"),
                ],
                default="unscanned",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="attachment",
            name="scan_status",
            field=models.CharField(
                choices=[
                    ("pending", "Being checked for viruses"),
                    ("clean", "Checked: no virus found"),
                    ("infected", "Removed: a virus was found"),
                    ("unscanned", "Not checked (no virus scanner is configured)"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="attachment",
            name="scan_signature",
            field=models.CharField(blank=True, help_text="What ClamAV found, if anything.", max_length=200),
        ),
        migrations.AddField(
            model_name="attachment",
            name="scanned_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="attachment",
            index=models.Index(
                fields=["scan_status"],
                name="attachment_scan_waiting",
                condition=models.Q(scan_status__in=["pending", "unscanned"]),
            ),
        ),
    ]
