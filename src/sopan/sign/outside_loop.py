"""Calling pyHanko's blocking functions (they use ``asyncio.run``) also from a thread with a running event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

__all__ = ["blocking"]

T = TypeVar("T")


def blocking(call: Callable[[], T]) -> T:
    """``call()`` here, or in a short-lived worker thread when this thread runs an event loop (an async server,
    a browser-driving test): ``asyncio.run`` refuses to start inside a running loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()
