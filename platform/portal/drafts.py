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
from django.utils.translation import gettext as _

from casework.models import Service
from casework.services.submission import StoredUpload
from form_definitions.coerce import answers_from_post
from form_definitions.compiled import CompiledForm
from form_definitions.conditions import answers_visible, fields_hidden
from form_definitions.dates import DEFAULT_REGION
from form_definitions.fields import FieldSpec, PageSpec
from form_definitions.map_point import MapArea

from .staging import staged_uploads_discard, staged_uploads_settle, staged_uploads_touch, upload_stage
from .uploads import UploadRejected, upload_check, upload_name_clean, upload_scan


@dataclass
class Draft:
    form_id: int
    token: str
    answers: dict = field(default_factory=dict)
    # Question -> its stored file, or for a "files" question the list of them (in the order of its answer).
    uploads: dict[str, dict | list[dict]] = field(default_factory=dict)

    def stored_uploads(self, visible: dict) -> list[StoredUpload]:
        """Files whose question is still answered (a hidden question's file is not sent)."""
        return [
            StoredUpload(**meta) for name, metas in self.uploads.items() if name in visible for meta in _each(metas)
        ]

    def upload_paths(self) -> list[str]:
        return [meta["path"] for metas in self.uploads.values() for meta in _each(metas)]


def _each(metas: dict | list[dict]) -> list[dict]:
    return metas if isinstance(metas, list) else [metas]


@dataclass(frozen=True)
class CheckedFile:
    """A posted file that passed the checks, still only in the request (nothing on disk yet)."""

    field: str
    upload: UploadedFile
    content_type: str
    scan_status: str
    several: bool = False  # one of the files of a "files" question, added to its list

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
    names = {f.name for f in page.fields if f.widget not in ("file", "files")}
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


def page_files_check(
    fields: list[FieldSpec], files, *, council_id: int, answers: dict | None = None
) -> tuple[list[CheckedFile], dict[str, str]]:
    """Check (and virus-scan) each file posted for these questions without storing any; errors by question.

    A "files" question takes several: each is sniffed on its own (the message names the file that
    failed), and together with those already in `answers` they may not pass the question's maxItems."""
    checked: list[CheckedFile] = []
    errors: dict[str, str] = {}
    for spec in fields:
        if spec.widget == "file" and (upload := files.get(spec.name)) is not None:
            try:
                checked.append(_checked(spec, upload, council_id=council_id))
            except UploadRejected as exc:
                errors[spec.name] = str(exc)
        elif spec.widget == "files" and (uploads := [u for u in files.getlist(spec.name) if u.name or u.size]):
            kept = len((answers or {}).get(spec.name) or [])
            most = spec.schema.get("maxItems") or len(uploads) + kept
            if kept + len(uploads) > most:
                errors[spec.name] = _("You can upload up to %(count)s files") % {"count": most}
                continue
            try:
                checked += [_checked(spec, u, council_id=council_id, several=True) for u in uploads]
            except UploadRejected as exc:
                errors[spec.name] = str(exc)
                checked = [c for c in checked if c.field != spec.name]  # one bad file: none of them is kept
    return checked, errors


def _checked(spec: FieldSpec, upload: UploadedFile, *, council_id: int, several: bool = False) -> CheckedFile:
    """Size and type first (cheap), then the virus scan; UploadRejected names the file when there are several."""
    try:
        content_type = upload_check(upload, accept=spec.accept, max_size_mb=spec.max_size_mb)
        scan_status = upload_scan(upload, council_id=council_id)
    except UploadRejected as exc:
        if several:  # several files: say which one
            raise UploadRejected(f"{upload_name_clean(upload.name)}: {exc}") from exc
        raise
    return CheckedFile(
        field=spec.name, upload=upload, content_type=content_type, scan_status=scan_status, several=several
    )


def answers_with_files(answers: dict, checked: list[CheckedFile]) -> dict:
    """The answers as they will be once these files are kept, to validate before anything is stored."""
    merged = dict(answers)
    for c in checked:
        merged[c.field] = [*(merged.get(c.field) or []), c.answer()] if c.several else c.answer()
    return merged


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
            scan_status=c.scan_status,
        )
        if c.several:  # one more file in the list
            metas = replaced if isinstance(replaced, list) else []
            draft.uploads[c.field] = [*metas, dataclasses.asdict(stored)]
            draft.answers[c.field] = [*(draft.answers.get(c.field) or [])[: len(metas)], c.answer()]
            continue
        draft.uploads[c.field] = dataclasses.asdict(stored)
        draft.answers[c.field] = c.answer()
        if replaced:
            staged_uploads_discard(paths=[m["path"] for m in _each(replaced)])


def page_file_remove(draft: Draft, post) -> bool:
    """ "Remove" beside one file of a "files" question (`files_remove=<question>-<index>`): True when one went."""
    name, _, index = (post.get("files_remove") or "").rpartition("-")
    metas = draft.uploads.get(name)
    if not (isinstance(metas, list) and index.isdigit() and int(index) < len(metas)):
        return False
    gone = metas.pop(int(index))
    answer = list(draft.answers.get(name) or [])
    if int(index) < len(answer):
        answer.pop(int(index))
    if metas:
        draft.answers[name] = answer
    else:
        draft.uploads.pop(name)
        draft.answers.pop(name, None)
    staged_uploads_discard(paths=[gone["path"]])
    return True


def draft_uploads_forget(draft: Draft, *, paths: set[str]) -> None:
    """Drop answers whose staged file is gone (purged while the draft sat unused)."""
    for name in [n for n, metas in draft.uploads.items() if any(m["path"] in paths for m in _each(metas))]:
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


def page_first_invalid(
    compiled: CompiledForm, answers: dict, *, region: str = DEFAULT_REGION, area: MapArea | None = None
) -> PageSpec | None:
    """The first page a resident still has to correct or complete (`region`: the council's bank holidays,
    `area`: its map area box)."""
    owners = {compiled.error_owner(key) for key in compiled.errors_for(answers, region=region, area=area)}
    for page in pages_visible(compiled, answers):
        if any(f.name in owners for f in page.fields):
            return page
    return None
