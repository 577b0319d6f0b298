"""Keep personal data out of error reports and logs."""

import logging

from django.views.debug import SafeExceptionReporterFilter


class ForbiddenInOneLine(logging.Filter):
    """A refused request (403) is logged as one line, its method and path (which never
    hold personal data), without the traceback Django attaches: a refusal is expected, and
    its traceback's frames could carry what the user asked for."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True


class NoPersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (mail to ADMINS, DEBUG pages) never show what a user typed.

    Names, dates of birth and addresses arrive in POST bodies and query strings, so both
    are withheld whole, not field by field.
    """

    def is_active(self, request):
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
