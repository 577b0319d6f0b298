from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker: takes tasks from the database queue and runs them."

    def handle(self, *args, **options):
        call_command("db_worker", interval=1)
