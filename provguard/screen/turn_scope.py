"""Earlier turns of a conversation: which of them still describe the picture asked for now, and
what they pass on to it (people, face references, and a stricter decision when the turn edits
their picture). A mixin of the Screener, apart because it is its own job: reading a conversation,
not a prompt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from provguard.errors import PayloadTooLarge
from provguard.models import ACTION_ORDER, Decision, Finding
from provguard.screen import build, matcher, persons_unknown
from provguard.screen.conversation import carried_turns, edits_picture, repeats
from provguard.screen.decode import decode_payloads
from provguard.screen.normalize import normalize, normalize_mapped
from provguard.screen.policy import PERSON_DIRECTED, Signals

MAX_TURNS = 100  # earlier turns re-screened per call; bounds the work one request can cause
MAX_INHERIT = 3  # a chain of edits inherits the decision of at most this many turns back


@dataclass(frozen=True)
class Turn:
    """An earlier turn of a conversation: its prompt and, if known, the decision it got."""

    prompt: str
    decision: Decision | None = None


class TurnScope:
    """What the Screener does with earlier turns (it supplies the attributes declared here)."""

    max_prompt_chars: int
    compiled: matcher.Compiled
    name_cues: Path | None

    if TYPE_CHECKING:

        def _signals(self, prompt: str, turn: int | None, directed_by_later: bool = False) -> Signals: ...

        def _screen(
            self,
            prompt: str,
            context: Sequence[str | Turn],
            image: bytes | None,
            id: str | int | None,
            depth: int,
        ) -> Decision: ...

    def _with_earlier_turns(self, sig: Signals, prompt: str, turns: list[Turn], depth: int) -> bool:
        """Add the signals of the earlier turns the current one continues to ``sig``; True when the
        turn asks for more of the previous picture or edits it (its decision then carries)."""
        # an ambiguous name in an earlier turn ("Lula", a bare surname) is read in the light of
        # this turn's scene: "now in handcuffs" directs the earlier, harmless "photo of Lula"
        directed = bool(sig.faces) or not PERSON_DIRECTED.isdisjoint(sig.kinds)
        carried = [self._carry(t, k, directed) for k, t in enumerate(turns)]
        keep = carried_turns(
            prompt,
            [t.prompt for t in turns],
            lambda k: any(f.signal == "person" and f.turn == k for f in carried[k]),
            bool(sig.persons),
            not PERSON_DIRECTED.isdisjoint(sig.kinds),
        )
        # more of the previous picture, or an edit of it ("now add 'BREAKING' and a news logo"):
        # the picture asked for is still the previous one, harm and all
        again = len(turns) - 1 in keep and depth < MAX_INHERIT and (
            (PERSON_DIRECTED.isdisjoint(sig.kinds) and repeats(prompt)) or edits_picture(prompt)
        )
        for k in keep:
            sig.persons += [f for f in carried[k] if f.signal == "person"]
            sig.unknown = (sig.unknown or []) + [f for f in carried[k] if f.signal == "unknown_person"]
            sig.faces += [f for f in carried[k] if f.signal in ("face_ref", "face_image")]
        named = sig.persons or sig.faces or sig.unknown
        if keep and not named and not PERSON_DIRECTED.isdisjoint(sig.kinds):
            # a name in no list introduced earlier ("a photo of Kim Doyun"), the harmful scene now
            for k in keep:
                sig.unknown = (sig.unknown or []) + self._carry_unknown(turns[k], k)
        return again

    def _repeated(self, d: Decision, turns: list[Turn], prompt: str, depth: int) -> Decision:
        """"Now a series of 5 like this", "now add a news logo": a request for more of the previous
        picture, or an edit of it, is decided as that picture was, when that is stricter (its findings
        point into the earlier turn)."""
        k = len(turns) - 1
        prev = turns[k].decision or self._screen(turns[k].prompt, turns[:k], None, None, depth + 1)
        if ACTION_ORDER[prev.action] <= ACTION_ORDER[d.action]:
            return d
        fs = [f if f.turn is not None else f.model_copy(update={"turn": k}) for f in prev.findings]
        why = f"{'repeats' if repeats(prompt) else 'continues'} turn {k}: {prev.explanation}"
        update = {"action": prev.action, "categories": prev.categories, "hazards": prev.hazards}
        return d.model_copy(update={**update, "findings": fs, "explanation": why})

    def signals_only(self, prompt: str, directed: bool = False) -> list[Finding]:
        """Person and face-reference findings of one prompt (what later turns inherit); ``directed``
        reads ambiguous names as if the prompt had a person-directed scene (a later turn's)."""
        sig = self._signals(prompt, None, directed)
        guessed = sig.unknown if directed and sig.unknown and not sig.persons else []
        return sig.persons + sig.faces + guessed

    def _carry(self, turn: Turn, k: int, directed: bool = False) -> list[Finding]:
        if turn.decision is not None:
            src = [f for f in turn.decision.findings if f.signal in ("person", "face_ref", "face_image")]
            short = len(turn.prompt) <= self.max_prompt_chars
            if directed and short and not any(f.signal == "person" for f in src):
                named = ("person", "unknown_person")
                src += [f for f in self.signals_only(turn.prompt, True) if f.signal in named]
        else:
            if len(turn.prompt) > self.max_prompt_chars:
                raise PayloadTooLarge(f"context turn {k} is longer than {self.max_prompt_chars} characters")
            src = self.signals_only(turn.prompt, directed)
        return [build.copy_finding(f, {"turn": k if f.turn is None else f.turn}) for f in src]

    def _carry_unknown(self, turn: Turn, k: int) -> list[Finding]:
        """Names in no list of an earlier turn, found by their shape alone (the harmful context is
        the current turn's): a known given name opening a capitalised pair, a name-shaped span of
        another language, or a script cue (a title, a marker, a surname …)."""
        if turn.decision is not None:
            src = [f for f in turn.decision.findings if f.signal == "unknown_person"]
            if src:
                return [build.copy_finding(f, {"turn": k if f.turn is None else f.turn}) for f in src]
            # an allowed turn ("a photo of Kim Doyun") reports no name: read its shape from the prompt
        prompt = turn.prompt
        if len(prompt) > self.max_prompt_chars:
            raise PayloadTooLarge(f"context turn {k} is longer than {self.max_prompt_chars} characters")
        dec = decode_payloads(prompt)
        nt = normalize(prompt) if dec is None else normalize_mapped(dec.text, dec.spans, prompt)
        kw_by_rule, person_hits, _ = matcher.scan(self.compiled, nt)
        taken = [(h[2], h[3]) for hs in kw_by_rule.values() for h in hs] + [(h[2], h[3]) for h in person_hits]
        spans = [nt.span(a, b) for a, b in taken]
        out = persons_unknown.unknown_persons(self.compiled, prompt, k, spans, given_only=True)
        if not nt.text.isascii():
            out += persons_unknown.script_unknowns(nt, prompt, k, taken, out, self.name_cues)
        return out

