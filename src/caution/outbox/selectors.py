"""Reads for the administrators' webhook pages and the delivery log."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from caution.outbox.access import require_webhook_admin_page
from caution.outbox.models import DeliveryAttempt, OutboxMessage, WebhookSubscription


def subscriptions_list(by) -> QuerySet[WebhookSubscription]:
    require_webhook_admin_page(by)
    failed = Q(messages__status=OutboxMessage.Status.FAILED)
    waiting = Q(messages__status=OutboxMessage.Status.PENDING)
    return WebhookSubscription.objects.select_related("organisation").annotate(
        failed=Count("messages", filter=failed), waiting=Count("messages", filter=waiting)
    )


def subscription_get_for_admin(subscription_id, by) -> WebhookSubscription:
    require_webhook_admin_page(by)
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
    require_webhook_admin_page(by)
    counts = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in OutboxMessage.Status.values}


def failed_messages(by) -> QuerySet[OutboxMessage]:
    """Messages given up on, for an administrator to see and send again."""
    require_webhook_admin_page(by)
    return (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED)
        .select_related("subscription")
        .order_by("-next_attempt_at")
    )


def recent_attempts(by, limit: int = 100) -> QuerySet[DeliveryAttempt]:
    require_webhook_admin_page(by)
    return DeliveryAttempt.objects.select_related("message__subscription")[:limit]


def message_get_for_admin(message_id: int, by) -> OutboxMessage:
    require_webhook_admin_page(by)
    try:
        return OutboxMessage.objects.get(id=message_id)
    except OutboxMessage.DoesNotExist:
        raise Http404 from None
