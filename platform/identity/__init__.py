"""Staff identity: single sign-on with OpenID Connect, claim-to-role mapping, and MFA for password sign-ins."""
