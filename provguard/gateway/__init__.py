"""Guarded image generation: one pipeline (screen → audit → forward → check output → inspect →
sign → audit) and a thin adapter per endpoint.

The names below are the public API; ``from provguard.gateway import ...`` keeps working for
everything the single-module gateway exported.
"""

from provguard.gateway.adapters import EndpointAdapter, ImageEdit, ImageGeneration, images_in_data
from provguard.gateway.batcher import AppendBatcher
from provguard.gateway.checks import check_input_image, check_prompt
from provguard.gateway.errors import ContentBlocked, ReviewRequired, UpstreamFailure, upstream_error
from provguard.gateway.files import ImageFiles
from provguard.gateway.jsonio import json_dumps, json_loads, response_body
from provguard.gateway.outputs import OutputRecord, OutputStage, UpstreamImage
from provguard.gateway.pipeline import Admission, Gateway
from provguard.gateway.protocols import AuditLike, InspectorLike, ReceiptLike, ScreenerLike
from provguard.gateway.recorder import AuditRecorder
from provguard.gateway.values import Caller, GuardedResult, ImageInput, decision_rule_ids, request_digest

__all__ = [
    "Admission", "AppendBatcher", "AuditLike", "AuditRecorder", "Caller", "ContentBlocked", "EndpointAdapter",
    "Gateway", "GuardedResult", "ImageEdit", "ImageFiles", "ImageGeneration", "ImageInput", "InspectorLike",
    "OutputRecord", "OutputStage", "ReceiptLike", "ReviewRequired", "ScreenerLike", "UpstreamFailure",
    "UpstreamImage", "check_input_image", "check_prompt", "decision_rule_ids", "images_in_data",
    "json_dumps", "json_loads", "request_digest", "response_body", "upstream_error",
]
