"""What the REST API shows of cases, tasks and services: enough to integrate, never another council's data."""

from __future__ import annotations

from rest_framework import serializers

from casework.models import Attachment, Case, CaseTask, Customer, Service


class ServiceSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    form_version = serializers.IntegerField(source="form.version", read_only=True, allow_null=True)
    workflow_version = serializers.IntegerField(source="workflow.version", read_only=True, allow_null=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "council",
            "slug",
            "name",
            "category",
            "summary",
            "lgsl_code",
            "sla_working_days",
            "is_live",
            "form_version",
            "workflow_version",
            "provenance",
        ]


class CaseTaskSerializer(serializers.ModelSerializer):
    case: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    team = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner = serializers.SerializerMethodField()

    class Meta:
        model = CaseTask
        fields = [
            "task_id",
            "case",
            "step_id",
            "title",
            "team",
            "owner",
            "is_open",
            "priority",
            "due_at",
            "created_at",
            "outcome",
            "completed_at",
        ]

    def get_owner(self, obj: CaseTask) -> str | None:
        owner = obj.task.owner
        return owner.get_username() if owner else None


class CaseSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    service = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.CharField(source="case_status", read_only=True)

    class Meta:
        model = Case
        fields = [
            "reference",
            "council",
            "service",
            "channel",
            "status",
            "outcome",
            "priority",
            "submitted_at",
            "due_at",
            "resolved_at",
            "closed_at",
        ]


class CaseDetailSerializer(CaseSerializer):
    tasks = CaseTaskSerializer(source="case_tasks", many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "answers", "outcomes", "version", "tasks"]


class ErrorSerializer(serializers.Serializer):
    """The body of every API error: DRF's `{"detail": "..."}`."""

    detail = serializers.CharField()


class ProblemErrorSerializer(serializers.Serializer):
    path = serializers.CharField(help_text="Where the error is: `answers.bin_type`, `outcome`, `kinds.0`.")
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """Every API error (RFC 9457 problem details); `errors` lists invalid fields by path."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = ProblemErrorSerializer(many=True, required=False)  # type: ignore[assignment]  # the body's key


ASSISTED = [("phone", "Phone"), ("email", "Email"), ("face_to_face", "Face to face")]


class CaseCreateSerializer(serializers.Serializer):
    """A case on a resident's behalf: the service's form answers, validated as the portal validates them."""

    service = serializers.SlugField(help_text="The service's slug (of the client's council).")
    answers = serializers.DictField(help_text="Answers to the service's published form, by question id.")
    channel = serializers.ChoiceField(choices=ASSISTED, default="phone", help_text="How the resident contacted you.")


class NoteCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000, help_text="The internal note (officers see it; residents do not).")
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="The case version you last read; a different one is a 409."
    )


class AttachmentCreateSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,  # an empty file gets the portal's own words ("The selected file is empty")
        help_text="JPG, PNG, GIF, WEBP, HEIC or PDF, read from the bytes; at most MAX_UPLOAD_BYTES; virus-scanned.",
    )
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, help_text="Shown to officers.")
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="The case version you last read; a different one is a 409."
    )


class MessageCreateSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=5000)
    version = serializers.IntegerField(required=False, min_value=1)


class TaskCompleteSerializer(serializers.Serializer):
    outcome = serializers.CharField(
        max_length=60, allow_blank=True, default="", help_text="One of the step's outcomes."
    )
    answers = serializers.DictField(required=False, default=dict, help_text="The step's task-form answers.")


class ReplyCreateSerializer(serializers.Serializer):
    """A back office's reply to a connector step, as its signed webhook would send it (docs/connectors.md)."""

    connector = serializers.SlugField(max_length=80, help_text="Your council's connector the reply comes from.")
    event_id = serializers.CharField(max_length=200, help_text="Your id for this reply: the same id again is a no-op.")
    # The webhook's own field name; DRF's metaclass takes declared fields off the class, so `.data` still works.
    data = serializers.DictField(  # type: ignore[assignment]
        help_text="The reply's fields, kept with the case and passed to the waiting step."
    )
    delivery_key = serializers.UUIDField(
        required=False, help_text="The idempotency key of the request being answered; else the latest waiting one."
    )


class ReplyResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["applied", "duplicate"])
    event_id = serializers.CharField()
    case = serializers.CharField(required=False)
    resumed = serializers.BooleanField(required=False, help_text="Whether a waiting workflow step went on.")
    delivery_id = serializers.IntegerField(required=False, allow_null=True)


class CaseEventSerializer(serializers.Serializer):
    """A case event as the feed and webhooks give it: no answers or message bodies (read the case for those)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    case = serializers.CharField(source="case.reference")
    council = serializers.CharField(source="case.council.slug")
    summary = serializers.CharField()
    actor = serializers.CharField(source="actor_label")
    resident_visible = serializers.BooleanField()
    task = serializers.IntegerField(source="task_id", allow_null=True)


class FeedEventSerializer(CaseEventSerializer):
    position = serializers.IntegerField(
        source="feed_position", help_text="The feed's cursor: pass the last position you read as `after`."
    )


class EventPageSerializer(serializers.Serializer):
    results = FeedEventSerializer(many=True)
    after = serializers.IntegerField(help_text="Pass as `after` to read on from here (the last position in `results`).")
    next = serializers.URLField(allow_null=True, help_text="The next page, or null when you are up to date.")


class WebhookSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.URLField(max_length=500, help_text="Where to POST each event (https in production).")
    kinds = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, default=list, help_text="Empty: every kind."
    )
    is_active = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(read_only=True, help_text="The HMAC signing key; shown only in this answer.")


class CustomerSerializer(serializers.ModelSerializer):
    """A resident's record at the council (one per person, matched on email or phone)."""

    class Meta:
        model = Customer
        fields = ["id", "name", "email", "phone", "postcode", "address", "uprn", "created_at"]


class AttachmentSerializer(serializers.ModelSerializer):
    """A file on a case; `downloadable` is false until ClamAV has found it clean (or a virus was found)."""

    case = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    downloadable = serializers.BooleanField(source="servable", read_only=True)

    class Meta:
        model = Attachment
        fields = [
            "id",
            "case",
            "original_name",
            "content_type",
            "size",
            "field",
            "uploaded_by_resident",
            "created_at",
            "scan_status",
            "downloadable",
        ]
