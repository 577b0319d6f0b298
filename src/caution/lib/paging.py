"""Long lists shown a page at a time, with the GOV.UK pagination component
(templates/_pagination.html) and a count of the whole list."""

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404, HttpRequest

PER_PAGE = 25


def page_of(request: HttpRequest, items, per_page: int = PER_PAGE) -> Page:
    """The page asked for by `?page=N`; a page past the end answers 404."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404 from None


def page_links(page: Page) -> list[int | None]:
    """The page numbers to link to: the first, the last, and those beside the current one;
    None where numbers are left out (shown as an ellipsis)."""
    last, current = page.paginator.num_pages, page.number
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    links: list[int | None] = []
    for number in wanted:
        if links and number - links[-1] > 1:
            links.append(None)
        links.append(number)
    return links
