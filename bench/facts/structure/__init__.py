"""A structured comparison of a claim with a summary window (1-3 sentences): who did what to
whom, read from a dependency parse, and where the two disagree.

Both texts are parsed (:mod:`bench.facts.parsing`) and read into frames, a predicate with its
arguments by role (:mod:`bench.facts.frames`). Each of the claim's frames is set against each
of the window's whose predicate is the same lemma, a synonym or an opposite
(:mod:`bench.facts.lexicon`), argument by argument, role by role. A passive is read as its
active ("Leeds were beaten by Hull" is "Hull beat Leeds"), so a rewrite in the passive voice is
no swap.

A window *contradicts* a claim's frame (:class:`~bench.facts.conflicts.Conflict`, kinds below)
only when it states the rest of that frame: at least one other argument the same, no other
argument different. Two arguments that differ are two events ("Hull beat Leeds on Sunday" and
"Hull beat York in May"), not a contradiction; a window frame that agrees with the claim's
silences the others ("Police held three men. Police held two more."):

* ``swap``: the claim's subject is the window's object and the other way round, for the same
  predicate (not a symmetric one: "met", "drew with");
* ``antonym``: the opposite predicate with the same arguments ("shares rose" / "fell"); with
  the arguments swapped it says the same ("Hull beat Leeds" / "Leeds lost to Hull");
* ``comparative``: a comparison turned around ("more" / "fewer", "before" / "after");
* ``negation``: the same predicate negated ("was not charged", "nobody was hurt");
* ``number``, ``date``: another value in the same argument ("8.4" for "4.8", "$2bn" for "$2m",
  Monday for Tuesday), the claim's value nowhere in the window;
* ``name``: another name of the same kind (person, place, organisation, group) in the same
  argument, the claim's name nowhere in the window;
* ``relation``: another relation word of the same kind ("son" for "nephew").

The comparison also returns a support signal: the share of the claim's parts (each frame's
predicate and arguments) that the window states, in place or in the same clause. It never
decides presence; a caller weighs it. A window is judged alone: a conflict in one window of a
summary whose other window states the claim is for the caller to weigh.

    comparer = StructuredComparer()
    [result] = comparer.compare([("Hull beat Leeds.", "Leeds beat Hull on Sunday.")])
    result.conflicts[0].kind  # "swap"; .describe(), .span: where the window says it

Measured (perf/structure_bench.py): no conflict on 4,548 of RoSE's 4,551 CNN/DM ACUs against
their own reference, nor on any of PyrXSum's 859 SCUs against a system summary annotated as
stating them.

The comparison, module by module: :mod:`.comparer` (the entry point: sentences read once),
:mod:`.window_comparer` (one window against a claim's frames), :mod:`.frame_comparer` (one claim
frame against one window frame), :mod:`.argument_matcher` (one argument against another),
:mod:`.window` (a window's sentences and the look-ups made in them), :mod:`.naming` (whether two
arguments name the same thing), :mod:`.outcomes` (what each level finds) and
:mod:`.signature` (the rules' version, for signatures and cache keys).
"""

from .comparer import FRAMES_CACHE_SIZE, StructuredComparer
from .outcomes import WindowFindings
from .signature import STRUCTURE_VERSION, structure_label, wordlists_folder

__all__ = [
    "FRAMES_CACHE_SIZE",
    "STRUCTURE_VERSION",
    "StructuredComparer",
    "WindowFindings",
    "structure_label",
    "wordlists_folder",
]
