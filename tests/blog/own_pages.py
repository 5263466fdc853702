"""The network's own pages for the tests: standard pages (about, points of unity …) and
the contact page, published through Wagtail's revisions as the admin publishes them."""

from django.utils.text import slugify

CONTACT_ADDRESS = "coordinators@network.example"


def home_page():
    from blog.models import HomePage

    return HomePage.objects.get()


def make_standard_page(title: str, *, parent=None, publish: bool = True, body=(), **fields):
    from blog.models import StandardPage

    page = StandardPage(
        title=title, slug=fields.pop("slug", slugify(title)), body=list(body), live=False, **fields
    )
    (parent or home_page()).add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


CONTACT_FIELDS = [
    ("Name", "singleline", True),
    ("Email", "email", True),
    ("Subject", "singleline", False),
    ("Message", "multiline", True),
]


def make_contact_page(*, to_address: str = CONTACT_ADDRESS, **fields):
    """The contact page at /contact/, asking what the demo's asks."""
    from blog.models import ContactFormField, ContactPage

    page = ContactPage(
        title=fields.pop("title", "Contact the network"),
        slug="contact",
        to_address=to_address,
        subject=fields.pop("subject", "Contact form"),
        live=False,
        **fields,
    )
    for label, kind, required in CONTACT_FIELDS:
        page.form_fields.add(ContactFormField(label=label, field_type=kind, required=required))
    home_page().add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
