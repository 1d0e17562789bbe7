"""Notice changes to the corpus directory and reload the library when there are some.

A change is seen cheaply: the names, sizes and modification times of the article files (one
directory listing, one stat per file; no file is read). When they differ from the last check,
the library reloads through its normal load path, which builds the new index aside and swaps
it in whole, so questions in flight finish on the old snapshot.
"""

from __future__ import annotations

import logging

from bot.corpus import Signature, corpus_signature
from bot.search.library import Library, Snapshot

logger = logging.getLogger(__name__)

class CorpusWatcher:
    """Reloads a Library when its corpus directory's files change; call `check()` periodically.

    Create it right after the library is built: it takes the current state of the directory
    as the one the library holds.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        self._seen = corpus_signature(library.corpus_dir)

    def changed(self) -> bool:
        """True when the article files differ from those last loaded."""
        return corpus_signature(self.library.corpus_dir) != self._seen

    def check(self) -> Snapshot | None:
        """Reload if the files changed; returns the new snapshot, or None when nothing changed."""
        signature = corpus_signature(self.library.corpus_dir)
        if signature == self._seen:
            return None
        before = {name for name, _, _ in self._seen}
        after = {name for name, _, _ in signature}
        logger.info("corpus changed (%d added, %d removed, %d modified); reloading",
                    len(after - before), len(before - after),
                    len(signature - self._seen) - len(after - before))
        return self.reload(signature)

    def reload(self, signature: Signature | None = None) -> Snapshot:
        """Reload the library now (for /reload and after an ingest) and remember the files.

        The signature is taken before the reload, so a file written during the reload makes
        the next check reload again rather than being missed.
        """
        if signature is None:
            signature = corpus_signature(self.library.corpus_dir)
        snapshot = self.library.reload()
        self._seen = signature
        return snapshot
