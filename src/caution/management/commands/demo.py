import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from caution.demo import (
    COUNCIL_ADDRESS,
    PEOPLE,
    demo_colleagues,
    demo_data_only,
    demo_data_remove,
    demo_users,
    seed_demo,
)
from caution.policy.profiles import ProfileError, available, load_profile


class Command(BaseCommand):
    help = (
        "Run the product with demo data: migrate, create one user per role (printing their "
        "sign-in details), load demo people and cautions and those users' reports in every "
        "state of the profile's process, with letters to sign and send, an appeal and a "
        "review due, then serve on http://127.0.0.1:8000 with a worker. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--profile", choices=available(), help="Policy profile to run")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Set up only; do not serve")
        parser.add_argument("--people", type=int, default=PEOPLE, help="How many demo people")

    def handle(self, *args, profile, host, port, no_serve, people, **options):
        marker = settings.DATA_DIR / "demo-profile"
        profile = profile or (marker.read_text().strip() if marker.exists() else None)
        if profile:
            try:
                load_profile(profile)
            except ProfileError as error:
                raise CommandError(str(error)) from None
            settings.CAUTION_PROFILE = profile
        # Letters ask the person to write in: they need the council's address (letters.md).
        settings.CAUTION_COUNCIL_ADDRESS = settings.CAUTION_COUNCIL_ADDRESS or list(COUNCIL_ADDRESS)
        call_command("migrate", interactive=False, verbosity=0)
        if not demo_data_only():
            raise CommandError(
                "This database holds real (non-demo) people: the demo will not touch it. "
                "Set CAUTION_DATA_DIR to another folder to run the demo."
            )
        previous = marker.read_text().strip() if marker.exists() else None
        if previous and previous != settings.CAUTION_PROFILE:
            self.stdout.write(
                f"Replacing the {previous} demo data with {settings.CAUTION_PROFILE}."
            )
            demo_data_remove()
        # The users first: the demo's reports are theirs, so signing in shows real work.
        users = demo_users()
        if seed_demo(people):
            self.stdout.write(f"Demo data loaded for the {settings.CAUTION_PROFILE} profile.")
        marker.write_text(settings.CAUTION_PROFILE)
        self._print_users(users, demo_colleagues())
        if no_serve:
            return
        self._serve(host, port)

    def _print_users(self, users: dict, colleagues: list[tuple[str, str, str]]) -> None:
        self.stdout.write("\nSign in with any of these demo users (new passwords each run):\n")
        for role, (username, password) in users.items():
            self.stdout.write(f"  {role.label:<26} {username:<26} {password}")
        if colleagues:
            # Panel members for a quorum, the appeal's handler where no demo user may hear it.
            self.stdout.write("\nTheir colleagues, who also have a part in the demo:\n")
        for part, username, password in colleagues:
            self.stdout.write(f"  {part:<44} {username:<20} {password}")
        self.stdout.write("")

    def _serve(self, host: str, port: int) -> None:
        # The worker runs the demo's profile, whatever the environment says.
        env = {
            **os.environ,
            "CAUTION_PROFILE": settings.CAUTION_PROFILE,
            "CAUTION_COUNCIL_ADDRESS": "|".join(settings.CAUTION_COUNCIL_ADDRESS),
        }
        worker = subprocess.Popen([sys.executable, "-m", "caution", "worker"], env=env)
        # Stopping the demo with a signal must stop its worker too, as Ctrl+C does.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            call_command("serve", host=host, port=port)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
