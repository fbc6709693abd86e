"""The pages a table model has read: row → its page, read when first asked for, the least
recently used pages dropped beyond a bound (a huge list costs memory for a screenful only).

A read that fails with an expected error (a damaged file, a disk that stopped answering) is
reported once; the rows then read as blanks until the cache is cleared (a refresh), so a
repaint does not read the failing page again for every cell."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from kvalitet_desktop.domain.errors import KvalitetError

T = TypeVar("T")
OnFailure = Callable[[KvalitetError], None]

MAX_CACHED_PAGES = 30  # far more than a screen; bounds memory when scrolling a huge list


class PageCache(Generic[T]):
    """``read(offset, limit)`` fetches one page of rows from the database."""

    def __init__(
        self,
        page_size: int,
        read: Callable[[int, int], list[T]],
        on_failure: OnFailure | None = None,
    ) -> None:
        self.page_size = page_size
        self._read = read
        self._on_failure = on_failure
        self._pages: OrderedDict[int, list[T]] = OrderedDict()
        self.fetch_count = 0  # pages read from the database (for tests)
        self.failure: KvalitetError | None = None

    def clear(self) -> None:
        self._pages.clear()
        self.failure = None

    def row(self, row: int) -> T | None:
        if self.failure is not None:
            return None
        number = row // self.page_size
        page = self._pages.get(number)
        if page is None:
            try:
                page = self._read(number * self.page_size, self.page_size)
            except KvalitetError as error:
                self.failure = error
                if self._on_failure is not None:
                    self._on_failure(error)
                return None
            self.fetch_count += 1
            self._pages[number] = page
            while len(self._pages) > MAX_CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row - number * self.page_size
        # Rows can vanish between COUNT and fetch (another user archived one): show blanks.
        return page[offset] if offset < len(page) else None


def counted(count: Callable[[], int], on_failure: OnFailure) -> int:
    """A list's row count; 0 (an empty list) when the read fails, the failure reported."""
    try:
        return count()
    except KvalitetError as error:
        on_failure(error)
        return 0
