from django.urls import path

from caution.register import appeal_views, check_views, review_views, workflow_views

app_name = "register"
urlpatterns = [
    path("check/", check_views.check, name="check"),
    path("dashboard/", workflow_views.dashboard, name="dashboard"),
    path("reports/<uuid:incident_id>/assess/", workflow_views.assess, name="assess"),
    path("reports/<uuid:incident_id>/interim/", workflow_views.interim, name="interim"),
    path("reports/<uuid:incident_id>/decide/", workflow_views.decide, name="decide"),
    path("decisions/<uuid:decision_id>/approve/", workflow_views.approve, name="approve"),
    path("meetings/", workflow_views.meetings, name="meetings"),
    path("meetings/new/", workflow_views.meeting_new, name="meeting_new"),
    path("meetings/<uuid:meeting_id>/", workflow_views.meeting, name="meeting"),
    path("cautions/<uuid:caution_id>/", workflow_views.caution, name="caution"),
    path("cautions/<uuid:caution_id>/change/", workflow_views.caution_amend, name="caution_amend"),
    path(
        "cautions/<uuid:caution_id>/extend/", workflow_views.caution_extend, name="caution_extend"
    ),
    path("cautions/<uuid:caution_id>/end/", workflow_views.caution_end, name="caution_end"),
    path("cautions/<uuid:caution_id>/breach/", workflow_views.breach, name="breach"),
    path("cautions/<uuid:caution_id>/appeals/new/", appeal_views.appeal_new, name="appeal_new"),
    path("cautions/<uuid:caution_id>/appeal/", appeal_views.caution_appeal, name="caution_appeal"),
    path("appeals/<uuid:appeal_id>/", appeal_views.appeal, name="appeal"),
    path("reviews/", review_views.review_list, name="reviews"),
    path("cautions/<uuid:caution_id>/review/", review_views.review, name="review"),
    path("reviews/meetings/new/", review_views.review_meeting_new, name="review_meeting_new"),
    path("reviews/meetings/<uuid:meeting_id>/", review_views.review_meeting, name="review_meeting"),
]
