"""`flask users ...`: staff accounts from the command line. There is no default account and no
default password: the first admin is created here.

The password is asked twice with hidden input, or read from the environment variable
STAFF_PASSWORD for scripts (never from a command-line argument, which shell history and the
process list would show).
"""

from __future__ import annotations

import os
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from app.operations.accounts import (
    MIN_PASSWORD_LENGTH,
    ROLES,
    AccountError,
    all_accounts,
    create_account,
    deactivate,
    find_account,
    set_password,
    set_role,
)

PASSWORD_VARIABLE = "STAFF_PASSWORD"  # noqa: S105 - the name of a variable, not a password

MESSAGES = {
    "email": "not a valid e-mail address",
    "duplicate": "there is already an account with this e-mail address",
    "password_short": f"the password needs at least {MIN_PASSWORD_LENGTH} characters",
    "password_long": "the password is too long",
    "role": f"the role must be one of {', '.join(ROLES)}",
    "last_admin": "there must always be at least one active admin; make another account admin first",
}

users = AppGroup("users", help="Create and manage staff accounts.")


def _password() -> str:
    from_environment = os.environ.get(PASSWORD_VARIABLE)
    if from_environment:
        return from_environment
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _fail(error: AccountError) -> None:
    click.echo(f"Error: {MESSAGES.get(error.code, error.code)}", err=True)
    sys.exit(1)


def _account(email: str):
    user = find_account(email)
    if user is None:
        click.echo(f"Error: no account {email}", err=True)
        sys.exit(1)
    return user


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="analyst", show_default=True)
@click.option("--locale", default=None,
              help="Language of the staff pages for this person (one of LANGUAGES).")
def create(email: str, role: str, locale: str | None) -> None:
    """Create an account; the password is asked twice (or read from STAFF_PASSWORD)."""
    languages = current_app.config["LANGUAGES"]
    if locale is not None and locale not in languages:
        click.echo(f"Error: --locale must be one of {', '.join(languages)}", err=True)
        sys.exit(2)
    try:
        user = create_account(email, _password(), role, locale)
    except AccountError as error:
        _fail(error)
    click.echo(f"Created {user.email} ({user.role}).")


@users.command("list")
def list_accounts() -> None:
    """Every account: e-mail, role, active or not."""
    for user in all_accounts():
        click.echo(f"{user.email}\t{user.role}\t{'active' if user.active else 'deactivated'}")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def change_role(email: str, role: str) -> None:
    user = _account(email)
    try:
        set_role(user, role)
    except AccountError as error:
        _fail(error)
    click.echo(f"{user.email} is now {role}.")


@users.command("deactivate")
@click.argument("email")
def deactivate_account(email: str) -> None:
    """Stop an account signing in and end its open sessions."""
    user = _account(email)
    try:
        deactivate(user)
    except AccountError as error:
        _fail(error)
    click.echo(f"{user.email} is deactivated.")


@users.command("set-password")
@click.argument("email")
def change_password(email: str) -> None:
    """Set a new password (asked twice, or read from STAFF_PASSWORD); every session of the
    account ends."""
    user = _account(email)
    try:
        set_password(user, _password())
    except AccountError as error:
        _fail(error)
    click.echo(f"Password of {user.email} changed.")
