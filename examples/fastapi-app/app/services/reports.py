import zlib


async def render_report(year: int) -> bytes:
    # Awaiting our own coroutine does not make it safe: its body runs on the loop.
    rows = _collect(year, depth=3)
    return zlib.compress(rows)  # expect: py/cpu-compression


def _collect(year: int, depth: int) -> bytes:
    # Recursion: the summary computation must terminate.
    if depth == 0:
        return str(year).encode()
    return _collect(year, depth - 1) + b","
