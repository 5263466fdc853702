"""Notifications: what the site tells a member, in their inbox and by email.

Other apps report what happened through :func:`network.notifications.actions.record`
inside their own transaction, and register a :class:`~network.notifications.sources.Source`
that knows who else hears of it (fanned out in the worker), what it looks like in an
email, and who must not be told. This app imports none of them.
"""
