"""Content-Security-Policy: strict on the public site, as loose as the admin needs."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with ``CONTENT_SECURITY_POLICY_ADMIN_REPLACE`` applied to the
    Wagtail and Django admin (``ADMIN_URL_PREFIXES``) and nowhere else."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_URL_PREFIXES):
            parts.replace = {
                **settings.CONTENT_SECURITY_POLICY_ADMIN_REPLACE,
                **(parts.replace or {}),
            }
        return parts
