from django import template

from caution.policy.citing import citations

register = template.Library()


@register.filter
def cite(text: str) -> str:
    """{{ "These support removal (002 §4.7)."|cite }}: the active profile's references only."""
    return citations(str(text))
