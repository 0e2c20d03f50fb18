"""Register a back-office system as an API client of one council and print its credentials once."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from councils.models import Council

from ...services import ApiClientInvalid, api_client_register


class Command(BaseCommand):
    help = "Register an OAuth2 client-credentials API client for a council; prints client id and secret."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--council", required=True, help="Council slug.")
        parser.add_argument("--name", required=True, help="The system's name, e.g. 'Waste CRM'.")
        parser.add_argument("--scopes", nargs="+", required=True, help="cases:read cases:write tasks events")

    def handle(self, *args: Any, council: str, name: str, scopes: list[str], **options: Any) -> None:
        found = Council.objects.filter(slug=council).first()
        if found is None:
            raise CommandError(f"--council: no council '{council}'")
        try:
            client, secret = api_client_register(council=found, name=name, scopes=scopes)
        except ApiClientInvalid as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"client_id={client.application.client_id}\nclient_secret={secret}\n")
        self.stdout.write("The secret is shown only now; it is stored hashed.\n")
