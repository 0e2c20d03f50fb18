"""A resident's answers between pages, kept server-side in the session until they submit.

The draft holds the answers, the files already checked and stored, and the submission token that
makes a double click on "Send" create one case. Page order and visibility come from the form.
Files are checked first and stored only when their page is accepted (see staging.py for their life).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from casework.models import Service
from casework.services.submission import StoredUpload
from form_definitions.coerce import answers_from_post
from form_definitions.compiled import CompiledForm
from form_definitions.conditions import answers_visible, fields_hidden
from form_definitions.dates import DEFAULT_REGION
from form_definitions.fields import FieldSpec, PageSpec

from .staging import staged_uploads_discard, staged_uploads_settle, staged_uploads_touch, upload_stage
from .uploads import UploadRejected, upload_check, upload_name_clean


@dataclass
class Draft:
    form_id: int
    token: str
    answers: dict = field(default_factory=dict)
    uploads: dict[str, dict] = field(default_factory=dict)

    def stored_uploads(self, visible: dict) -> list[StoredUpload]:
        """Files whose question is still answered (a hidden question's file is not sent)."""
        return [StoredUpload(**meta) for name, meta in self.uploads.items() if name in visible]

    def upload_paths(self) -> list[str]:
        return [meta["path"] for meta in self.uploads.values()]


@dataclass(frozen=True)
class CheckedFile:
    """A posted file that passed the checks, still only in the request (nothing on disk yet)."""

    field: str
    upload: UploadedFile
    content_type: str

    @property
    def name(self) -> str:
        return upload_name_clean(self.upload.name)

    def answer(self) -> dict:
        """What the answers hold for a file question: its description, never its bytes or path."""
        return {"name": self.name, "content_type": self.content_type, "size": self.upload.size}


def _key(service: Service) -> str:
    return f"portal:draft:{service.pk}"


def _done_key(service: Service) -> str:
    return f"portal:submitted:{service.pk}"


def draft_get(request: HttpRequest, service: Service) -> Draft:
    """This browser's draft for the service; a new one when none, or when the form version changed."""
    stored = request.session.get(_key(service))
    if stored and stored.get("form_id") == service.form_id:
        return Draft(**stored)
    return Draft(form_id=service.form_id, token=uuid.uuid4().hex)


def draft_exists(request: HttpRequest, service: Service) -> bool:
    stored = request.session.get(_key(service))
    return bool(stored and stored.get("form_id") == service.form_id and stored.get("answers"))


def draft_save(request: HttpRequest, service: Service, draft: Draft) -> None:
    """Keep the draft in the session; its staged files count as in use from now (see upload_purge)."""
    request.session[_key(service)] = dataclasses.asdict(draft)
    staged_uploads_touch(paths=draft.upload_paths())


def draft_finish(request: HttpRequest, service: Service, draft: Draft) -> None:
    """Forget the answers but remember the token, so a resubmitted check page finds the case.

    The case now owns the files it took; any other file of the draft (a hidden question's) is removed.
    """
    staged_uploads_settle(paths=draft.upload_paths())
    request.session.pop(_key(service), None)
    request.session[_done_key(service)] = draft.token


def submitted_token(request: HttpRequest, service: Service) -> str:
    return request.session.get(_done_key(service), "")


def page_answers_merge(compiled: CompiledForm, page: PageSpec, draft: Draft, post) -> dict:
    """The draft's answers with this page's posted answers in place of its old ones.

    Conditions may point at questions on earlier pages, so visibility is worked out over the whole
    form after merging, not over this page alone.
    """
    unconditional = [dataclasses.replace(f, show_if=None) for f in page.fields]
    posted = answers_from_post(unconditional, post)
    names = {f.name for f in page.fields if f.widget != "file"}
    merged = {k: v for k, v in draft.answers.items() if k not in names}
    merged.update(posted)
    return answers_visible(compiled.fields, merged)


def page_repeat_change(page: PageSpec, answers: dict, post) -> dict | None:
    """The answers after "Add another" or "Remove" in a repeatable group on this page; None for any other button.

    Works without JavaScript: each button posts the page, and the page comes back with one item more or less."""
    groups = {f.name: f for f in page.fields if f.widget == "repeat"}
    added, removed = post.get("repeat_add", ""), post.get("repeat_remove", "")
    if added in groups:
        items = list(answers.get(added) or [{}])
        if len(items) < (groups[added].schema.get("maxItems") or len(items) + 1):
            items.append({})
        return {**answers, added: items}
    group, _, index = removed.rpartition("-")
    if group in groups and index.isdigit():
        items = [item for i, item in enumerate(answers.get(group) or []) if i != int(index)]
        return {**{k: v for k, v in answers.items() if k != group}, **({group: items} if items else {})}
    return None


def page_files_check(fields: list[FieldSpec], files) -> tuple[list[CheckedFile], dict[str, str]]:
    """Check each file posted for these questions without storing any; errors by question."""
    checked: list[CheckedFile] = []
    errors: dict[str, str] = {}
    for spec in fields:
        upload = files.get(spec.name) if spec.widget == "file" else None
        if upload is None:
            continue
        try:
            checked.append(
                CheckedFile(
                    field=spec.name,
                    upload=upload,
                    content_type=upload_check(upload, accept=spec.accept, max_size_mb=spec.max_size_mb),
                )
            )
        except UploadRejected as exc:
            errors[spec.name] = str(exc)
    return checked, errors


def answers_with_files(answers: dict, checked: list[CheckedFile]) -> dict:
    """The answers as they will be once these files are kept, to validate before anything is stored."""
    return {**answers, **{c.field: c.answer() for c in checked}}


def page_files_keep(checked: list[CheckedFile], *, draft: Draft, council_id: int) -> None:
    """Store files accepted into the draft; the file an answer replaces is removed at once."""
    for c in checked:
        replaced = draft.uploads.get(c.field)
        stored = upload_stage(
            c.upload,
            council_id=council_id,
            field=c.field,
            content_type=c.content_type,
            original_name=c.name,
            draft_token=draft.token,
        )
        draft.uploads[c.field] = dataclasses.asdict(stored)
        draft.answers[c.field] = c.answer()
        if replaced:
            staged_uploads_discard(paths=[replaced["path"]])


def draft_uploads_forget(draft: Draft, *, paths: set[str]) -> None:
    """Drop answers whose staged file is gone (purged while the draft sat unused)."""
    for name in [n for n, meta in draft.uploads.items() if meta["path"] in paths]:
        draft.uploads.pop(name)
        draft.answers.pop(name, None)


def pages_visible(compiled: CompiledForm, answers: dict) -> list[PageSpec]:
    """Pages with at least one question these answers do not hide."""
    hidden = fields_hidden(compiled.fields, answers)
    return [p for p in compiled.pages if any(f.name not in hidden for f in p.fields)]


def page_after(compiled: CompiledForm, page_id: str, answers: dict) -> PageSpec | None:
    order = [p.id for p in compiled.pages]
    later = set(order[order.index(page_id) + 1 :])
    return next((p for p in pages_visible(compiled, answers) if p.id in later), None)


def page_before(compiled: CompiledForm, page_id: str, answers: dict) -> PageSpec | None:
    order = [p.id for p in compiled.pages]
    earlier = set(order[: order.index(page_id)])
    previous = [p for p in pages_visible(compiled, answers) if p.id in earlier]
    return previous[-1] if previous else None


def page_first_invalid(compiled: CompiledForm, answers: dict, *, region: str = DEFAULT_REGION) -> PageSpec | None:
    """The first page a resident still has to correct or complete (`region`: the council's bank holidays)."""
    owners = {compiled.error_owner(key) for key in compiled.errors_for(answers, region=region)}
    for page in pages_visible(compiled, answers):
        if any(f.name in owners for f in page.fields):
            return page
    return None
