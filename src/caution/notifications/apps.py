from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "caution.notifications"
    verbose_name = "Notifications to staff"
