"""The portal's side of "find an address" (GOV.UK pattern): postcode, then a list to pick from, or manual entry.

Works without JavaScript: "Find address" posts the page and it comes back with the list. A picked
UPRN is looked up again here, server-side, and only then do its address, USRN and coordinates go into
the answer; whatever the browser posted for those parts is dropped, so they cannot be forged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from connectors.address_lookup import AddressLookupFailed, FoundAddress, address_by_uprn, addresses_find
from councils.models import Council
from form_definitions.address import LOOKED_UP_PARTS, MANUAL_PARTS, postcode_normalise
from form_definitions.fields import FieldSpec

FIND_BUTTON = "address_find"  # its value is the question's name


@dataclass
class AddressList:
    """What one "find an address" question shows: the postcode searched, its addresses, and any problem."""

    postcode: str = ""
    addresses: list[FoundAddress] = field(default_factory=list)
    selected: str = ""
    problem: str = ""  # shown as inset text (the finder failed): manual entry still works
    searched: bool = False


def address_fields(fields: list[FieldSpec]) -> list[FieldSpec]:
    return [f for f in fields if f.widget == "address_lookup"]


def post_addresses_resolve(fields: list[FieldSpec], post: QueryDict, *, council: Council) -> QueryDict:
    """The POST with each picked address (`<name>-uprn`) filled in from the provider, and nothing else trusted.

    A form without an address finder gets the POST itself (callers only read it): copying a QueryDict
    deep-copies every value, a cost on every resident POST (issue #21)."""
    finders = address_fields(fields)
    if not finders:
        return post
    resolved = post.copy()
    for spec in finders:
        for part in LOOKED_UP_PARTS:
            resolved.pop(f"{spec.name}-{part}", None)
        uprn = (post.get(f"{spec.name}-uprn") or "").strip()
        postcode = post.get(f"{spec.name}-find") or ""
        if not uprn or post.get(FIND_BUTTON) == spec.name:
            continue
        try:
            found = address_by_uprn(council=council, postcode=postcode, uprn=uprn)
        except AddressLookupFailed:
            found = None
        if found is None:
            continue
        for part in MANUAL_PARTS:
            resolved.pop(f"{spec.name}-{part}", None)
        for part, value in found.answer().items():
            resolved[f"{spec.name}-{part}"] = str(value)
    return resolved


def find_errors(name: str, post: QueryDict) -> dict[str, str]:
    """GOV.UK's messages when "Find address" was pressed with no postcode or one that is not real."""
    typed = (post.get(f"{name}-find") or "").strip()
    if not typed:
        return {name: _("Enter a postcode")}
    if postcode_normalise(typed) is None:
        return {name: _("Enter a real postcode")}
    return {}


def address_lists(
    fields: list[FieldSpec], *, council: Council, answers: dict, post: QueryDict | None = None
) -> dict[str, AddressList]:
    """For each address question on the page: the list to show (after "Find address", or for a picked answer)."""
    lists: dict[str, AddressList] = {}
    for spec in address_fields(fields):
        raw = answers.get(spec.name)
        answer: dict = raw if isinstance(raw, dict) else {}
        typed = (post.get(f"{spec.name}-find") or "") if post is not None else ""
        if not typed and answer.get("uprn"):
            typed = str(answer.get("postcode") or "")
        shown = AddressList(postcode=typed.strip(), selected=str(answer.get("uprn") or ""))
        postcode = postcode_normalise(typed)
        if postcode:
            shown.postcode, shown.searched = postcode, True
            try:
                shown.addresses = addresses_find(council=council, postcode=postcode)
            except AddressLookupFailed:
                shown.problem = _("The address finder is not working at the moment. Enter the address manually.")
            else:
                if not shown.addresses:
                    shown.problem = _(
                        "We could not find an address for %(postcode)s. Check the postcode or enter the address manually."
                    ) % {"postcode": postcode}
        lists[spec.name] = shown
    return lists


def address_find_pressed(fields: list[FieldSpec], post: QueryDict) -> str | None:
    """The question whose "Find address" was pressed, or whose postcode was typed and Enter pressed
    before any list was shown (nothing picked, nothing typed by hand): that is a search, not an answer."""
    names = [f.name for f in address_fields(fields)]
    if post.get(FIND_BUTTON) in names:
        return post.get(FIND_BUTTON)
    for name in names:
        searched = f"{name}-uprn" in post
        typed_by_hand = any((post.get(f"{name}-{part}") or "").strip() for part in MANUAL_PARTS)
        if (post.get(f"{name}-find") or "").strip() and not searched and not typed_by_hand:
            return name
    return None
