"""Optimistic locking: two people editing the same record never silently overwrite each
other. Forms carry the version they were opened at; an action saves only over it."""


class ChangedSinceOpened(Exception):
    def __init__(self) -> None:
        super().__init__(
            "This record was changed by someone else since you opened it. Your changes have "
            "not been saved: look at it again and make them again."
        )


def bump_version(instance, version: int) -> None:
    """Move `instance` (a model with a `version` field) on from `version`, or refuse if
    someone saved a newer version first. Call inside the action's transaction."""
    model = type(instance)
    if not model.objects.filter(pk=instance.pk, version=version).update(version=version + 1):
        raise ChangedSinceOpened
    instance.version = version + 1
