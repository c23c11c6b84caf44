"""Placeholder until its issue lands; owned by the helper building it."""

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
