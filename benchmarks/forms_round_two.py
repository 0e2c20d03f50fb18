"""Form language, round two: "find an address" from the embedded gazetteer, and checking a big repeatable group.

address-lookup: a council gazetteer of ADDRESS_BENCH_ADDRESSES (200,000) addresses, 25 per postcode, loaded
from CSV text the way the admin loads an LLPG extract; then ADDRESS_BENCH_LOOKUPS (300) lookups of random
postcodes straight from the database (the result cache bypassed). Target: p95 under 20 ms (printed, not asserted).

repeat-validation: a form whose repeatable group holds 20 items of four questions each (REPEAT_BENCH_ITEMS),
checked REPEAT_BENCH_RUNS (200) times, once valid and once with an error in every item. Target: p95 under 10 ms.
"""

from __future__ import annotations

import random
import time

from .harness import env_int, percentile, report, summary, timed

PER_POSTCODE = 25
STREETS = ["High Street", "Mill Lane", "Church Road", "Station Road", "Park Avenue", "Queens Road"]


def _postcode(n: int) -> str:
    """A distinct, well-formed postcode for each n (RD1 0AA, RD1 0AB, ... RD99 9ZZ)."""
    district, rest = divmod(n, 10 * 26 * 26)
    sector, unit = divmod(rest, 26 * 26)
    return f"RD{district + 1} {sector}{chr(65 + unit // 26)}{chr(65 + unit % 26)}"


def _gazetteer_csv(count: int) -> str:
    lines = ["UPRN,USRN,PAO_START_NUMBER,STREET_DESCRIPTION,TOWN_NAME,POSTCODE_LOCATOR,X_COORDINATE,Y_COORDINATE"]
    for n in range(count):
        street = STREETS[n // PER_POSTCODE % len(STREETS)]
        lines.append(
            f"{100000000000 + n},{21000000 + n // PER_POSTCODE},{n % PER_POSTCODE + 1},{street},Riverside,"
            f"{_postcode(n // PER_POSTCODE)},{450000 + n % 1000},{200000 + n // 1000}"
        )
    return "\n".join(lines) + "\n"


def bench_address_lookup() -> None:
    from connectors.address_lookup import gazetteer_find
    from connectors.gazetteer import gazetteer_replace, gazetteer_rows_from_text
    from councils.models import Council

    count = env_int("ADDRESS_BENCH_ADDRESSES", 200_000)
    lookups = env_int("ADDRESS_BENCH_LOOKUPS", 300)
    council = Council.objects.get(slug="riverside")
    started = time.perf_counter()
    loaded = gazetteer_replace(
        council=council, rows=gazetteer_rows_from_text(council=council, text=_gazetteer_csv(count))
    )
    report(f"gazetteer CSV loaded ({loaded} addresses)", time.perf_counter() - started, "s")
    rng = random.Random(17)
    postcodes = max(1, count // PER_POSTCODE)
    found: list[int] = []
    samples = timed(
        lambda: found.append(len(gazetteer_find(council=council, postcode=_postcode(rng.randrange(postcodes))))),
        lookups,
    )
    assert all(n == min(PER_POSTCODE, count) for n in found), "every postcode holds its addresses"
    report(f"address lookup p95, {loaded} addresses", percentile(samples, 95) * 1000, "ms", summary(samples))


def bench_repeat_validation() -> None:
    from form_definitions.compiled import compile_form

    items = env_int("REPEAT_BENCH_ITEMS", 20)
    runs = env_int("REPEAT_BENCH_RUNS", 200)
    schema = {
        "type": "object",
        "required": ["bins"],
        "properties": {
            "bins": {
                "type": "array",
                "minItems": 1,
                "maxItems": items,
                "items": {
                    "type": "object",
                    "required": ["kind", "count"],
                    "properties": {
                        "kind": {"type": "string", "enum": ["general", "recycling", "garden", "food"]},
                        "count": {"type": "integer", "minimum": 1, "maximum": 9},
                        "left_at": {"type": "string", "maxLength": 60, "pattern": "^[A-Za-z0-9 ,.'-]*$"},
                        "seen": {"type": "string", "format": "date"},
                    },
                },
            }
        },
    }
    ui = {"fields": {"bins": {"widget": "repeat", "item_label": "Bin", "item_fields": {"kind": {"widget": "radios"}}}}}
    form = compile_form(schema, ui)
    good = {"bins": [{"kind": "food", "count": 2, "left_at": "By the gate", "seen": "2026-11-20"}] * items}
    bad = {"bins": [{"kind": "plastic", "count": 0, "left_at": "<b>", "seen": "2026-02-30"}] * items}
    assert form.errors_for(good) == {} and len(form.errors_for(bad)) == items * 4
    valid = timed(lambda: form.errors_for(good), runs)
    report(f"validate a {items}-item repeatable group p95", percentile(valid, 95) * 1000, "ms", summary(valid))
    broken = timed(lambda: form.errors_for(bad), runs)
    report(f"validate {items} items, every item wrong p95", percentile(broken, 95) * 1000, "ms", summary(broken))
