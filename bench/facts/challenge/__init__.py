"""Generated fact/text pairs: training data for the fact verifier and the public challenge set.

``summbench facts challenge build`` makes the pairs from the shared data (see
:mod:`.build`); ``... evaluate`` runs a fact matcher over them (see :mod:`.evaluate`). The
library's scoring path does not import this package.
"""
