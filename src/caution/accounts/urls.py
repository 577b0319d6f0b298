from django.urls import path

from caution.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.users, name="users"),
    path("add/", views.user_add, name="user_add"),
    path("<uuid:user_id>/", views.user_edit, name="user_edit"),
]
