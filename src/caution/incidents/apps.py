from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "caution.incidents"
    verbose_name = "Incidents, witnesses, evidence and positive contacts"
