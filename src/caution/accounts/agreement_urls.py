from django.urls import path

from caution.accounts import agreement_views

app_name = "agreements"
urlpatterns = [
    path("", agreement_views.agreements, name="agreements"),
    path("add/", agreement_views.agreement_add, name="agreement_add"),
    path("looks/", agreement_views.partner_looks, name="partner_looks"),
    path("<uuid:agreement_id>/", agreement_views.agreement, name="agreement"),
    path("<uuid:agreement_id>/change/", agreement_views.agreement_edit, name="agreement_edit"),
    path(
        "<uuid:agreement_id>/document/",
        agreement_views.agreement_document,
        name="agreement_document",
    ),
]
