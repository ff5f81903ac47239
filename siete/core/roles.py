"""The four platform roles; a lower number is a more powerful role."""
from enum import IntEnum


class Role(IntEnum):
    SUPERADMIN = 0
    ADMIN = 1
    MANAGER = 2
    SHOPPER = 3

    def can_grant(self, other: "Role") -> bool:
        """Nobody may give a user more power than they hold themselves."""
        return other >= self


STAFF = (Role.SUPERADMIN, Role.ADMIN, Role.MANAGER)
ADMINS = (Role.SUPERADMIN, Role.ADMIN)
