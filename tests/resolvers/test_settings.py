"""The shared resolver settings, the one threshold rule and the resolver registry."""

from __future__ import annotations

import importlib.util
import pickle
from pathlib import Path

import pytest

import corefine
import corefine.model
from corefine import CorefineError
from corefine.batch import RowSettings
from corefine.resolvers import (
    RESOLVERS,
    ResolverSettings,
    effective_min_confidence,
    get_resolver,
    rewrite_policy,
)
from corefine.resolvers import model as model_adapter
from corefine.rewriter import RewriteError, RewritePolicy
from corefine.service.settings import ServiceSettings

TEXT = "Anna Berg founded the firm. She runs it."


def _doc(min_confidence: float | None) -> corefine.Document:
    doc = corefine.Pipeline(get_resolver("baseline"))(TEXT)
    if min_confidence is not None:
        doc.metadata["min_confidence"] = min_confidence
    return doc


def test_none_means_the_models_own_threshold() -> None:
    doc = _doc(0.42)
    assert effective_min_confidence(None, doc) == 0.42
    assert effective_min_confidence(0.9, doc) == 0.9
    assert effective_min_confidence(0.0, doc) == 0.0  # 0 is a threshold, not "unset"
    assert effective_min_confidence(None, _doc(None)) == 0.0  # rules recommend none


def test_rewrite_policy_is_what_document_resolve_does_by_default() -> None:
    doc = _doc(0.42)
    policy = rewrite_policy(ResolverSettings(replace="all"), doc)
    assert policy == RewritePolicy(replace="all", min_confidence=0.42)
    shared, default = doc.resolve(rewrite_policy(ResolverSettings(), doc)), doc.resolve()
    assert (shared.text, shared.replacements) == (default.text, default.replacements)
    explicit = rewrite_policy(ResolverSettings(min_confidence=0.7), doc)
    assert explicit.min_confidence == 0.7


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (ResolverSettings(resolver="nope"), "unknown resolver 'nope' for batch"),
        (ResolverSettings(resolver="baseline", model="/m"), "--model applies to the 'model'"),
        (ResolverSettings(threads=0), "--threads must be an integer >= 1, got 0"),
        (ResolverSettings(threads=True), "--threads must be an integer >= 1"),
    ],
)
def test_validate_refuses_bad_values(settings: ResolverSettings, message: str) -> None:
    with pytest.raises(CorefineError, match=message):
        settings.validate(("model", "baseline"), "batch")


@pytest.mark.parametrize(
    "settings", [ResolverSettings(replace="some"), ResolverSettings(min_confidence=1.5)]
)
def test_validate_refuses_a_bad_policy(settings: ResolverSettings) -> None:
    with pytest.raises(RewriteError):
        settings.validate()


def test_validate_accepts_good_values() -> None:
    ResolverSettings().validate()
    ResolverSettings("baseline", None, 2, "nominals", 0.5).validate(("model", "baseline"))
    ResolverSettings(resolver="gold").validate()  # the registry knows it


def test_batch_and_service_settings_are_the_shared_type() -> None:
    row = RowSettings("baseline", None, 2, "all", 0.3)
    assert isinstance(row, ResolverSettings)
    assert pickle.loads(pickle.dumps(row)) == row  # ships to workers and executors
    service = ServiceSettings(resolver="baseline", min_confidence=0.3, concurrency=2)
    assert isinstance(service, ResolverSettings)
    assert ServiceSettings.from_env({"COREFINE_SERVICE_SETTINGS": service.to_env()}) == service


def test_registry_builds_every_named_resolver() -> None:
    assert RESOLVERS == ("model", "baseline", "gold")
    assert ResolverSettings(resolver="baseline").build().name == "baseline"
    gold = get_resolver("gold", [_doc(None)])
    assert gold.name == "gold"
    with pytest.raises(CorefineError, match="unknown resolver 'nope'"):
        get_resolver("nope")
    with pytest.raises(CorefineError, match="needs annotated documents"):
        get_resolver("gold")


def test_the_model_adapter_is_in_resolvers_only() -> None:
    assert model_adapter.OnnxCorefResolver.name == "model"
    assert corefine.resolvers.locate_model(None) == model_adapter.locate_model(None)
    shipped = Path(corefine.model.__file__).parent / "assets"
    assert shipped == model_adapter.BUILTIN_MODEL_DIR
    assert importlib.util.find_spec("corefine.model.predictor") is None  # one way to do it


def test_the_cli_offers_exactly_the_text_resolvers() -> None:
    """The CLI's choice of resolver (resolve, batch, serve) is the registry's TEXT_RESOLVERS."""
    from corefine.cli.options import DEFAULT_TEXT_RESOLVER, TextResolver
    from corefine.resolvers import DEFAULT_RESOLVER
    from corefine.resolvers.registry import TEXT_RESOLVERS

    assert tuple(member.value for member in TextResolver) == TEXT_RESOLVERS
    assert DEFAULT_TEXT_RESOLVER.value == DEFAULT_RESOLVER
