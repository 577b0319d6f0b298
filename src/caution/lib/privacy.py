"""Keep personal data out of error reports."""

from django.views.debug import SafeExceptionReporterFilter


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
