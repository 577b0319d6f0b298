from django.urls import path

from caution.register import (
    alerts_views,
    appeals_views,
    cautions_views,
    check_views,
    deciding_journey_views,
    deciding_views,
    exporting_views,
    identity_views,
    reviews_views,
)

app_name = "register"
urlpatterns = [
    path("check/", check_views.check, name="check"),
    path("check/visits/", alerts_views.visits, name="visits"),
    path("dashboard/", deciding_views.dashboard, name="dashboard"),
    path("dashboard/<slug:key>/", deciding_views.queue, name="queue"),
    path("register/export/", exporting_views.export, name="export"),
    path("reports/<uuid:incident_id>/assess/", deciding_views.assess, name="assess"),
    path("reports/<uuid:incident_id>/interim/", deciding_views.interim, name="interim"),
    path("reports/<uuid:incident_id>/decide/", deciding_views.decide, name="decide"),
    path("reports/<uuid:incident_id>/decision/", deciding_journey_views.start, name="decision"),
    path(
        "reports/<uuid:incident_id>/decision/check/",
        deciding_journey_views.check,
        name="decision_check",
    ),
    path(
        "reports/<uuid:incident_id>/decision/<slug:step>/",
        deciding_journey_views.step,
        name="decision_step",
    ),
    path("decisions/<uuid:decision_id>/approve/", deciding_views.approve, name="approve"),
    path("meetings/", deciding_views.meetings, name="meetings"),
    path("meetings/new/", deciding_views.meeting_new, name="meeting_new"),
    path("meetings/<uuid:meeting_id>/", deciding_views.meeting, name="meeting"),
    path("cautions/<uuid:caution_id>/", cautions_views.caution, name="caution"),
    path("cautions/<uuid:caution_id>/change/", cautions_views.caution_amend, name="caution_amend"),
    path(
        "cautions/<uuid:caution_id>/extend/", cautions_views.caution_extend, name="caution_extend"
    ),
    path("cautions/<uuid:caution_id>/end/", cautions_views.caution_end, name="caution_end"),
    path(
        "cautions/<uuid:caution_id>/correct/",
        cautions_views.caution_correct,
        name="caution_correct",
    ),
    path("changes/<uuid:change_id>/", cautions_views.change, name="change"),
    path("cautions/<uuid:caution_id>/breach/", cautions_views.breach, name="breach"),
    path(
        "cautions/<uuid:caution_id>/legal-action/",
        cautions_views.legal_action,
        name="legal_action",
    ),
    path(
        "cautions/<uuid:caution_id>/correspondence/",
        cautions_views.correspondence,
        name="correspondence",
    ),
    path("cautions/<uuid:caution_id>/appeals/new/", appeals_views.appeal_new, name="appeal_new"),
    path("cautions/<uuid:caution_id>/appeal/", appeals_views.caution_appeal, name="caution_appeal"),
    path("appeals/<uuid:appeal_id>/", appeals_views.appeal, name="appeal"),
    path(
        "people/<uuid:person_id>/identity-dispute/",
        identity_views.dispute_raise,
        name="identity_dispute_raise",
    ),
    path(
        "identity-disputes/<uuid:dispute_id>/resolve/",
        identity_views.dispute_resolve,
        name="identity_dispute_resolve",
    ),
    path("reviews/", reviews_views.review_list, name="reviews"),
    path("cautions/<uuid:caution_id>/review/", reviews_views.review, name="review"),
    path("reviews/meetings/new/", reviews_views.review_meeting_new, name="review_meeting_new"),
    path(
        "reviews/meetings/<uuid:meeting_id>/", reviews_views.review_meeting, name="review_meeting"
    ),
]
