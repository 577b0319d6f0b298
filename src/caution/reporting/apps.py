from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "caution.reporting"
    verbose_name = "Reporting: committee reports and the data protection officer's digest"
