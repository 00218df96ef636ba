"""One declared table of allowed status moves per model, checked in one place (oscar-style)."""

from collections.abc import Mapping

from .errors import TransitionError


def check_transition(
    *, current: str, target: str, allowed: Mapping[str, frozenset[str] | set[str]], what: str
) -> None:
    """Raise TransitionError unless `current` -> `target` is in `allowed`."""
    if target not in allowed.get(current, frozenset()):
        permitted = ", ".join(sorted(allowed.get(current, ()))) or "nothing"
        raise TransitionError(
            f"This {what} is {current.replace('_', ' ')} and cannot become "
            f"{target.replace('_', ' ')}. From {current.replace('_', ' ')} it can become: "
            f"{permitted.replace('_', ' ')}."
        )
