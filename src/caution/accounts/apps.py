from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "caution.accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        # Roles are groups whose permissions must exist before they can be granted; Django
        # creates permissions after migrating, so the groups are brought up to date then.
        from caution.accounts.oidc import group_roles
        from caution.accounts.roles import roles_sync_after_migrate
        from caution.accounts.second_factor import required_roles

        post_migrate.connect(roles_sync_after_migrate)
        # A role misspelt in CAUTION_2FA_ROLES or OIDC_GROUP_ROLES stops the service at start.
        required_roles()
        group_roles()
