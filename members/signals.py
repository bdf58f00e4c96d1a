"""Signals the register sends to the apps downstream of it (members never imports them).

`wage_stated`: a new member's registration form gave a monthly wage (入会申请表). finances records
it as the member's wage base for dues (`finances.apps`), so the paper form is typed in once.
Arguments: `member`, `amount` (Decimal), `by` (the user), `effective_from` (a date).
"""

from django.dispatch import Signal

wage_stated = Signal()
