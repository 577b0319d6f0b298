from django.urls import path

from caution.outbox import views

app_name = "outbox"
urlpatterns = [
    path("", views.webhooks, name="webhooks"),
    path("add/", views.subscription_add, name="subscription_add"),
    path("log/", views.delivery_log, name="delivery_log"),
    path("log/retry/", views.message_retry, name="message_retry"),
    path("<uuid:subscription_id>/", views.subscription, name="subscription"),
    path("<uuid:subscription_id>/secret/", views.subscription_secret, name="subscription_secret"),
    path("<uuid:subscription_id>/reference/", views.reference, name="reference"),
]
