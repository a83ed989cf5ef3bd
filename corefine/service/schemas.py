"""The request and response bodies of the HTTP API, as pydantic models.

Why models for responses too, although the handlers send the JSON that
:func:`corefine.outputs.resolution_to_dict` builds (the very bytes ``corefine
resolve --format json`` prints): they put that shape into ``/openapi.json``,
and ``extra="forbid"`` makes the schema say exactly which fields there are, so
a field added to the shared output without the schema fails the API tests.

Request models are built per app (:func:`request_models`) because their
limits (text length, batch size) are settings, and belong in the schema a
client reads. Requests are strict: ``"0.5"`` is not a number and ``1`` is not
a text; a wrong type is a 422, never a guess. (A lone surrogate such as JSON
``"\\ud800"`` is refused by pydantic as not a string: it is not Unicode text.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

ReplaceMode = Literal["pronouns", "nominals", "all"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, regex_engine="python-re")


class ResolveOptions(_Strict):
    """How to rewrite the text; each field left out takes the server's default."""

    model_config = ConfigDict(frozen=True)  # the shared default instance is never changed

    replace: ReplaceMode | None = Field(
        default=None,
        description="Which mentions to replace by their entity's name (server default: "
        "`corefine serve --replace`, pronouns).",
    )
    min_confidence: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Replace only links at least this confident (server default: "
        "`corefine serve --min-confidence`, else the model's own threshold).",
    )


@dataclass(frozen=True)
class RequestModels:
    """The request bodies of one app, with its limits in their schemas."""

    resolve: type[BaseModel]
    batch: type[BaseModel]


def request_models(max_text_chars: int, max_batch_texts: int) -> RequestModels:
    """Request models whose schemas state these limits (``maxLength``, ``maxItems``)."""
    text_field = Annotated[
        str,
        Field(
            min_length=1,
            max_length=max_text_chars,
            pattern=r"\S",
            description=f"The text to resolve: not empty nor only whitespace, at most "
            f"{max_text_chars:,} characters (413 beyond).",
        ),
    ]

    class ResolveRequest(_Strict):
        """One text to resolve."""

        text: text_field
        options: ResolveOptions = ResolveOptions()

    class BatchRequest(_Strict):
        """Texts resolved in one request, answered in the same order."""

        texts: list[text_field] = Field(
            min_length=1,
            max_length=max_batch_texts,
            description=f"1 to {max_batch_texts} texts (413 beyond).",
        )
        options: ResolveOptions = ResolveOptions()

    return RequestModels(ResolveRequest, BatchRequest)


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MentionOut(_Out):
    start: int = Field(description="Character offset of the mention in `text` (inclusive).")
    end: int = Field(description="Character offset of the mention's end in `text` (exclusive).")
    text: str = Field(description="`text[start:end]`.")
    confidence: float | None = Field(
        description="Probability that the mention belongs to its cluster; null from rules."
    )


class ClusterOut(_Out):
    id: int
    confidence: float | None
    mentions: list[MentionOut]


class ReplacementOut(_Out):
    start: int = Field(description="Span of `original` in `text`.")
    end: int
    original: str
    replacement: str
    cluster_id: int
    source_start: int = Field(description="Span in `text` of the mention the name comes from.")
    source_end: int
    resolved_start: int = Field(description="Span of `replacement` in `resolved_text`.")
    resolved_end: int
    confidence: float | None


class SentenceOut(_Out):
    start: int = Field(description="Span of the sentence in `text`.")
    end: int
    resolved_start: int = Field(
        description="Span of the sentence in `resolved_text`: the sentence as it stands alone."
    )
    resolved_end: int


class ResolveResponse(_Out):
    """A resolved document: the schema of ``corefine resolve --format json``."""

    name: str
    text: str
    clusters: list[ClusterOut]
    replacements: list[ReplacementOut]
    resolved_text: str
    sentences: list[SentenceOut]


class BatchResponse(_Out):
    documents: list[ResolveResponse] = Field(description="One per text, in request order.")


class ErrorResponse(_Out):
    """Why a request failed: a stable code and a one-line explanation."""

    error: str = Field(
        description="invalid_json, invalid_request, too_large, unsupported_media_type, "
        "timeout, not_found, method_not_allowed or internal."
    )
    detail: str


class Limits(_Out):
    max_body_bytes: int
    max_text_chars: int
    max_batch_texts: int
    timeout_s: float


class HealthResponse(_Out):
    status: Literal["ok"]
    version: str
    resolver: str
    model: str | None = Field(
        description="The model name or directory in use (the default model's name when the "
        "service was started without --model); null: the rule baseline."
    )
    replace: ReplaceMode
    min_confidence: float = Field(description="The threshold used when a request sets none.")
    worker_pid: int = Field(description="The worker process that answered.")
    limits: Limits
