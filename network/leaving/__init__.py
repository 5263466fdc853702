"""Leaving, and what the network keeps (issue #13).

A member takes their data with them (:mod:`~network.leaving.exporting`: a ZIP built by
the worker, kept privately for a week) and may delete their account
(:mod:`~network.leaving.deleting`: after a week's grace, which signing in cancels).
The network keeps nobody's IP address longer than 30 days
(:mod:`~network.leaving.ip_addresses`).

``network`` imports neither the forums nor the blog: they contribute their parts of an
export, and their share of erasing a member, through :mod:`~network.leaving.registry`.
"""
