from django.urls import path

from caution.accounts import second_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.users, name="users"),
    path("add/", views.user_add, name="user_add"),
    path("<uuid:user_id>/", views.user_edit, name="user_edit"),
    path(
        "<uuid:user_id>/second-factor/reset/",
        second_factor_views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
]
