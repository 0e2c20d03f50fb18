"""Complete a human task from the command line (operations, scripted back-office updates, tests)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from casework.exceptions import CaseworkError
from casework.models import CaseTask
from casework.services.tasks import task_claim, task_complete


class Command(BaseCommand):
    help = "Claim (if needed) and complete a task as the given officer, with an outcome."

    def add_arguments(self, parser):
        parser.add_argument("task", type=int, help="Task id")
        parser.add_argument("--user", required=True)
        parser.add_argument("--outcome", required=True)

    def handle(self, *args, task: int, user: str, outcome: str, **options):
        officer = get_user_model().objects.filter(username=user).first()
        case_task = CaseTask.objects.select_related("case", "task").filter(pk=task).first()
        if officer is None or case_task is None:
            raise CommandError("No such user or task")
        try:
            if case_task.task.owner_id is None:
                task_claim(officer, case_task)
            task_complete(officer, case_task, outcome=outcome)
        except CaseworkError as exc:
            raise CommandError(str(exc)) from exc
        case_task.case.refresh_from_db()
        self.stdout.write(f"{case_task.case.reference}: {case_task.case.case_status}")
