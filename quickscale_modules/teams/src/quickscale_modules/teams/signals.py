"""Signals other modules listen to (billing counts seats with them).

Both are sent with sender=Team and the keyword arguments team, user and membership, after the
transaction that changed the membership commits (never for a change that was rolled back).
"""

from django.dispatch import Signal

member_added = Signal()
member_removed = Signal()
