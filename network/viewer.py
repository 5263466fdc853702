"""The person reading a page, as the object itself rather than ``request.user``.

``request.user`` is a lazy proxy, and every attribute read through it raises and catches
an AttributeError inside Django (``LazyObject.__getattribute__``): on a thread page that
asks "who is reading?" a few times per post, that was over a thousand exceptions and
some 2 ms. Code that asks often takes the viewer once."""

from django.utils.functional import empty


def viewer(request):
    user = request.user
    wrapped = getattr(user, "_wrapped", user)  # a plain user (set by login()) as it is
    if wrapped is empty:
        user._setup()
        wrapped = user._wrapped
    return wrapped
