"""The pages a table model has read: row → its page, read when first asked for, the least
recently used pages dropped beyond a bound (a huge list costs memory for a screenful only)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_CACHED_PAGES = 30  # far more than a screen; bounds memory when scrolling a huge list


class PageCache(Generic[T]):
    """``read(offset, limit)`` fetches one page of rows from the database."""

    def __init__(self, page_size: int, read: Callable[[int, int], list[T]]) -> None:
        self.page_size = page_size
        self._read = read
        self._pages: OrderedDict[int, list[T]] = OrderedDict()
        self.fetch_count = 0  # pages read from the database (for tests)

    def clear(self) -> None:
        self._pages.clear()

    def row(self, row: int) -> T | None:
        number = row // self.page_size
        page = self._pages.get(number)
        if page is None:
            page = self._read(number * self.page_size, self.page_size)
            self.fetch_count += 1
            self._pages[number] = page
            while len(self._pages) > MAX_CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row - number * self.page_size
        # Rows can vanish between COUNT and fetch (another user archived one): show blanks.
        return page[offset] if offset < len(page) else None
