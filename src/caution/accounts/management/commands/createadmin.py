import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from caution.accounts.actions import user_create
from caution.accounts.models import User
from caution.accounts.roles import Role


class Command(BaseCommand):
    help = "Create an administrator, who can then add other users and their roles."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-file",
            help="Read the password from this file instead of asking (for automated set-up).",
        )

    def handle(self, *args, username, email, password_file, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        if password_file:
            with open(password_file) as handle:
                password = handle.read().strip()
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password again: "):
                raise CommandError("The passwords do not match.")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user_create(
            username=username, password=password, email=email, roles=[Role.ADMINISTRATOR], by=None
        )
        self.stdout.write(self.style.SUCCESS(f"Administrator {username} created."))
