from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "caution.accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        # Roles are groups whose permissions must exist before they can be granted; Django
        # creates permissions after migrating, so the groups are brought up to date then.
        from caution.accounts.roles import roles_sync_after_migrate

        post_migrate.connect(roles_sync_after_migrate)
