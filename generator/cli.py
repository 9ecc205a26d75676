"""The ``kennispunt`` command: turns reports into output and exit codes.

Exit codes: 0 nothing wrong, 1 content problems, 2 usage errors, 3 an internal error (a bug).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import click

from generator import clitext, pipeline
from generator.diagnostics import Report
from generator.model.reference import REFERENCE_PATH, render_reference
from generator.model.scaffold import ScaffoldError, build_scaffold, write_scaffold
from generator.model.schema import build_schema
from generator.publish.renderer import DEFAULT_RENDERER, RENDERER_VARIABLE, RENDERERS
from generator.settings import (
    Settings,
    SettingsError,
    build_date,
    find_root,
    markdown_setup,
    site_url_from,
)

if TYPE_CHECKING:
    from generator.pipeline import BuildResult

EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 1, 2, 3
ISSUES_URL = "https://github.com/een-thuis-voor-iedereen/kennisplatform/issues"

# Before the options below are made: click translates some texts when an option is created.
clitext.install()

_root_option = click.option("--map", "root", type=click.Path(file_okay=False, path_type=Path),
                            default=None, metavar="MAP",
                            help="De map van de repository (standaard: hier).")
_date_option = click.option("--datum", default=None, metavar="JJJJ-MM-DD",
                            help="De datum van 'vandaag' (standaard: SOURCE_DATE_EPOCH of vandaag).")


def settings_from(root: Path | None, datum: str | None, strict: bool = False) -> Settings:
    """Settings from command-line options; usage problems become click errors (exit 2)."""
    try:
        found = find_root((root or Path.cwd()).resolve())
        return Settings(root=found, today=build_date(datum), strict=strict,
                        site_url=site_url_from(found))
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None


@click.group(cls=clitext.DutchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kennisplatform", message="kennispunt %(version)s")
def cli() -> None:
    """Kennisplatform Een thuis voor iedereen: controleer en bouw de site."""


@cli.command()
@click.argument("paths", nargs=-1, metavar="[PADEN]...")
@click.option("--strict", is_flag=True, help="Waarschuwingen tellen als fouten.")
@click.option("--format", "fmt", type=click.Choice(["tekst", "github", "json"]), default=None,
              help="Uitvoer: tekst, github (annotaties) of json.")
@_root_option
@_date_option
def check(paths: tuple[str, ...], strict: bool, fmt: str | None, root: Path | None,
          datum: str | None) -> None:
    """Controleer alle bestanden en meld elk probleem met bestand en regel.

    Met PADEN ziet u alleen de problemen in die bestanden of mappen; gecontroleerd wordt
    altijd alles, omdat verwijzingen tussen bestanden lopen.
    """
    settings = settings_from(root, datum, strict)
    report = pipeline.run(settings, until="check").report
    if paths:
        report = report.only_paths(_relative_paths(settings.root, paths))
    emit_report(report, fmt)
    sys.exit(EXIT_PROBLEMS if report.fails(strict=strict) else 0)


def _relative_paths(root: Path, paths: tuple[str, ...]) -> list[str]:
    result = []
    for raw in paths:
        path = Path(raw).resolve()
        try:
            result.append(path.relative_to(root).as_posix())
        except ValueError:
            raise click.UsageError(f"{raw} ligt niet in de repository {root}") from None
    return result


def emit_report(report: Report, fmt: str | None) -> None:
    """Print a report in the chosen format (GitHub annotations on Actions by default)."""
    if fmt == "json":
        click.echo(report.format_json())
        return
    click.echo(report.format_text(), err=False)
    if (fmt == "github" or (fmt is None and os.environ.get("GITHUB_ACTIONS") == "true")) \
            and report.diagnostics:
        click.echo(report.format_github())


@cli.command()
@click.argument("soort")
@click.argument("titel")
@click.option("--doelgroep", "doelgroepen", multiple=True, default=["alle"], show_default=True,
              metavar="ID", help="Id van een doelgroep (mag vaker).")
@click.option("--organisatie", "organisaties", multiple=True, default=None, metavar="ID",
              help="Id uit content/organisaties.yml (mag vaker; standaard de eerste).")
@_root_option
@_date_option
def nieuw(soort: str, titel: str, doelgroepen: tuple[str, ...], organisaties: tuple[str, ...],
          root: Path | None, datum: str | None) -> None:
    """Maak een nieuw bestand voor een bron van soort SOORT met titel TITEL."""
    settings = settings_from(root, datum)
    orgs = list(organisaties) or _first_organisation(settings.root)
    try:
        scaffold = build_scaffold(settings.root, soort, titel, settings.today,
                                  list(doelgroepen), orgs)
        write_scaffold(scaffold)
    except (ScaffoldError, FileExistsError) as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"Nieuw bestand: {scaffold.path.relative_to(settings.root).as_posix()}")
    click.echo("Vul de velden in en controleer met: kennispunt check")


def _first_organisation(root: Path) -> list[str]:
    from generator.load.frontmatter import parse_yaml

    path = root / "content" / "organisaties.yml"
    parsed, _ = parse_yaml(str(path), path.read_text("utf-8")) if path.is_file() else (None, [])
    data = parsed.data if parsed else None
    if isinstance(data, list) and data and isinstance(data[0], dict):
        first = data[0].get("id")
        if isinstance(first, str):
            return [first]
    raise click.UsageError("geef --organisatie op; content/organisaties.yml heeft geen organisaties")


@cli.command()
def schema() -> None:
    """Print het JSON Schema van de front matter (voor editors)."""
    click.echo(json.dumps(build_schema(), ensure_ascii=False, indent=2))


@cli.command()
@click.option("--controleer", is_flag=True, help="Alleen controleren of de pagina actueel is.")
@_root_option
def referentie(controleer: bool, root: Path | None) -> None:
    """Schrijf de veldenreferentie voor bijdragers (content/paginas/veldenreferentie.md)."""
    settings = settings_from(root, None)
    target = settings.root / REFERENCE_PATH
    wanted = render_reference()
    current = target.read_text("utf-8") if target.is_file() else ""
    if controleer:
        if current != wanted:
            click.echo(f"{REFERENCE_PATH} is niet actueel; draai: kennispunt referentie")
            sys.exit(EXIT_PROBLEMS)
        click.echo(f"{REFERENCE_PATH} is actueel.")
        return
    if current != wanted:
        target.write_text(wanted, "utf-8", newline="\n")
    click.echo(f"Geschreven: {REFERENCE_PATH}")


@cli.command()
@click.option("--strict", is_flag=True, help="Waarschuwingen tellen als fouten.")
@click.option("--renderer", type=click.Choice(list(RENDERERS)), default=DEFAULT_RENDERER,
              envvar=RENDERER_VARIABLE, show_default=True,
              help=f"Wat de HTML maakt: MkDocs, ProperDocs of Zensical (ook via {RENDERER_VARIABLE}).")
@_root_option
@_date_option
def build(strict: bool, renderer: str, root: Path | None, datum: str | None) -> None:
    """Controleer alles en bouw de site in site/ (renderer, controles en de zoekindex)."""
    from generator.publish.gate import GateError
    from generator.publish.renderer import PublishError

    settings = settings_from(root, datum, strict)
    try:
        result = pipeline.run(settings, "site", progress=lambda stage: click.echo(f"  {stage}"),
                              renderer=renderer)
    except GateError as exc:
        emit_report(exc.report, None)
        click.echo("De site is niet klaar om te publiceren: op de pagina's hierboven staat script, "
                   "ingesloten inhoud of iets van een andere website. Publiceer site/ niet; "
                   "los eerst de meldingen op.", err=True)
        sys.exit(EXIT_PROBLEMS)
    except PublishError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_PROBLEMS)
    if not result.ok:
        emit_report(result.report, None)
        click.echo("De site is niet gebouwd: los eerst de fouten hierboven op.", err=True)
        sys.exit(EXIT_PROBLEMS)
    if result.report.diagnostics:
        emit_report(result.report, None)
    click.echo(build_summary(result, settings))


def build_summary(result: BuildResult, settings: Settings) -> str:
    """Counts and time per stage, and how to look at the result."""
    assert result.graph is not None and result.written is not None
    content = result.graph.content
    stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.timings.items())
    return (
        f"Site gebouwd in {settings.site_dir.relative_to(settings.root)}/: "
        f"{len(content.resources)} bronnen, {len(content.groups)} doelgroepen, "
        f"{len(content.pages)} pagina's; {result.pages} pagina's gemaakt. Bestanden: "
        f"{result.written.written} geschreven, {result.written.unchanged} ongewijzigd, "
        f"{result.written.removed} verwijderd.\n"
        f"Tijd: {stages}.\n"
        "Bekijken: .venv/bin/kennispunt serve  (of: python3 -m http.server -d site -b 127.0.0.1 8000)"
    )


@cli.command()
@click.option("--poort", "-p", "poort", type=click.IntRange(1, 65535), default=8000, show_default=True,
              metavar="GETAL", help="Poort op 127.0.0.1; kies een andere als deze al bezet is.")
@_root_option
@_date_option
def serve(poort: int, root: Path | None, datum: str | None) -> None:
    """Bekijk de site terwijl u schrijft: elke wijziging is na een paar tellen te zien.

    Heeft een wijziging fouten, dan staan die bovenaan elke pagina in de browser.
    """
    from generator.publish.preview import busy_port_message
    from generator.publish.preview import serve as run_preview

    settings = settings_from(root, datum)
    busy = busy_port_message(poort)
    if busy:
        raise click.UsageError(busy)
    sys.exit(run_preview(settings, poort, echo=click.echo))


@cli.command()
@click.option("--poort", "-p", "poort", type=click.IntRange(1, 65535), default=8000, show_default=True,
              metavar="GETAL", help="Poort van het voorbeeld op 127.0.0.1.")
@click.option("--proxy-poort", "proxy_poort", type=click.IntRange(1, 65535), default=8081,
              show_default=True, metavar="GETAL", help="Poort van decap-server op 127.0.0.1.")
@_root_option
@_date_option
def bewerkscherm(poort: int, proxy_poort: int, root: Path | None, datum: str | None) -> None:
    """Het bewerkscherm op uw eigen computer, naast het live voorbeeld.

    Opslaan schrijft meteen in de bestanden van deze map; maak daarna zelf een pull request.
    """
    from generator.publish.editor import start_local_backend
    from generator.publish.preview import busy_port_message
    from generator.publish.preview import serve as run_preview
    from generator.render.editor import EditorMissing
    from generator.render.paths import EDITOR

    settings = settings_from(root, datum)
    for port in (poort, proxy_poort):
        busy = busy_port_message(port)
        if busy:
            raise click.UsageError(busy)
    try:
        backend = start_local_backend(settings.root, proxy_poort)
    except EditorMissing as exc:
        raise click.UsageError(str(exc)) from None
    query = "" if proxy_poort == 8081 else f"?proxy={proxy_poort}"
    path = urlsplit(settings.site_url).path or "/"
    click.echo(f"Bewerkscherm: http://127.0.0.1:{poort}{path}{EDITOR}/{query}")
    try:
        code = run_preview(settings, poort, echo=click.echo)
    finally:
        backend.terminate()
        backend.wait(timeout=10)
    sys.exit(code)


@cli.command()
@click.option("--rapport", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="BESTAND", help="Schrijf het rapport (Markdown) naar dit bestand.")
@click.option("--cache", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="BESTAND", help="JSON-bestand dat goede links een week onthoudt.")
@_root_option
@_date_option
def links(rapport: Path | None, cache: Path | None, root: Path | None, datum: str | None) -> None:
    """Controleer alle externe links (bron, aanmelden, links in de tekst). Dode links: code 1."""
    from generator.load.discover import discover_sources
    from generator.publish.linkcheck import check_links, extract_link_targets, render_report

    settings = settings_from(root, datum)
    sources, _ = discover_sources(settings.root)
    targets = [target for source in sources
               for target in extract_link_targets(
                   source.path, (settings.root / source.path).read_text("utf-8", errors="replace"))]
    report = check_links(targets, cache_file=cache, today=settings.today)
    text = render_report(report)
    if rapport:
        rapport.write_text(text, "utf-8")
    click.echo(text)
    sys.exit(EXIT_PROBLEMS if report.dead else 0)


@cli.command()
@click.option("--linkrapport", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="BESTAND", help="Het rapport van de laatste linkcontrole "
                                      "(standaard: linkrapport.md, als dat er is).")
@_root_option
@_date_option
def rapport(linkrapport: Path | None, root: Path | None, datum: str | None) -> None:
    """Redactierapport: wat per organisatie aandacht vraagt. Meldt alleen; altijd code 0."""
    from generator.render.report import (
        LINK_REPORT,
        build_editors_report,
        read_dead_links,
        render_report_text,
    )

    settings = settings_from(root, datum)
    result = pipeline.run(settings, "check")
    if result.content is None or result.report.fails(strict=False):
        click.echo("Geen redactierapport: de inhoud heeft fouten. Draai eerst: kennispunt check")
        return
    from generator.link.graph import build_graph

    graph = build_graph(result.content, settings.today, markdown_setup(settings.root))
    dead = read_dead_links(linkrapport or settings.root / LINK_REPORT)
    click.echo(render_report_text(build_editors_report(graph, dead)), nl=False)


def main() -> None:
    """Entry point: a content problem never shows a traceback; a bug says it is one."""
    try:
        code = cli.main(prog_name="kennispunt", standalone_mode=False)
    except click.UsageError as exc:
        click.echo(usage_error_text(exc), err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        click.echo(f"Fout: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Afgebroken.", err=True)
        sys.exit(1)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        click.echo(
            "Interne fout in kennispunt: dit is een fout in het programma, niet in uw tekst.\n"
            f"Meld het alstublieft op {ISSUES_URL} met deze regel:\n"
            f"  {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})",
            err=True,
        )
        if os.environ.get("KENNISPUNT_DEBUG"):
            traceback.print_exc()
        sys.exit(EXIT_BUG)
    sys.exit(code if isinstance(code, int) else 0)


def usage_error_text(exc: click.UsageError) -> str:
    """A usage error as the contributor reads it: what is wrong, then where to find help.

    click's own messages arrive in Dutch already (see :mod:`generator.clitext`).
    """
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):  # no command given: the help itself
        return exc.format_message()
    command = exc.ctx.command_path if exc.ctx else "kennispunt"
    return f"Fout: {exc.format_message()}\nHulp: {command} --help"
