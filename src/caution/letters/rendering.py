"""Turning a letter template and its fields into HTML, text for e-mail, and an A4 PDF.

Templates can be edited by administrators, so they are rendered safely: by a separate
template engine with no loaders (nothing can be included or extended), no tag libraries,
autoescaping on, only the tags and filters listed below, and a context of plain strings
and lists. The letter sees only the data it needs; no model object, no code.

Django prints a template's string literals (in `firstof`, `with`, a filter's argument)
without escaping them, so their markup is checked as the template's text is; and whatever
the checks miss, the rendered body is cleaned by an allow-list sanitiser (nh3) that keeps
only the tags below, without attributes.
"""

import base64
import html
import mimetypes
import re
from collections.abc import Iterator
from pathlib import Path

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Engine, Node, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.defaulttags import (
    CommentNode,
    FirstOfNode,
    ForNode,
    IfNode,
    WithNode,
)
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from caution.policy.profiles import Profile

SHIPPED = Path(__file__).resolve().parent / "letter_templates"
MAX_TEMPLATE_CHARS = 50_000

ENGINE = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=True)
ALLOWED_NODES = (TextNode, VariableNode, IfNode, ForNode, CommentNode, WithNode, FirstOfNode)
# Plain letter markup only, with no attributes: nothing a page could run, load or link.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h2", "h3"}
MARKUP = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]*)([^>]*)>?")
ALLOWED_FILTERS = {
    "linebreaks",
    "linebreaksbr",
    "upper",
    "lower",
    "title",
    "capfirst",
    "default",
    "join",
    "length",
    "first",
    "last",
    "yesno",
}


def shipped_source(profile_key: str, kind: str) -> str:
    """The template shipped with the product for this profile and kind."""
    path = SHIPPED / profile_key / f"{kind}.html"
    return path.read_text()


def _filters(expression: FilterExpression) -> list[str]:
    return [getattr(func, "_filter_name", func.__name__) for func, _ in expression.filters]


def _expressions(node: Node) -> list[FilterExpression]:
    if isinstance(node, VariableNode):
        return [node.filter_expression]
    if isinstance(node, ForNode):
        return [node.sequence]
    if isinstance(node, FirstOfNode):
        return list(node.vars)
    if isinstance(node, WithNode):
        return list(node.extra_context.values())
    if isinstance(node, IfNode):
        return [e for condition, _ in node.conditions_nodelists for e in _in_condition(condition)]
    return []


def _in_condition(condition) -> Iterator[FilterExpression]:
    """The expressions an `if` condition compares (its operators nest as first and second)."""
    if condition is None:
        return
    if isinstance(getattr(condition, "value", None), FilterExpression):
        yield condition.value
    for side in (getattr(condition, "first", None), getattr(condition, "second", None)):
        yield from _in_condition(side)


def _literals(expression: FilterExpression) -> Iterator[str]:
    """The string literals an expression holds: its value and its filters' arguments."""
    values = [expression.var] + [arg for _, args in expression.filters for _, arg in args]
    for value in values:
        literal = value.literal if isinstance(value, Variable) else value
        if isinstance(literal, str):
            yield literal


def compile_template(source: str):
    """The compiled template, or ValidationError saying what is not allowed in it."""
    if len(source) > MAX_TEMPLATE_CHARS:
        raise ValidationError({"source": "The template is too long"})
    try:
        template = ENGINE.from_string(source)
    except TemplateSyntaxError as error:
        raise ValidationError({"source": f"The template has a mistake: {error}"}) from None
    for node in template.nodelist.get_nodes_by_type(Node):
        if isinstance(node, TextNode):
            _check_markup(node.s)
        if not isinstance(node, ALLOWED_NODES):
            raise ValidationError(
                {"source": "Letter templates may use only if, for, with, firstof and comment tags"}
            )
        for expression in _expressions(node):
            for literal in _literals(expression):
                _check_markup(literal)
            refused = set(_filters(expression)) - ALLOWED_FILTERS
            if refused:
                names = ", ".join(sorted(refused))
                raise ValidationError({"source": f"This filter is not allowed in letters: {names}"})
    return template


def _check_markup(text: str) -> None:
    for match in MARKUP.finditer(text):
        tag, attributes = match.group(2).lower(), match.group(3).strip().rstrip("/").strip()
        if tag not in ALLOWED_TAGS or attributes or not match.group(0).endswith(">"):
            allowed = ", ".join(f"<{name}>" for name in sorted(ALLOWED_TAGS))
            message = f"Letter templates may use only these tags, without attributes: {allowed}"
            raise ValidationError({"source": message})


def variables_used(source: str) -> set[str]:
    """The names of the letter's fields this template prints or loops over."""
    template = compile_template(source)
    names = set()
    for node in template.nodelist.get_nodes_by_type(Node):
        for expression in _expressions(node):
            var = getattr(expression.var, "var", None)
            if isinstance(var, str):
                names.add(var.split(".")[0])
    return names


def _plain(value):
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return "" if value is None else str(value)


def sanitise(body: str) -> SafeString:
    """Only the letter tags, without attributes: no script, style, meta, link or comment."""
    cleaned = nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes={},
        url_schemes=set(),
        link_rel=None,
    )
    return mark_safe(cleaned)  # noqa: S308


def render_body(source: str, fields: dict) -> SafeString:
    """The letter's body as HTML: the template filled in with the fields, escaped, its
    markup checked above and sanitised again after rendering."""
    template = compile_template(source)
    context = Context({key: _plain(value) for key, value in fields.items()}, autoescape=True)
    return sanitise(template.render(context))


def _logo() -> str:
    """The council's logo as a data: URI, so the PDF renderer fetches nothing."""
    path = settings.CAUTION_COUNCIL_LOGO
    if not path or not Path(path).is_file():
        return ""
    mimetype = mimetypes.guess_type(path)[0] or "image/png"
    return f"data:{mimetype};base64,{base64.b64encode(Path(path).read_bytes()).decode()}"


def letter_html(
    fields: dict, body: SafeString, profile: Profile, *, final: bool, large_print: bool = False
) -> str:
    """The whole letter as an HTML document: letterhead, address for the envelope window,
    date and reference, the body, and the signature; in large print where agreed."""
    return render_to_string(
        "letters/document.html",
        {
            "council": profile.council,
            "council_address": [line for line in settings.CAUTION_COUNCIL_ADDRESS if line],
            "council_contact": settings.CAUTION_COUNCIL_CONTACT,
            "logo": _logo(),
            "fields": {key: _plain(value) for key, value in fields.items()},
            "body": body,
            "final": final,
            "large_print": large_print,
        },
    )


def issued_body(document: str) -> SafeString:
    """The body of an issued letter, from the HTML snapshot taken when it was signed."""
    match = re.search(r"<!-- body -->(.*)<!-- /body -->", document, flags=re.S)
    # Sanitised again: letters issued before templates' literals were checked may hold any.
    return sanitise(match.group(1) if match else "")


def render_pdf(document: str) -> bytes:
    """An A4 PDF of the letter. Only data: URIs are fetched (the logo): a template cannot
    make the renderer reach the network or the file system."""
    import weasyprint

    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(string=document, url_fetcher=fetcher).write_pdf()


def html_to_text(body: str) -> str:
    """A plain-text version of the body for e-mail."""
    text = re.sub(r"<\s*(br|/p|/li|/h\d|/div|/tr)\s*/?>", "\n", body, flags=re.I)
    text = re.sub(r"<\s*li[^>]*>", "- ", text, flags=re.I)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def letter_text(fields: dict, body: str, profile: Profile) -> str:
    """The letter as plain text: the body, then who signed it."""
    head = [profile.council, *[line for line in settings.CAUTION_COUNCIL_ADDRESS if line]]
    reference = f"Our reference: {fields.get('reference', '')}"
    sign = [fields.get("signatory_name", ""), fields.get("signatory_title", "")]
    parts = ["\n".join(head), f"{fields.get('date', '')}\n{reference}", html_to_text(body)]
    parts.append("Yours sincerely\n\n" + "\n".join(line for line in sign if line))
    return "\n\n".join(parts) + "\n"
