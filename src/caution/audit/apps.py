from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "caution.audit"
    verbose_name = "Audit: every look at and change of personal data"
