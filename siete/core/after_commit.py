"""Side effects that may happen only once the outermost transaction commits (Redis publishes, cache invalidation).

`defer(session, key, items)` holds items in `session.info[key]`, each tagged with the (nested) transaction that
produced it; a rolled-back SAVEPOINT drops its own items, the end of the root transaction drops everything, and a
root commit hands the surviving items to the action registered for `key`.
"""
from sqlalchemy import event
from sqlalchemy.orm import Session

_actions = {}  # session.info key → action(items), called after the outermost commit


def on_commit(key, action):
    """Register `action(items)` for what is deferred under `key` (once, at import of the owning module)."""
    _actions[key] = action


def defer(session, key, items):
    """Hold `items` until the transaction that produced them commits for good."""
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(key, []).extend((transaction, item) for item in items)


def pending(session, key):
    """What is held under `key` in the open transaction."""
    return [item for _transaction, item in session.info.get(key, ())]


def _inside(transaction, ancestor):
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back_savepoint(session, previous_transaction):
    if not previous_transaction.nested:
        return
    for key in _actions:
        held = session.info.get(key)
        if held:
            session.info[key] = [h for h in held if not _inside(h[0], previous_transaction)]


@event.listens_for(Session, "after_transaction_end")
def _drop_when_the_root_ends(session, transaction):
    if transaction.parent is None:  # the root ended: committed items were handed over, the rest never will be
        for key in _actions:
            session.info.pop(key, None)


@event.listens_for(Session, "after_commit")
def _hand_over(session):
    if session.in_nested_transaction():  # a SAVEPOINT released: its rows may still roll back with the root
        return
    for key, action in _actions.items():
        held = session.info.pop(key, None)
        if held:
            action([item for _transaction, item in held])
