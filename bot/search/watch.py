"""Notice changes to the corpus directory and reload the library when there are some.

A change is seen cheaply: the names, sizes and modification times of the article files (one
directory listing, one stat per file; no file is read). When they differ from the last check,
the library reloads through its normal load path, which builds the new index aside and swaps
it in whole, so questions in flight finish on the old snapshot. The listing that saw the
change is handed to the reload, so the directory is listed once per change, and a watcher
made beside a freshly loaded library starts from the listing the load made.

New files (the common change: an ingest, the feed job, /add) are seen from the names alone:
a check lists the names first and, when files were only added, stats just those and reloads
at once; otherwise it stats every file (an edit in place changes no name).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.corpus import article_names, corpus_listing, file_stats
from bot.search.library import Library, Snapshot

logger = logging.getLogger(__name__)

Listing = Mapping[str, tuple[int, int]]  # article file name -> (size, mtime in ns)


class CorpusWatcher:
    """Reloads a Library when its corpus directory's files change; call `check()` periodically.

    Create it right after the library is built: it takes the state of the directory the
    library last listed (or lists it now) as the one the library holds.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        known = library.listing()
        self._seen: Listing = known if known is not None else corpus_listing(library.corpus_dir)

    def changed(self) -> bool:
        """True when the article files differ from those last loaded."""
        return corpus_listing(self.library.corpus_dir) != self._seen

    def check(self) -> Snapshot | None:
        """Reload if the files changed; returns the new snapshot, or None when nothing changed."""
        directory = self.library.corpus_dir
        names = article_names(directory)
        seen = self._seen
        if names is not None and len(names) > len(seen) and names.issuperset(seen.keys()):
            # Only added: the new files' stats, the others' as last seen. An edit made in the
            # same moment is seen by the next check (it stats every file).
            new = file_stats(directory, names.difference(seen.keys()))
            if new:
                logger.info("corpus changed (%d added); reloading", len(new))
                return self.reload({**seen, **new}, base=seen)
        listing = corpus_listing(directory)
        if listing == seen:
            return None
        added = sum(1 for name in listing if name not in self._seen)
        removed = sum(1 for name in self._seen if name not in listing)
        modified = sum(1 for name, stat in listing.items()
                       if name in self._seen and self._seen[name] != stat)
        logger.info("corpus changed (%d added, %d removed, %d modified); reloading",
                    added, removed, modified)
        return self.reload(listing)

    def reload(self, listing: Listing | None = None, base: Listing | None = None) -> Snapshot:
        """Reload the library now (for /reload and after an ingest) and remember the files.

        The listing is taken before the reload, so a file written during the reload makes
        the next check reload again rather than being missed.
        """
        if listing is None:
            listing = corpus_listing(self.library.corpus_dir)
        snapshot = self.library.reload(listing, base)
        self._seen = listing
        return snapshot
