"""REST API views (thin: api/writes.py and api/webhooks.py do the work). Every queryset is limited to
api_council_ids (an officer's councils via the scoping layer, or an API client's one council), so another
council's row is a 404. Lists are cursor pages in a stable order, filtered by django-filter (api/filters.py).
Writes need a client's bearer token with the write scope; errors are problem details (api/errors.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.attachment_files import attachment_file_response, attachment_withheld_reason
from casework.exceptions import SubmissionInvalid
from casework.models import Attachment, Case, CaseEvent, CaseTask, Customer, Service

from .errors import Conflict, invalid
from .feed import event_feed_number
from .filters import AttachmentFilter, CaseFilter, CustomerFilter, EventFilter, ServiceFilter, TaskFilter
from .models import ApiClient, WebhookSubscription
from .oauth import OfficerOrScopedClient, ScopedClient, api_council_ids, token_client
from .serializers import (
    AttachmentCreateSerializer,
    AttachmentSerializer,
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseEventSerializer,
    CaseSerializer,
    CaseTaskSerializer,
    CustomerSerializer,
    EventPageSerializer,
    FeedEventSerializer,
    MessageCreateSerializer,
    NoteCreateSerializer,
    ProblemSerializer,
    ReplyCreateSerializer,
    ReplyResultSerializer,
    ServiceSerializer,
    TaskCompleteSerializer,
    WebhookCreatedSerializer,
    WebhookSerializer,
)
from .webhooks import webhook_subscribe, webhook_unsubscribe
from .writes import (
    api_case_create,
    api_connector_reply,
    api_file_attach,
    api_message_send,
    api_note_add,
    api_task_complete,
)

REFUSED = OpenApiResponse(ProblemSerializer, description="No valid token or session, or the token lacks the scope.")
BAD_CURSOR = OpenApiResponse(ProblemSerializer, description="The `cursor` is not one this API gave out.")
INVALID = OpenApiResponse(ProblemSerializer, description="Invalid input; `errors` names each field by its path.")
CONFLICT = OpenApiResponse(ProblemSerializer, description="The case or task changed meanwhile (stale `version`).")
NOT_FOUND = OpenApiResponse(
    ProblemSerializer, description="No such row, or one of another council (no existence leak)."
)
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="Repeat a create safely: the same key (per client) returns the case it made, with 200.",
)


class BoundedIdLookup:
    """An id past a 64-bit integer (or not a number) is a 404, not a database overflow (found by schemathesis)."""

    def get_object(self):
        lookup = self.kwargs.get(getattr(self, "lookup_url_kwarg", None) or self.lookup_field, "")
        if self.lookup_field == "pk" and not (str(lookup).isdigit() and len(str(lookup)) <= 18):
            raise NotFound("No such row.")
        return super().get_object()


class ScopedViewSet(viewsets.GenericViewSet):
    """Scopes and permissions per action: reads take `read_scope` (officers too), writes `write_scope` (clients)."""

    read_scope = "cases:read"
    write_scope = "cases:write"
    read_actions: tuple[str, ...] = ("list", "retrieve")

    @property
    def required_scopes(self) -> list[str]:
        return [self.read_scope if self.action in self.read_actions else self.write_scope]

    def get_permissions(self):
        return [OfficerOrScopedClient() if self.action in self.read_actions else ScopedClient()]

    def client(self) -> ApiClient:
        return _client(self.request)


def _client(request: Request) -> ApiClient:
    """The token's client (the write permission has checked there is one)."""
    client = token_client(request)
    if client is None:
        raise NotAuthenticated("Send a bearer token of an API client.")
    return client


def _validated(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(
    list=extend_schema(responses={200: CaseSerializer(many=True), 400: INVALID, 403: REFUSED, 404: BAD_CURSOR}),
    retrieve=extend_schema(responses={200: CaseDetailSerializer, 403: REFUSED, 404: NOT_FOUND}),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Cases of the councils whose cases you work on (an API client: its council), newest first."""

    lookup_field = "reference"
    lookup_value_regex = "[^/]+"
    cursor_ordering = ("-submitted_at", "-pk")
    filterset_class = CaseFilter

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view for the schema
            return Case.objects.none()
        cases = (
            Case.objects.filter(council_id__in=api_council_ids(self.request))
            .select_related("council", "service")
            .order_by(*self.cursor_ordering)
        )
        if self.action == "retrieve":
            cases = cases.prefetch_related("case_tasks__team", "case_tasks__task__owner")
        return cases

    def get_serializer_class(self):
        return CaseSerializer if self.action == "list" else CaseDetailSerializer

    def _detail(self, case: Case, code: int) -> Response:
        fresh = self.get_queryset().get(pk=case.pk)
        return Response(CaseDetailSerializer(fresh).data, status=code)

    @extend_schema(
        request=CaseCreateSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: CaseDetailSerializer, 200: CaseDetailSerializer, 400: INVALID, 403: REFUSED},
        description="Create a case for a resident (assisted channel), validated by the service's own form.",
    )
    def create(self, request: Request) -> Response:
        data = _validated(CaseCreateSerializer, request)
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 200:
            raise invalid({"Idempotency-Key": "At most 200 characters"})
        try:
            case, made = api_case_create(
                client=self.client(),
                service_slug=data["service"],
                answers=data["answers"],
                channel=data["channel"],
                idempotency_key=key,
            )
        except SubmissionInvalid as exc:
            raise invalid(exc.errors, prefix="answers.") from exc
        return self._detail(case, status.HTTP_201_CREATED if made else status.HTTP_200_OK)

    @extend_schema(
        request=NoteCreateSerializer,
        responses={201: CaseEventSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND, 409: CONFLICT},
        description="Add an internal note to the case's timeline.",
    )
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, reference: str) -> Response:
        data = _validated(NoteCreateSerializer, request)
        event = api_note_add(
            client=self.client(), case=self.get_object(), text=data["text"], version=data.get("version")
        )
        return Response(CaseEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": AttachmentCreateSerializer},
        responses={201: AttachmentSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND, 409: CONFLICT},
        description="Attach a file to the case (multipart `file`): checked and virus-scanned as residents' files are.",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser], url_path="attachments")
    def attach(self, request: Request, reference: str) -> Response:
        data = _validated(AttachmentCreateSerializer, request)
        attachment = api_file_attach(
            client=self.client(),
            case=self.get_object(),
            upload=data["file"],
            note=data.get("note", ""),
            version=data.get("version"),
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=MessageCreateSerializer,
        responses={201: CaseEventSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND, 409: CONFLICT},
        description="Email the resident (through the outbox); the message shows on the timeline and tracking page.",
    )
    @action(detail=True, methods=["post"])
    def messages(self, request: Request, reference: str) -> Response:
        data = _validated(MessageCreateSerializer, request)
        event = api_message_send(
            client=self.client(),
            case=self.get_object(),
            subject=data["subject"],
            body=data["body"],
            version=data.get("version"),
        )
        return Response(CaseEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReplyCreateSerializer,
        responses={200: ReplyResultSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
        description="Reply to the case's connector step as that back office (what its signed webhook does): "
        "the reply is kept with the case and a waiting step goes on; the same `event_id` again changes nothing.",
    )
    @action(detail=True, methods=["post"])
    def replies(self, request: Request, reference: str) -> Response:
        data = _validated(ReplyCreateSerializer, request)
        key = data.get("delivery_key")
        result = api_connector_reply(
            client=self.client(),
            case=self.get_object(),
            connector_slug=data["connector"],
            event_id=data["event_id"],
            data=data["data"],
            delivery_key=str(key) if key else None,
        )
        return Response(result)


TASK_ID = [OpenApiParameter("id", int, OpenApiParameter.PATH, description="The task's id.")]


@extend_schema_view(
    list=extend_schema(responses={200: CaseTaskSerializer(many=True), 400: INVALID, 403: REFUSED, 404: BAD_CURSOR}),
    retrieve=extend_schema(parameters=TASK_ID, responses={200: CaseTaskSerializer, 403: REFUSED, 404: NOT_FOUND}),
)
class TaskViewSet(BoundedIdLookup, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Tasks of the councils whose cases you work on, oldest first; `?open=true` for open ones only.

    Paged in creation order, not by due date: `due_at` may be empty, and a cursor cannot page on it."""

    serializer_class = CaseTaskSerializer
    cursor_ordering = ("created_at", "pk")
    filterset_class = TaskFilter
    read_scope = write_scope = "tasks"

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return CaseTask.objects.none()
        return (
            CaseTask.objects.filter(council_id__in=api_council_ids(self.request))
            .select_related("case", "team", "task__owner")
            .order_by(*self.cursor_ordering)
        )

    @extend_schema(
        parameters=TASK_ID,
        request=TaskCompleteSerializer,
        responses={200: CaseTaskSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND, 409: CONFLICT},
        description="Complete the task with an outcome and its task-form answers (the client's service account "
        "claims it first, so it must be in the task's team).",
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        data = _validated(TaskCompleteSerializer, request)
        case_task = self.get_object()
        try:
            api_task_complete(
                client=self.client(), case_task=case_task, outcome=data["outcome"], answers=data["answers"]
            )
        except SubmissionInvalid as exc:
            raise invalid(
                {path if path == "outcome" else f"answers.{path}": message for path, message in exc.errors.items()}
            ) from exc
        return Response(CaseTaskSerializer(self.get_queryset().get(pk=case_task.pk)).data)


@extend_schema_view(
    list=extend_schema(responses={200: ServiceSerializer(many=True), 400: INVALID, 403: REFUSED, 404: BAD_CURSOR}),
    retrieve=extend_schema(responses={200: ServiceSerializer, 403: REFUSED, 404: NOT_FOUND}),
)
class ServiceViewSet(BoundedIdLookup, viewsets.ReadOnlyModelViewSet):
    """Services of the councils you work for or design for."""

    serializer_class = ServiceSerializer
    cursor_ordering = ("pk",)
    permission_classes = [OfficerOrScopedClient]
    required_scopes = ["cases:read"]
    filterset_class = ServiceFilter

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Service.objects.none()
        return (
            Service.objects.filter(council_id__in=api_council_ids(self.request, "work_cases", "design_services"))
            .select_related("council", "form", "workflow")
            .order_by(*self.cursor_ordering)
        )


class EventFeedView(APIView):
    """The case events you may see, in feed order, from just after `after` (the last position you read)."""

    permission_classes = [OfficerOrScopedClient]
    required_scopes = ["events"]

    @extend_schema(
        parameters=[
            OpenApiParameter("after", int, description="The last feed position you have; 0 or absent: from the start."),
            OpenApiParameter("page_size", int, description="At most API_MAX_PAGE_SIZE."),
        ],
        filters=True,
        responses={200: EventPageSerializer, 400: INVALID, 403: REFUSED},
    )
    def get(self, request: Request) -> Response:
        after = _non_negative(request.query_params.get("after", "0"), "after")
        size = min(_non_negative(request.query_params.get("page_size", "0"), "page_size") or 50, 200)
        events = EventFilter(
            request.query_params,
            queryset=CaseEvent.objects.filter(case__council_id__in=api_council_ids(request), feed_position__gt=after)
            .select_related("case__council")
            .order_by("feed_position"),
        )
        if not events.is_valid():
            raise invalid({key: " ".join(errors) for key, errors in events.errors.items()})
        event_feed_number()
        rows = list(events.qs[:size])
        last = rows[-1].feed_position if rows else after
        following = None
        if len(rows) == size:
            params = request.query_params.copy()
            params["after"] = str(last)
            following = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        return Response({"results": FeedEventSerializer(rows, many=True).data, "after": last, "next": following})

    filterset_class = EventFilter


def _non_negative(value: str, name: str) -> int:
    if not value.isdigit() or len(value) > 18:
        raise invalid({name: "A whole number, 0 or more"})
    return int(value)


@extend_schema_view(
    list=extend_schema(responses={200: WebhookSerializer(many=True), 403: REFUSED, 404: BAD_CURSOR}),
    create=extend_schema(
        request=WebhookSerializer, responses={201: WebhookCreatedSerializer, 400: INVALID, 403: REFUSED}
    ),
    destroy=extend_schema(responses={204: None, 403: REFUSED, 404: NOT_FOUND}),
)
class WebhookViewSet(
    BoundedIdLookup, mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Your client's webhook subscriptions: each receives its council's case events, signed with its secret."""

    serializer_class = WebhookSerializer
    permission_classes = [ScopedClient]
    required_scopes = ["events"]
    cursor_ordering = ("pk",)

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return WebhookSubscription.objects.none()
        client = token_client(self.request)
        return WebhookSubscription.objects.filter(client=client, is_active=True).select_related("connector")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        return self.get_paginated_response([_webhook_row(s) for s in page])

    def create(self, request: Request) -> Response:
        data = _validated(WebhookSerializer, request)
        subscription, secret = webhook_subscribe(client=_client(request), url=data["url"], kinds=data["kinds"])
        return Response({**_webhook_row(subscription), "secret": secret}, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk: str) -> Response:
        webhook_unsubscribe(subscription=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def _webhook_row(subscription: WebhookSubscription) -> dict:
    return {
        "id": subscription.pk,
        "url": subscription.connector.config.get("url", ""),
        "kinds": subscription.kinds,
        "is_active": subscription.is_active,
        "created_at": subscription.created_at,
    }


class FileRenderer(BaseRenderer):
    """Lets a download ask for `Accept: application/octet-stream` (DRF would answer 406); errors stay JSON text."""

    media_type = "application/octet-stream"
    format = "bin"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return JSONRenderer().render(data)


ROW_ID = [OpenApiParameter("id", int, OpenApiParameter.PATH, description="The row's id.")]
NOT_CLEAN = OpenApiResponse(
    ProblemSerializer, description="The file is still being checked for viruses, or a virus was found in it."
)


@extend_schema_view(
    list=extend_schema(responses={200: CustomerSerializer(many=True), 400: INVALID, 403: REFUSED, 404: BAD_CURSOR}),
    retrieve=extend_schema(parameters=ROW_ID, responses={200: CustomerSerializer, 403: REFUSED, 404: NOT_FOUND}),
)
class CustomerViewSet(BoundedIdLookup, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Residents' records at the councils whose cases you work on (a record merged into another is left out)."""

    serializer_class = CustomerSerializer
    cursor_ordering = ("pk",)
    filterset_class = CustomerFilter

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Customer.objects.none()
        return Customer.objects.filter(council_id__in=api_council_ids(self.request), merged_into=None).order_by(
            *self.cursor_ordering
        )


@extend_schema_view(
    list=extend_schema(responses={200: AttachmentSerializer(many=True), 400: INVALID, 403: REFUSED, 404: BAD_CURSOR}),
    retrieve=extend_schema(parameters=ROW_ID, responses={200: AttachmentSerializer, 403: REFUSED, 404: NOT_FOUND}),
)
class AttachmentViewSet(BoundedIdLookup, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Files on the cases of the councils whose cases you work on; the bytes only once scanned clean."""

    serializer_class = AttachmentSerializer
    cursor_ordering = ("pk",)
    filterset_class = AttachmentFilter
    read_actions = ("list", "retrieve", "download")

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Attachment.objects.none()
        return (
            Attachment.objects.filter(case__council_id__in=api_council_ids(self.request))
            .select_related("case")
            .order_by(*self.cursor_ordering)
        )

    @extend_schema(
        parameters=ROW_ID,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The file's bytes."),
            403: REFUSED,
            404: NOT_FOUND,
            409: NOT_CLEAN,
        },
        description="The file itself, as the officer's page serves it: only once ClamAV found it clean.",
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, FileRenderer])
    def download(self, request: Request, pk: str) -> FileResponse:
        attachment = self.get_object()
        withheld = attachment_withheld_reason(attachment)
        if withheld:
            raise Conflict(withheld)
        return attachment_file_response(attachment)
