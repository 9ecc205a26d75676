"""Hardened YAML with positions: plain data, the place of every key and value, no tricks.

Every scalar stays text: the schema converts it, so ``NO``, ``1.10``, ``0755`` and ``1:20``
keep the meaning the contributor typed. Tags, anchors, aliases and duplicate keys are refused,
because they let a file mean something other than what a reviewer reads.

Two paths give the same result, both on libyaml (the C loader). Ordinary YAML is composed in
C and walked once for its data; positions are worked out only when a problem needs one.
Anything unusual goes to an event builder that refuses every trick with a Dutch explanation.
On a large site the fast path keeps `kennispunt check` close to the cost of merely loading
the YAML (scripts/benchmark); a property test checks that the two paths agree.
"""

from __future__ import annotations

import re
from typing import NamedTuple, TypeAlias

import yaml
from yaml._yaml import CParser
from yaml.nodes import MappingNode, ScalarNode

from generator.diagnostics import Diagnostic, error

MAX_DEPTH = 4

Value: TypeAlias = str | list["Value"] | dict[str, "Value"] | None
Path: TypeAlias = tuple[str | int, ...]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_YAML_PROBLEMS = {
    "mapping values are not allowed here": (
        "een dubbele punt op een onverwachte plek",
        "zet tekst met een dubbele punt tussen aanhalingstekens",
    ),
    "could not find expected ':'": (
        "een regel zonder 'sleutel: waarde'",
        "controleer of elke regel de vorm 'veld: waarde' heeft",
    ),
    "found character '\\t' that cannot start any token": (
        "een tab-teken",
        "gebruik spaties om in te springen, geen tabs",
    ),
    "found unexpected end of stream": (
        "een niet afgesloten aanhalingsteken of haakje",
        "controleer of elk aanhalingsteken en haakje gesloten is",
    ),
    "did not find expected key": (
        "een regel die niet goed inspringt",
        "laat velden op hetzelfde niveau recht onder elkaar beginnen",
    ),
    # libyaml's wording (the C loader) where it differs from PyYAML's.
    "mapping values are not allowed in this context": (
        "een dubbele punt op een onverwachte plek",
        "zet tekst met een dubbele punt tussen aanhalingstekens",
    ),
    "found character that cannot start any token": (
        "een teken waarmee geen waarde kan beginnen (een tab, @ of `)",
        "spring in met spaties, niet met tabs; zet tekst die met @ of ` begint tussen aanhalingstekens",
    ),
    "did not find expected ',' or ']'": (
        "een lijst die niet met ] gesloten wordt",
        "sluit de lijst met ] en zet komma's tussen de waarden",
    ),
    "did not find expected ',' or '}'": (
        "een groep die niet met } gesloten wordt",
        "sluit de groep met } en zet komma's tussen de velden",
    ),
    "did not find expected '-' indicator": (
        "een regel die niet bij de lijst hoort",
        "begin elk lijstitem met '- ', recht onder het vorige",
    ),
    "block sequence entries are not allowed in this context": (
        "een lijstteken '-' op een onverwachte plek",
        "zet de lijst op de regels onder het veld, of schrijf [eerste, tweede]",
    ),
    "found unknown escape character": (
        "een onbekende combinatie met \\ tussen dubbele aanhalingstekens",
        "gebruik enkele aanhalingstekens, of schrijf \\\\ voor een backslash",
    ),
    "did not find expected alphabetic or numeric character": (
        "een & of * zonder naam erachter",
        "zet tekst met & of * tussen aanhalingstekens",
    ),
    "found undefined tag handle": (
        "een onbekende YAML-tag (!)",
        "zet tekst die met ! begint tussen aanhalingstekens",
    ),
    "exceeded maximum nesting depth": (
        "de gegevens zijn veel te diep genest",
        "gebruik alleen velden met tekst of een lijst",
    ),
    "did not find expected <document start>": (
        "tekst na het einde van de gegevens",
        "controleer haakjes en aanhalingstekens",
    ),
}


class Position(NamedTuple):
    """A 1-based line and column in the original file.

    A named tuple rather than a frozen dataclass: the parser makes one for every key and
    value of every file, and a tuple is several times cheaper to create.
    """

    line: int
    column: int


class Parsed:
    """Plain data with the position of every value and every mapping key.

    The fast parser (see :func:`parse_yaml`) keeps the YAML text and works the positions out
    the first time they are asked for: only a file with a problem needs them, and finding
    them costs more than the rest of parsing. Treat a Parsed as read-only.
    """

    __slots__ = ("_first_line", "_keys", "_text", "_values", "data")

    def __init__(self, data: Value, values: dict[Path, Position] | None = None,
                 keys: dict[Path, Position] | None = None, *, text: str | None = None,
                 first_line: int = 1) -> None:
        self.data = data
        lazy = text is not None and values is None and keys is None
        self._values = None if lazy else values if values is not None else {}
        self._keys = None if lazy else keys if keys is not None else {}
        self._text = text
        self._first_line = first_line

    @property
    def values(self) -> dict[Path, Position]:
        """The position of every value (and of the whole document at ``()``)."""
        if self._values is None:
            self._locate()
        assert self._values is not None
        return self._values

    @property
    def keys(self) -> dict[Path, Position]:
        """The position of every mapping key."""
        if self._keys is None:
            self._locate()
        assert self._keys is not None
        return self._keys

    def _locate(self) -> None:
        assert self._text is not None
        values: dict[Path, Position] = {}
        keys: dict[Path, Position] = {}
        _walk(_compose(self._text), (), values, keys, self._first_line, 0)
        self._values, self._keys = values, keys

    def position(self, path: Path) -> Position:
        """Where the value at ``path`` starts, or its nearest parent that has a position."""
        while path:
            found = self.values.get(path) or self.keys.get(path)
            if found:
                return found
            path = path[:-1]
        return self.values.get((), Position(1, 1))


def parse_yaml(path: str, text: str, *, first_line: int = 1) -> tuple[Parsed | None, list[Diagnostic]]:
    """Parse YAML text into plain data with positions; ``None`` when it cannot be read."""
    if not _may_hold_tricks(text):
        fast = _parse_fast(text, first_line)
        if fast is not None:
            return fast, []
    return _parse_events(path, text, first_line)


def _parse_events(path: str, text: str, first_line: int) -> tuple[Parsed | None, list[Diagnostic]]:
    """The careful path: libyaml's events, every trick refused and explained."""
    builder = _Builder(path, first_line)
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        return None, [*builder.problems, _yaml_error(path, exc, first_line)]
    except yaml.YAMLError as exc:  # libyaml reports a few problems without a position
        return None, [*builder.problems, error(path, first_line, 1, "yaml-fout",
                                               f"de YAML kan niet gelezen worden: {exc}")]
    if builder.result is None and not builder.problems:
        return None, [error(path, first_line, 1, "frontmatter-leeg", "de front matter is leeg",
                            "vul de velden in; 'kennispunt nieuw' maakt een voorbeeld")]
    return Parsed(builder.result, builder.values, builder.keys), builder.problems


def _yaml_error(path: str, exc: yaml.MarkedYAMLError, first_line: int) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line if mark else 0) + first_line
    column = (mark.column if mark else 0) + 1
    problem = str(exc.problem or exc.context or "onbekend probleem")
    dutch, hint = _YAML_PROBLEMS.get(problem, (problem, "controleer inspringing en aanhalingstekens"))
    return error(path, line, column, "yaml-fout", f"de YAML kan niet gelezen worden: {dutch}", hint)


# The fast path: libyaml composes the document in C and a short walk over the nodes takes the
# data (Parsed._locate walks again for positions, when asked). It handles ordinary YAML only;
# anything unusual (a YAML error, several documents, an empty document, a duplicate key, a
# key that is not text, deep nesting, and every text that may hold a tag, anchor or alias)
# goes to the event builder below, which knows every trick and explains it. Both give the
# same result for what the fast path accepts (tests/test_properties.py). A tag, anchor or
# alias can only start where a node starts: at the start of a line or after a space, a flow
# indicator or a colon; 'Wonen & zorg' and 'R&D' are text.
_TRICKS = re.compile(r"(?:^|[\s\[\]{},:])(?:[&*]\S|!)", re.M)


def _may_hold_tricks(text: str) -> bool:
    return ("&" in text or "*" in text or "!" in text) and _TRICKS.search(text) is not None


class _Unusual(Exception):
    """Something the fast path leaves to the event builder."""


class _Composer(CParser):
    """libyaml's composer without implicit typing: every scalar stays the text it was."""

    def resolve(self, kind: object, value: object, implicit: object) -> str:
        return ""

    def descend_resolver(self, parent: object, index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def _parse_fast(text: str, first_line: int) -> Parsed | None:
    try:
        data = _data(_compose(text), 0)
    except (yaml.YAMLError, _Unusual):
        return None
    if data is None:  # an empty document ('~', or only a directive): the builder explains it
        return None
    return Parsed(data, text=text, first_line=first_line)


def _compose(text: str) -> yaml.Node:
    composer = _Composer(text)
    try:
        node: yaml.Node | None = composer.get_single_node()
    finally:
        composer.dispose()
    if node is None:
        raise _Unusual
    return node


def _data(node: yaml.Node, depth: int) -> Value:
    """The plain data of a node, without positions (see Parsed._locate for those)."""
    if type(node) is ScalarNode:
        return _scalar(node)
    if depth >= MAX_DEPTH:
        raise _Unusual
    # _scalar is written out in the loops: they run for every key and value of every file.
    if type(node) is MappingNode:
        mapping: dict[str, Value] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise _Unusual
            key: str = key_node.value
            if not key_node.style and key in _NULLS:
                key = ""
            if key in mapping:
                raise _Unusual
            if type(value_node) is ScalarNode:
                text: str = value_node.value
                mapping[key] = None if not value_node.style and text in _NULLS else text
            else:
                mapping[key] = _data(value_node, depth + 1)
        return mapping
    return [(None if not item.style and item.value in _NULLS else item.value)
            if type(item) is ScalarNode else _data(item, depth + 1) for item in node.value]


def _walk(node: yaml.Node, path: Path, values: dict[Path, Position], keys: dict[Path, Position],
          first_line: int, depth: int) -> Value:
    """The plain data of a node, recording the position of every value and key."""
    mark = node.start_mark
    values[path] = Position(mark.line + first_line, mark.column + 1)
    if type(node) is ScalarNode:
        return _scalar(node)
    if depth >= MAX_DEPTH:
        raise _Unusual
    # Scalar children are handled in the loops: most nodes are scalars, and a call per node
    # is what this walk would spend most of its time on.
    if type(node) is MappingNode:
        mapping: dict[str, Value] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise _Unusual
            key = _scalar(key_node) or ""
            if key in mapping:
                raise _Unusual
            child = (*path, key)
            mark = key_node.start_mark
            keys[child] = Position(mark.line + first_line, mark.column + 1)
            if type(value_node) is ScalarNode:
                mark = value_node.start_mark
                values[child] = Position(mark.line + first_line, mark.column + 1)
                mapping[key] = _scalar(value_node)
            else:
                mapping[key] = _walk(value_node, child, values, keys, first_line, depth + 1)
        return mapping
    items: list[Value] = []
    for index, item in enumerate(node.value):
        child = (*path, index)
        if type(item) is ScalarNode:
            mark = item.start_mark
            values[child] = Position(mark.line + first_line, mark.column + 1)
            items.append(_scalar(item))
        else:
            items.append(_walk(item, child, values, keys, first_line, depth + 1))
    return items


def _scalar(node: ScalarNode) -> str | None:
    text: str = node.value
    return None if not node.style and text in _NULLS else text


class _Frame:
    __slots__ = ("container", "key", "path")

    def __init__(self, container: dict[str, Value] | list[Value], path: Path) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None


class _Builder:
    """Turns libyaml events into plain data, recording positions and refusing tricks."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.stack: list[_Frame] = []
        self.result: Value = None
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}
        self.problems: list[Diagnostic] = []
        self._too_deep = False
        self._documents = 0

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self._check_tricks(event)
            assert isinstance(event, yaml.ScalarEvent)
            # libyaml reports a plain scalar's style as '' (PyYAML's Python parser: None).
            plain = not event.style
            self._add(None if plain and event.value in _NULLS else event.value, event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._check_tricks(event)
            self._open({} if kind is yaml.MappingStartEvent else [], event)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = self.stack.pop()
            if not self.stack:
                self.result = frame.container
        elif kind is yaml.AliasEvent:
            self._problem(event, "yaml-alias", "een alias (*naam) is niet toegestaan",
                          "schrijf de waarde voluit")
            self._add(None, event)
        elif kind is yaml.DocumentStartEvent:
            self._documents += 1
            if self._documents == 2:  # a second document would silently replace the first
                self._problem(event, "yaml-fout", "er staat meer dan één YAML-document in",
                              "haal de regel '---' weg")

    def _position(self, event: yaml.Event) -> Position:
        mark = event.start_mark
        if mark is None:  # libyaml always gives one; the type allows None
            return Position(self.first_line, 1)
        return Position(mark.line + self.first_line, mark.column + 1)

    def _problem(self, event: yaml.Event, code: str, message: str, hint: str) -> None:
        pos = self._position(event)
        self.problems.append(error(self.path, pos.line, pos.column, code, message, hint))

    def _check_tricks(self, event: yaml.Event) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._problem(event, "yaml-anker", f"een anker (&{anchor}) is niet toegestaan",
                          "schrijf elke waarde voluit")
        tag = getattr(event, "tag", None)
        if tag is not None:
            self._problem(event, "yaml-tag", f"een YAML-tag ({tag}) is niet toegestaan",
                          "haal de tag weg; zet tekst zo nodig tussen aanhalingstekens")

    def _open(self, container: dict[str, Value] | list[Value], event: yaml.Event) -> None:
        path: Path = ()
        if self.stack:
            parent = self.stack[-1]
            if isinstance(parent.container, list):
                path = (*parent.path, len(parent.container))
                parent.container.append(container)
            elif parent.key is None:
                self._problem(event, "yaml-fout", "een sleutel moet gewone tekst zijn",
                              "schrijf 'veld: waarde'")
                path = (*parent.path, "")
            else:
                path = (*parent.path, parent.key)
                parent.container[parent.key] = container
                parent.key = None
        if len(self.stack) >= MAX_DEPTH and not self._too_deep:
            self._too_deep = True
            self._problem(event, "te-diep", f"de gegevens zijn dieper genest dan {MAX_DEPTH} niveaus",
                          "gebruik alleen velden met tekst of een lijst")
        self.values[path] = self._position(event)
        self.stack.append(_Frame(container, path))

    def _add(self, value: Value, event: yaml.Event) -> None:
        if not self.stack:
            self.result = value
            self.values[()] = self._position(event)
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            self.values[(*frame.path, len(container))] = self._position(event)
            container.append(value)
        elif frame.key is None:
            self._set_key(frame, "" if value is None else value, event)
        else:
            self.values[(*frame.path, frame.key)] = self._position(event)
            container[frame.key] = value
            frame.key = None

    def _set_key(self, frame: _Frame, key: str | Value, event: yaml.Event) -> None:
        assert isinstance(frame.container, dict)
        text = key if isinstance(key, str) else ""
        pos = self._position(event)
        path = (*frame.path, text)
        if text in frame.container or path in self.keys:
            first = self.keys.get(path)
            where = f" (eerder op regel {first.line})" if first else ""
            self.problems.append(error(self.path, pos.line, pos.column, "dubbele-sleutel",
                                       f"veld '{text}' staat twee keer in de front matter{where}",
                                       "houd één van de twee over"))
        else:
            self.keys[path] = pos
        frame.key = text
