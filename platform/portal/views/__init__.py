"""Resident pages, one module per part of the journey: find a service, apply, track, all your cases."""
