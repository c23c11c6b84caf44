"""Image provenance: is this image AI-generated, edited, captured, tampered - and on what evidence?

Public API::

    from provguard.provenance import Inspector, InspectOptions, scan_paths
    insp = Inspector(InspectOptions(trust_anchors=Path("anchors.pem")))
    verdict = insp.inspect_path(Path("image.jpg"))      # never raises for bad files: see verdict.error
"""

from provguard.provenance.inspector import Inspector
from provguard.provenance.options import InspectOptions, WatermarkMode
from provguard.provenance.scan import expand, scan_paths

__all__ = ["InspectOptions", "Inspector", "WatermarkMode", "expand", "scan_paths"]
