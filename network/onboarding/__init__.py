"""A new member's first steps: after confirming their email they land on a short
welcome (``/welcome/``) with five steps, each done or skipped in any order: where they
organize and their tendency, who sees their profile, two-factor sign-in, the code of
conduct, and a hello in the Introductions forum. Their progress is one row
(:class:`~network.onboarding.models.Onboarding`), made when they sign up; the home page
shows what is left until every step is done or skipped.

Some steps are done elsewhere: adding an authenticator app or a passkey (allauth's
signal) and starting a thread in Introductions (``forums`` calls
:func:`~network.onboarding.actions.record_introduction`)."""
