"""Stored phone numbers in E.164, so "07700 900999" and "+447700900999" match one customer (issue 17)."""

import phonenumbers
from django.db import migrations


def _e164(text: str) -> str:
    try:
        number = phonenumbers.parse(text.strip(), "GB")
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_possible_number(number):
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phones_normalise(apps, schema_editor):
    Customer = apps.get_model("casework", "Customer")
    for customer in Customer.objects.exclude(phone="").only("pk", "phone").iterator():
        normalised = _e164(customer.phone)
        if normalised != customer.phone:
            Customer.objects.filter(pk=customer.pk).update(phone=normalised)


class Migration(migrations.Migration):
    dependencies = [("casework", "0009_sla_clock")]

    operations = [migrations.RunPython(phones_normalise, migrations.RunPython.noop, elidable=True)]
