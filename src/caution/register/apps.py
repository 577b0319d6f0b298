from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "caution.register"
    verbose_name = "The register: cautions and the check"
