from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "caution.policy"
    verbose_name = "Policy profiles"

    def ready(self) -> None:
        # A broken profile stops the product at start-up, naming the file, key and reason.
        from caution.policy.profiles import current

        current()
