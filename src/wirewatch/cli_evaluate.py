"""``wirewatch evaluate STAGE``: thin wrappers over the evaluation harnesses, and their printers."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from wirewatch.render import print_json, print_table


def register(main: click.Group) -> None:
    """Add the ``evaluate`` group to the ``wirewatch`` group."""
    main.add_command(evaluate)


@click.group()
def evaluate() -> None:
    """Score a stage against labelled data (e.g. ../shared/eval)."""


def _evaluation_options(command):
    command = click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")(command)
    command = click.option("--no-baselines", is_flag=True, help="Skip the same-run baselines.")(command)
    command = click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path),
                           help="Write each item's output as JSON Lines, to re-score independently.")(command)
    return click.option("--data", required=True, type=click.Path(path_type=Path), help="The data folder.")(command)


@evaluate.command("clean")
@_evaluation_options
@click.option("--mode", type=click.Choice(["html", "text"]), default="html", show_default=True,
              help="html: extract from the page; text: clean the page's whole visible text.")
def evaluate_clean_command(data, predictions, no_baselines, as_json, mode) -> None:
    """Main-text extraction: precision, recall and F1 as the data set defines them."""
    from wirewatch.evaluate.extraction import evaluate_clean

    result = _with_progress(lambda progress: evaluate_clean(
        data, mode=mode, predictions=predictions, baselines=not no_baselines, progress=progress), as_json)
    _print_evaluation(result, as_json)


@evaluate.command("dates")
@_evaluation_options
def evaluate_dates_command(data, predictions, no_baselines, as_json) -> None:
    """Publication dates of HTML pages: precision, recall, F1 and accuracy."""
    from wirewatch.evaluate.dates import evaluate_dates

    result = _with_progress(lambda progress: evaluate_dates(
        data, predictions=predictions, baselines=not no_baselines, progress=progress), as_json)
    _print_evaluation(result, as_json)


@evaluate.command("stories")
@_evaluation_options
@click.option("--orders", default=0, show_default=True,
              help="Also run Wirewatch on this many shuffled arrival orders and report how much the result moves.")
def evaluate_stories_command(data, predictions, no_baselines, as_json, orders) -> None:
    """Story grouping: B-cubed, pairwise, NMI, ARI and cluster counts (SemEval pairs: Pearson r).

    The data set is recognised from the folder's layout: BASIL, ECB+, Google News (MStream),
    NeuS AllSides, NewsWCL50 or SemEval-2022 task 8.
    """
    from wirewatch.evaluate.stories import evaluate_stories

    try:
        from wirewatch.cluster.evaluation import WirewatchGrouper
    except ImportError as exc:
        raise click.ClickException(f"the story grouper (wirewatch.cluster.evaluation.WirewatchGrouper) "
                                   f"cannot be imported: {exc}") from exc
    result = _with_progress(lambda progress: evaluate_stories(
        data, system=WirewatchGrouper(), predictions=predictions, baselines=not no_baselines,
        progress=progress, orders=orders), as_json)
    _print_story_evaluation(result, as_json)


@evaluate.command("events")
@_evaluation_options
@click.option("--folds", default=5, show_default=True,
              help="ConfliBERT: cross-validation folds for coders that learn (fixed seed); 0 for none.")
def evaluate_events_command(data, predictions, no_baselines, as_json, folds) -> None:
    """Event coding: CAMEO triples, PLOVER types and actors, or pentaclasses.

    The data set is recognised from the folder's layout: PETRARCH records (the unit tests or the
    PETR-2 GSR), the PLOVER GSR or ConfliBERT's cameo_class.tsv. If the Wirewatch coder cannot
    be loaded, the baselines still run and a note says so (with --no-baselines it is an error).
    """
    from wirewatch.evaluate.events import WIREWATCH_CODER, evaluate_events, wirewatch_coder

    coder = None  # evaluate_events builds it, or notes why it cannot and runs the baselines alone
    if no_baselines:
        try:
            coder = wirewatch_coder()
        except Exception as exc:  # noqa: BLE001 - whatever stops the coder, the message names it
            raise click.ClickException(f"the Wirewatch coder ({WIREWATCH_CODER}) is not available "
                                       f"({type(exc).__name__}: {exc}) and --no-baselines leaves nothing to score")
    result = _with_progress(lambda progress: evaluate_events(
        data, system=coder, predictions=predictions, baselines=not no_baselines, progress=progress,
        folds=folds), as_json)
    _print_event_evaluation(result, as_json)


@evaluate.command("compare")
@_evaluation_options
@click.option("--split", type=click.Choice(["val", "train", "all"]), default=None,
              help="NeuS: which lines of roundup.source [default: val (2453-2759) on the DEV file, else all].")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N stories.")
def evaluate_compare_command(data, predictions, no_baselines, as_json, split, limit) -> None:
    """Outlet comparison: bias-sentence marks (BASIL) or roundup summaries (NeuS AllSides).

    BASIL: precision, recall and F1 of single-source marks against informational-bias sentences,
    commentary marks against lexical-bias ones, and either against any bias. NeuS: ROUGE-1/2/L
    F-measure against the editors' roundup. The data set is recognised from the folder's layout.
    If the Wirewatch comparer cannot be loaded, the baselines still run and a note says so.
    """
    from wirewatch.evaluate.compare import WIREWATCH_COMPARER, evaluate_compare, wirewatch_comparer

    comparer = None  # evaluate_compare builds it, or notes why it cannot and runs the baselines alone
    if no_baselines:
        try:
            comparer = wirewatch_comparer()
        except Exception as exc:  # noqa: BLE001 - whatever stops the comparer, the message names it
            raise click.ClickException(f"the Wirewatch comparer ({WIREWATCH_COMPARER}) is not available "
                                       f"({type(exc).__name__}: {exc}) and --no-baselines leaves nothing to score")
    result = _with_progress(lambda progress: evaluate_compare(
        data, system=comparer, predictions=predictions, baselines=not no_baselines, progress=progress,
        split=split, limit=limit), as_json)
    _print_compare_evaluation(result, as_json)


_COMPARE_COLUMNS = {
    "basil": (("single-source P", "informational_precision"), ("R", "informational_recall"),
              ("F1", "informational_f1"), ("±", "informational_f1_std"), ("commentary P", "lexical_precision"),
              ("R ", "lexical_recall"), ("F1 ", "lexical_f1"), ("± ", "lexical_f1_std"),
              ("any F1", "any_f1"), ("s", "seconds")),
    "neus_allsides": (("ROUGE-1", "rouge1"), ("±", "rouge1_std"), ("ROUGE-2", "rouge2"), ("± ", "rouge2_std"),
                      ("ROUGE-L", "rougeL"), ("±  ", "rougeL_std"), ("sentences", "sentences"),
                      ("words", "words"), ("s", "seconds")),
}


def _print_compare_evaluation(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    if result["dataset"] == "basil":
        click.echo(f"basil: {result['stories']} stories, {result['articles']} articles, {result['sentences']} "
                   f"sentences ({result['informational_sentences']} informational, {result['lexical_sentences']} "
                   f"lexical bias; {result['data']})")
    else:
        click.echo(f"neus_allsides: {result['stories']} stories, split {result['split']} ({result['data']})")
    rows = [("wirewatch", result["system"])] if result.get("system") else []
    rows += list(result["baselines"].items())
    columns = _COMPARE_COLUMNS[result["dataset"]]
    print_table([{"system": name, **{header: _event_cell(scores.get(key)) for header, key in columns}}
                 for name, scores in rows], [("system", 20)] + [(header, 15) for header, _ in columns])
    for name, margin in (result.get("margins") or {}).items():
        click.echo(f"wirewatch - {name}, per story (paired bootstrap std, share of draws not ahead): " + "; ".join(
            f"{measure} {m['difference']:+.4f} ± {m['std']:.4f} ({m['share_not_ahead']:.0%})"
            for measure, m in margin.items()))
    for note in result.get("notes") or ():
        click.echo(f"note: {note}")


# (header, result key) per data set: the table keeps to the headline scores, --json has them all.
_EVENT_COLUMNS = {
    "petrarch": (("P", "precision"), ("R", "recall"), ("F1", "f1"), ("F1 country", "country_f1"),
                 ("root", "root_accuracy"), ("quad", "quad_accuracy"), ("penta", "pentaclass_accuracy"),
                 ("source", "source_match"), ("target", "target_match"), ("src country", "source_country_match"),
                 ("tgt country", "target_country_match"), ("false events", "false_events"), ("s", "seconds")),
    "plover": (("type acc", "type_accuracy"), ("type macro-F1", "type_macro_f1"), ("names", "type_names"),
               ("src country", "source_country_match"), ("src +sector", "source_actor_match"),
               ("tgt country", "target_country_match"), ("tgt +sector", "target_actor_match"),
               ("events/sent", "events_per_sentence"), ("s", "seconds")),
    "conflibert_cameo": (("protocol", "protocol"), ("macro-F1", "macro_f1"), ("±", "macro_f1_std"),
                         ("accuracy", "accuracy"), ("answered", "answered"), ("s", "seconds")),
}


def _event_cell(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _print_event_evaluation(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    click.echo(f"{result['dataset']}: {result['file']} ({result['items']} sentences, {result['data']})")
    rows = [("wirewatch", result["system"])] if result.get("system") else []
    if result.get("system_cv"):
        rows.append(("wirewatch", result["system_cv"]))
    rows += list(result["baselines"].items())
    columns = _EVENT_COLUMNS[result["dataset"]]
    print_table([{"system": name, **{header: _event_cell(scores.get(key)) for header, key in columns}}
                 for name, scores in rows], [("system", 14)] + [(header, 13) for header, _ in columns])
    for note in result.get("notes") or ():
        click.echo(f"note: {note}")


_STORY_COLUMNS = ("bcubed_precision", "bcubed_recall", "bcubed_f1", "nmi", "ari", "clusters", "gold_clusters")


def _story_table(system: dict, baselines: dict, columns) -> None:
    rows = [{"system": "wirewatch", **system}] + [{"system": name, **scores} for name, scores in baselines.items()]
    print_table([{k: (f"{v:.3f}" if isinstance(v, float) and k != "seconds" else v) for k, v in row.items()}
                 for row in rows], [("system", 16)] + [(key, 16) for key in columns])


def _print_story_evaluation(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    click.echo(f"{result['dataset']} ({result['items']} items, {result['data']})")
    if "metric" in result:
        click.echo(f"Pearson r = {result['metric']}")
        _story_table(result["system"], result["baselines"], ("pearson", "pairs", "seconds"))
    else:
        runs = result["runs"]
        for run_name, run in runs.items():
            for level, scores in run["levels"].items():
                if len(runs) > 1 or len(run["levels"]) > 1:
                    click.echo(f"\n{run_name}, {level} level ({run['items']} items, order: {run['order']})")
                _story_table(scores["system"], scores["baselines"], _STORY_COLUMNS + ("seconds",))
    for name, margin in (result.get("margins") or {}).items():
        click.echo(f"margin over {name}: {margin['bcubed_f1_difference']:+.3f} B-cubed F1, paired bootstrap std "
                   f"{margin['std']:.3f}, not ahead in {margin['share_not_ahead']:.0%} of draws ({margin['resampled']})")
    stability = result.get("order_stability")
    if stability:
        click.echo(f"\narrival order, {stability['orders']} shuffles: B-cubed F1 {stability['bcubed_f1_min']:.3f}"
                   f" to {stability['bcubed_f1_max']:.3f}; ARI with the canonical order: mean "
                   f"{stability['ari_with_canonical_order_mean']:.3f}, min {stability['ari_with_canonical_order_min']:.3f}")
    for note in result.get("notes") or ():
        click.echo(f"note: {note}")


def _with_progress(run, as_json: bool):
    show_bar = sys.stderr.isatty()
    state: dict = {}

    def progress(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label="Scoring", file=sys.stderr, hidden=not show_bar)
            state["bar"].__enter__()
        state["bar"].update(done - state["bar"].pos)

    try:
        return run(progress)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)


def _print_evaluation(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    click.echo(f"{result.get('dataset')} ({result.get('items')} items, {result.get('data')})")
    rows = [{"system": "wirewatch", **result["system"]}]
    rows += [{"system": name, **scores} for name, scores in (result.get("baselines") or {}).items()]
    columns = [("system", 22)] + [(key, 9) for key in ("precision", "recall", "f1", "accuracy") if key in result["system"]]
    print_table([{k: (f"{v:.3f}" if isinstance(v, float) else v) for k, v in row.items()} for row in rows], columns)
