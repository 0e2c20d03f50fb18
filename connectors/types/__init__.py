"""Connector types: one module per kind, registered in registry.py (base.py is the interface)."""
