"""Reads for the administrators' webhook pages and the delivery log."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from caution.accounts import roles
from caution.outbox.models import DeliveryAttempt, OutboxMessage, WebhookSubscription


def _require_admin(by) -> None:
    """Anyone but an administrator is told the page does not exist."""
    if not by.has_perm(roles.MANAGE_WEBHOOKS):
        raise Http404


def subscriptions_list(by) -> QuerySet[WebhookSubscription]:
    _require_admin(by)
    failed = Q(messages__status=OutboxMessage.Status.FAILED)
    waiting = Q(messages__status=OutboxMessage.Status.PENDING)
    return WebhookSubscription.objects.select_related("organisation").annotate(
        failed=Count("messages", filter=failed), waiting=Count("messages", filter=waiting)
    )


def subscription_get_for_admin(subscription_id, by) -> WebhookSubscription:
    _require_admin(by)
    try:
        return WebhookSubscription.objects.select_related("organisation").get(id=subscription_id)
    except WebhookSubscription.DoesNotExist:
        raise Http404 from None


def subscription_deliveries(subscription: WebhookSubscription, limit: int = 20):
    """The latest attempts to send to this subscriber, newest first."""
    return DeliveryAttempt.objects.filter(message__subscription=subscription).select_related(
        "message"
    )[:limit]


def outbox_summary(by) -> dict[str, int]:
    _require_admin(by)
    counts = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in OutboxMessage.Status.values}


def failed_messages(by) -> QuerySet[OutboxMessage]:
    """Messages given up on, for an administrator to see and send again."""
    _require_admin(by)
    return (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED)
        .select_related("subscription")
        .order_by("-next_attempt_at")
    )


def recent_attempts(by, limit: int = 100) -> QuerySet[DeliveryAttempt]:
    _require_admin(by)
    return DeliveryAttempt.objects.select_related("message__subscription")[:limit]


def message_get_for_admin(message_id: int, by) -> OutboxMessage:
    _require_admin(by)
    try:
        return OutboxMessage.objects.get(id=message_id)
    except OutboxMessage.DoesNotExist:
        raise Http404 from None
