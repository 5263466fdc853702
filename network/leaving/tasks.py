"""The worker's side of leaving: building exports, and beat's sweeps (files past their
week, deletions past their grace, IP addresses past 30 days). Each is safe to run twice.
Imported by :mod:`network.tasks`, which Celery finds."""

from __future__ import annotations

from celery import shared_task

from network.leaving import deleting, exporting, ip_addresses
from network.leaving.exporting import build_data_export  # noqa: F401  (beside its work)


@shared_task
def forget_expired_exports() -> int:
    return exporting.forget_expired_exports()


@shared_task
def sweep_stale_exports() -> int:
    return exporting.sweep_stale_exports()


@shared_task
def carry_out_due_deletions() -> int:
    return deleting.carry_out_due_deletions()


@shared_task
def forget_old_ip_addresses() -> int:
    return ip_addresses.forget_old_ip_addresses()
