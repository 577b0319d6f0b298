from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "caution.people"
    verbose_name = "People, addresses and matching"
