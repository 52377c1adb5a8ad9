"""``wirewatch follow``: a thin wrapper over ``wirewatch.monitor.follow.follow``."""
from __future__ import annotations

import sys

import click

from wirewatch.render import print_json


def register(main: click.Group) -> None:
    """Add ``follow`` to the ``wirewatch`` group."""

    @main.command()
    @click.argument("feed_urls", nargs=-1)
    @click.option("--config", "config_path", type=click.Path(dir_okay=False),
                  help="TOML file: [[feed]] tables (url, outlet, interval) and global settings.")
    @click.option("--interval", type=float, help="Seconds between two polls of a feed  [default: 300]")
    @click.option("--once", is_flag=True, help="Poll each feed once, store the new articles and exit.")
    @click.option("--per-host-delay", type=float, help="Least seconds between two requests to one host  [default: 2]")
    @click.option("--rate", type=float, help="Most requests a second over all hosts (0: no limit)  [default: 10]")
    @click.option("--timeout", type=float, help="Seconds to wait for a server  [default: 20]")
    @click.option("--retries", type=int, help="Further tries after a 5xx or a timeout  [default: 2]")
    @click.option("--max-bytes", type=int, help="Largest article page read  [default: 5 MiB]")
    @click.option("--max-redirects", type=int, help="Most redirects followed  [default: 5]")
    @click.option("--no-stories", is_flag=True, help="Only clean and store; group later with `wirewatch reprocess --stage stories`.")
    @click.option("--no-extract", is_flag=True, help="Skip actors, events and quotes; run later with `wirewatch reprocess --stage extract`.")
    @click.option("--json", "as_json", is_flag=True, help="Print the final summary as JSON.")
    @click.option("--quiet", "-q", is_flag=True, help="No status line; print only problems (for a service).")
    @click.pass_obj
    def follow(obj, feed_urls, config_path, interval, once, per_host_delay, rate, timeout, retries, max_bytes,
               max_redirects, no_stories, no_extract, as_json, quiet) -> None:
        """Follow RSS/Atom feeds: poll them, fetch each new entry's page and store it as an article.

        Polls are conditional (ETag, Last-Modified) and an entry seen once is never fetched again.
        Runs until Ctrl-C or SIGTERM, which stop it once the pages already fetched are stored.
        """
        from wirewatch.monitor.feeds_config import FeedSpec, FollowSettings, load_config, settings_with
        from wirewatch.monitor.follow import follow as run_follow

        settings, feeds = FollowSettings(), []
        if config_path:
            settings, feeds = load_config(config_path)
        feeds += [FeedSpec(url) for url in feed_urls]
        if not feeds:
            raise click.UsageError("Give feed URLs, or a --config file with [[feed]] tables.")
        settings = settings_with(settings, {
            "interval": interval, "per_host_delay": per_host_delay, "rate": rate, "timeout": timeout,
            "retries": retries, "max_bytes": max_bytes, "max_redirects": max_redirects,
            "stories": False if no_stories else None, "extract": False if no_extract else None,
        })
        live = not quiet and not as_json and sys.stderr.isatty()
        line = _StatusLine(live)

        def on_problem(problem) -> None:
            line.message(f"{problem.source}: {problem.reason}")

        def on_status(status) -> None:
            line.show(status.line())

        result = run_follow(obj.conn, feeds, settings, once=once, on_status=on_status if live else None,
                            on_problem=on_problem)
        line.close()
        if as_json:
            print_json(result.as_dict())
            return
        status = result.status
        if not quiet:
            click.echo(f"{status.rounds} rounds, {status.polls} polls ({status.not_modified} unchanged, "
                       f"{status.feed_errors} failed): {status.pages} pages fetched, {status.articles} new articles, "
                       f"{status.duplicates} already stored, {status.skipped} skipped")


class _StatusLine:
    """One line on standard error rewritten in place; messages are printed above it."""

    def __init__(self, live: bool):
        self.live, self.shown = live, ""

    def show(self, text: str) -> None:
        if self.live and text != self.shown:
            self.shown = text
            width = 200
            try:
                import shutil

                width = shutil.get_terminal_size().columns - 1
            except OSError:
                pass
            sys.stderr.write("\r\x1b[K" + text[:width])
            sys.stderr.flush()

    def message(self, text: str) -> None:
        if self.live:
            sys.stderr.write("\r\x1b[K")
        click.echo(text, err=True)
        if self.live and self.shown:
            sys.stderr.write(self.shown)
            sys.stderr.flush()

    def close(self) -> None:
        if self.live and self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
