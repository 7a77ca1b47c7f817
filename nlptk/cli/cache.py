"""cli: ``nlptk cache info`` and ``nlptk cache clear`` — what the per-user cache holds (the
compiled dictionaries, HMM, POS and IDF tables, built on first use) and removing it."""

from __future__ import annotations

import typer

from nlptk.cli._options import EPILOG

cache_app = typer.Typer(
    help="Show or clear the per-user cache of compiled dictionaries and tables "
    "($NLPTK_CACHE_DIR, else ~/.cache/nlptk); a cleared entry is rebuilt on next use.",
    epilog=EPILOG,
    no_args_is_help=True,
)


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB"


@cache_app.command("info", epilog=EPILOG)
def cache_info_cli() -> None:
    """The cache folders, in the order they are searched, and each entry: what it holds,
    its size and its file; then the total.

    Example: nlptk cache info
    """
    from nlptk.cache import cache_dirs, cache_entries

    entries = list(cache_entries())
    lines = [f"folder  {d}" for d in cache_dirs()]
    lines += [f"entry   {e.kind:<16} {_mb(e.size):>9}  {e.path}" for e in entries]
    total = sum(e.size for e in entries)
    lines.append(f"total   {len(entries)} entries, {_mb(total)}")
    typer.echo("\n".join(lines))


@cache_app.command("clear", epilog=EPILOG)
def cache_clear_cli() -> None:
    """Delete every cache entry; the next run that needs one builds it again (the
    dictionary takes about 10 s).

    Example: nlptk cache clear
    """
    from nlptk.cache import clear_cache

    files, size = clear_cache()
    typer.echo(f"removed {files} files, {_mb(size)}")
