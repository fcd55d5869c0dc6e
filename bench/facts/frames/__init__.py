"""Who did what to whom, read from a dependency parse: one :class:`Frame` per predicate.

A frame is a predicate (a verb's lemma, "go_up" with its particle, an adjective after "be",
or "be" itself before a noun) and its arguments by role:

* ``subj``: the doer: the active subject, or the "by" phrase of a passive;
* ``obj``: what is done to: the direct object, or the subject of a passive (so "Leeds were
  beaten by Hull" and "Hull beat Leeds" read the same);
* ``attr`` (what "be" says a subject is), ``dative``, ``than`` (a comparison's other side);
* ``prep:<word>``: a prepositional phrase ("prep:in" for "in the fire");
* ``time``: a date or time, whatever the preposition; ``amount``: a number the predicate
  itself takes ("rose 5%", "rose by 5%").

A frame is negated by "not"/"never", by a subject or object like "nobody" or "no injuries",
and by a governing verb like "fail" or "refuse" (:mod:`bench.facts.lexicon`). A predicate
without its own subject takes its governor's ("Hull wanted to win", "Leeds scored and won",
"escaped punishment for biting him"); a relative clause's "who" or "which" stands for the
noun it describes. "Mary, his wife" and "his wife Mary" give a frame of their own: Mary is
his wife.

The reading, module by module: :mod:`.reader` (a predicate's frame, and :func:`read_frames`),
:mod:`.arguments` (a predicate's arguments and what each holds), :mod:`.names` (the names in an
argument), :mod:`.verbless` (ages and relations: frames no verb says), :mod:`.tree` (walking a
parse), :mod:`.model` (the frame, its arguments, their names) and :mod:`.vocabulary` (the words
and labels it turns on).
"""

from .model import Argument, Frame, Name
from .reader import read_frames
from .tree import under_condition
from .vocabulary import CLAUSES, HYPOTHETICAL, NAME_GROUPS, NOBODY, PRONOUNS

__all__ = [
    "CLAUSES",
    "HYPOTHETICAL",
    "NAME_GROUPS",
    "NOBODY",
    "PRONOUNS",
    "Argument",
    "Frame",
    "Name",
    "read_frames",
    "under_condition",
]
