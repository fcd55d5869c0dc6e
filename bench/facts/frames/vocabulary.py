"""The words and parse labels frames are read by, shared by the modules that read them."""

from __future__ import annotations

#: Entity labels that name something a claim can get wrong, by the group a conflicting name
#: must share ("Leeds" against "Hull": places; not "Leeds" against "Smith").
#: Places and organisations are one group: the tagger tells a club or a government named after
#: its city ("Chelsea", "Washington") from the city at random.
NAME_GROUPS = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "place",
    "NORP": "group",
}
#: Children that start a clause of their own: not part of an argument, read as frames.
CLAUSES = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "csubj", "csubjpass"}
)
#: The same, for arguments: a noun's "and" (conj) stays in the argument.
NOT_IN_ARGUMENT = (CLAUSES - {"conj"}) | {"pcomp"}
PRONOUNS = frozenset(
    "i me you he him she her it we us they them himself herself itself themselves this that "
    "these those".split()
)
NOBODY = frozenset({"nobody", "nothing", "none", "no-one", "noone"})
HYPOTHETICAL = frozenset({"if", "whether", "unless"})
#: Entity labels of a date or a time.
DATE_LABELS = frozenset({"DATE", "TIME"})
