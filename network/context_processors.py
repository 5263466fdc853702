from django.conf import settings


def site(request) -> dict:
    """What every template may name: the site's name and its public address."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
