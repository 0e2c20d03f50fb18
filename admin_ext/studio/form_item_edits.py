"""A repeatable group's item questions: rewritten from the group's panel, keeping every key the panel did not change."""

from __future__ import annotations

from .form_edit_find import edit_refuse, name_from_label, value_set_or_drop
from .form_edit_inputs import ItemInput
from .form_kinds import CHOICE_WIDGETS, ITEM_WIDGETS, kind_shape
from .form_model import Question, item_questions
from .form_question_apply import options_write, question_apply


def items_apply(group: Question, inputs: list[ItemInput]) -> None:
    """The group's item questions from the panel, in the panel's order."""
    items = group.prop.setdefault("items", {"type": "object"})
    existing = {q.name: q for q in item_questions(group)}
    kept: list[Question] = []
    for entry in inputs:
        if entry.remove:
            continue
        if entry.data.widget not in ITEM_WIDGETS:
            raise edit_refuse(
                f"/studio/{group.name}/item-{entry.name or 'new'}-widget", "Choose a kind an item can ask"
            )
        if entry.name:
            sub = existing.get(entry.name)
            if sub is None:
                raise edit_refuse(
                    f"/studio/{group.name}/item-{entry.name}-label", f'there is no item question "{entry.name}"'
                )
        else:
            taken = {q.name for q in kept} | set(existing)
            sub = Question(
                name=name_from_label(entry.data.label, taken),
                prop=kind_shape({}, entry.data.widget, integer_only=False),
                ui={},
                required=False,
                label="",
            )
        question_apply(sub, entry.data)
        if entry.data.widget in CHOICE_WIDGETS and not sub.choices:  # new, or now a choice: options to edit next
            target = sub.prop["items"] if entry.data.widget == "checkboxes" else sub.prop
            options_write(target, [("option_1", "Option 1"), ("option_2", "Option 2")], as_enum=False)
        sub.ui.pop("show_if", None)
        kept.append(sub)
    if not kept:
        raise edit_refuse(f"/studio/{group.name}/item_new-label", "A group needs at least one question for each item")
    stored_order = [q.name for q in item_questions(group)]
    items["properties"] = {q.name: q.prop for q in kept}
    names = [q.name for q in kept]
    if "item_order" in group.ui or names != [n for n in stored_order if n in names] + [
        n for n in names if n not in stored_order
    ]:
        group.ui["item_order"] = names  # moved: written out, since PostgreSQL's jsonb keeps no key order
    stored = [n for n in items.get("required") or [] if any(q.name == n and q.required for q in kept)]
    required = stored + [q.name for q in kept if q.required and q.name not in stored]
    if required or "required" in items:
        items["required"] = required
    settings = {q.name: q.ui for q in kept if q.ui}
    value_set_or_drop(group.ui, "item_fields", settings or None)
    welsh = {q.name: q.welsh for q in kept if q.welsh}  # a removed item question's Welsh goes with it
    value_set_or_drop(group.welsh, "items", welsh or None)
