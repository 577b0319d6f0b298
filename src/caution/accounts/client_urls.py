from django.urls import path

from caution.accounts import client_views

app_name = "clients"
urlpatterns = [
    path("", client_views.clients, name="clients"),
    path("add/", client_views.client_add, name="client_add"),
    path("<uuid:client_id>/", client_views.client, name="client"),
    path("tokens/<uuid:token_id>/rotate/", client_views.token_rotate, name="token_rotate"),
    path("tokens/<uuid:token_id>/revoke/", client_views.token_revoke, name="token_revoke"),
]
