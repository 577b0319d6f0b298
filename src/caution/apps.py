from django.apps import AppConfig


class CautionConfig(AppConfig):
    """The project package itself: base templates, static files and the top-level commands
    (`demo`, `serve`, `worker`)."""

    name = "caution"
    verbose_name = "Caution Register"
