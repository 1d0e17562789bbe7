"""The newsbot BM25 engine, by stage (rank-bm25's exact scores, pruned top-k, saved form).

    postings.py   postings as compressed sparse rows, built with numpy alone
    engine.py     NewsbotEngine: queries and `add`; owns k1, b and epsilon
    store.py      the on-disk form: .npy arrays and JSON, opened memory-mapped
    kernel.py     the query loop compiled with numba (the engine has a numpy path without it)
    loader.py     loads the compiled kernel once, in the background or on demand
"""

from bot.search.bm25.engine import (
    DEFAULT_B,
    DEFAULT_EPSILON,
    DEFAULT_K1,
    NewsbotEngine,
    start_kernel,
)
from bot.search.bm25.store import IndexFormatError

__all__ = ["DEFAULT_B", "DEFAULT_EPSILON", "DEFAULT_K1", "IndexFormatError", "NewsbotEngine",
           "start_kernel"]
