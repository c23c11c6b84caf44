"""Signal detectors that need more than the text automaton (one list per family).

Text signals (people, keywords) come from the single Aho-Corasick pass in
``provguard.screen.matcher``; image signals register here.
"""

from __future__ import annotations

from provguard.screen.detectors.faces import FaceResult, detect_faces

IMAGE_DETECTORS = (detect_faces,)

__all__ = ["IMAGE_DETECTORS", "FaceResult", "detect_faces"]
