from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "caution.outbox"
    verbose_name = "Outbox: e-mails, letters and webhooks leaving the service"
