"""Where a member is signed in (allauth.usersessions' records, kept by
``network.middleware.SessionActivityMiddleware``): the list on the account area, and
signing out of one session or of all of them."""
