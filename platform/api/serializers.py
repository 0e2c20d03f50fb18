"""What the REST API shows of cases, tasks and services: enough to integrate, never another council's data."""

from __future__ import annotations

from rest_framework import serializers

from casework.models import Case, CaseTask, Service


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
    case = serializers.SlugRelatedField(slug_field="reference", read_only=True)
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
