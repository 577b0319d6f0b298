from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "caution.letters"
    verbose_name = "Letters to the person"
