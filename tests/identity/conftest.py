"""Fixtures of the identity tests (defined in sso_helpers.py, which the tests also import helpers from)."""

from sso_helpers import oidc_provider, sso_settings, token_proxy  # noqa: F401
