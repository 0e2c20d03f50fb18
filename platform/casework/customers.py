"""Finding the resident a case belongs to: match on email, then phone, or create a new record.

People give the same details in different shapes, so details are normalised before they are
stored or compared: phone numbers to E.164 ("07700 900999" and "+44 7700 900999" are both
"+447700900999"), emails compared without regard to case, postcodes in capitals.
"""

from __future__ import annotations

import phonenumbers
from django.db import connections

from councils.models import Council
from form_definitions.address import address_line

from .models import Customer

CUSTOMER_FIELDS = ("name", "email", "phone", "postcode", "address", "uprn")
PHONE_REGION = "GB"  # a number without +44 or 00 is read as a UK number


def phone_normalise(raw: str) -> str:
    """E.164 ("+447700900999") when the text can be a phone number; otherwise the text as typed, trimmed."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_possible_number(number):
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(phone: str) -> str:
    """A stored number as people write it: "07700 900999" for UK numbers, "+33 1 23 45 67 89" for others."""
    if not phone.startswith("+"):
        return phone
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return phone
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == phonenumbers.country_code_for_region(PHONE_REGION)
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def phone_search_words(phone: str) -> list[str]:
    """The ways an officer may type a stored number into search: E.164, national, with or without spaces."""
    e164 = phone_normalise(phone)  # a number stored as typed (before E.164) is found the same way
    shown = phone_display(e164)
    return list(dict.fromkeys([phone, e164, shown, shown.replace(" ", "")]))


def customer_details_from_answers(answers: dict, mapping: dict[str, str]) -> dict[str, str]:
    """Pick the resident's contact details out of the answers using the form's `customer` mapping."""
    details = {}
    for attribute, field in mapping.items():
        if attribute in CUSTOMER_FIELDS and isinstance(answers.get(field), str):
            details[attribute] = answers[field].strip()
    for attribute, field in mapping.items():  # a "find an address" answer also gives the postcode and UPRN
        found = answers.get(field)
        if attribute in ("address", "uprn", "postcode") and isinstance(found, dict):
            parts = {"address": address_line(found), "uprn": found.get("uprn"), "postcode": found.get("postcode")}
            for key, value in parts.items():
                if isinstance(value, str) and value.strip() and (key == attribute or key not in mapping):
                    details[key] = value.strip()
    return details


def customer_details_normalise(details: dict[str, str]) -> dict[str, str]:
    """Known fields only, blanks dropped, phone in E.164, postcode in capitals, UPRN without spaces."""
    details = {k: v.strip() for k, v in details.items() if k in CUSTOMER_FIELDS and v and v.strip()}
    if details.get("phone"):
        details["phone"] = phone_normalise(details["phone"])
    if details.get("postcode"):
        details["postcode"] = details["postcode"].upper()
    if details.get("uprn"):
        details["uprn"] = details["uprn"].replace(" ", "")
    return details


def customer_match_or_create(council: Council, details: dict[str, str]) -> Customer | None:
    """The council's live record with this email (any case), else this phone number (any spacing), else a new one.

    A shared UPRN or name and postcode is only offered to officers as a possible match
    (services/customers.py): several people live at one property.
    """
    details = customer_details_normalise(details)
    if not details:
        return None
    existing = None
    if details.get("email"):
        existing = live_customer_find(council, lookup="email__iexact", value=details["email"])
    if existing is None and details.get("phone"):
        existing = live_customer_find(council, lookup="phone", value=details["phone"])
    if existing is None:
        return Customer.objects.create(council=council, **details)
    changed = [k for k, v in details.items() if not getattr(existing, k)]
    for key in changed:
        setattr(existing, key, details[key])
    if changed:
        existing.save(update_fields=changed)
    return existing


# Each look-up's SQL, compiled once per database by the ORM itself: compiling a queryset was most of the look-up's
# CPU (0.5 of a submission's 6 ms), and only the two values change between submissions.
_FIND_SQL: dict[tuple[str, str], str] = {}


def live_customer_find(council: Council, *, lookup: str, value: str) -> Customer | None:
    """The council's first unmerged customer (by name) with `lookup` ("email__iexact" or "phone") equal to `value`;
    the same row, from the same SQL, as `Customer.objects.filter(council=..., merged_into=None, **{lookup: value})
    .first()`."""
    db = Customer.objects.db
    connection = connections[db]
    sql = _FIND_SQL.get((connection.alias, lookup))
    if sql is None:
        query = Customer.objects.filter(council_id=0, merged_into=None, **{lookup: ""}).order_by("name")[:1].query
        sql, params = query.get_compiler(db).as_sql()
        if list(params) != [0, ""]:  # a Django that orders or shapes the parameters otherwise: no template
            raise RuntimeError(f"unexpected parameters {params!r} for the customer look-up by {lookup}")
        _FIND_SQL[(connection.alias, lookup)] = sql
    if lookup.endswith("__iexact"):
        value = connection.ops.prep_for_iexact_query(value)  # what the ORM's iexact does (LIKE escaping on SQLite)
    return next(iter(Customer.objects.raw(sql, [council.pk, value])), None)  # raw: the fields' converters still run
