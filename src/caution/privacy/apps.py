from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "caution.privacy"
    verbose_name = "Privacy: audit, retention and subject access"
