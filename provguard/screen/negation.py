"""A photoreal or advert cue that the prompt itself denies: "clearly drawn, not a photo", "kein Foto",
"pas une photo", "不是照片", "写真ではなく", "사진 아님", "fotoğraf değil", "फोटो नहीं", "keine Werbung",
"reklam yok", "bez żadnej reklamy" … in the 22 screened languages.

Only the words right next to the cue count: a negation before it (articles, a copula or "real" in between) or,
in the languages that put it last, after it; the window stops at punctuation, so "not a cartoon, a real photo"
and "keine Zeichnung, ein echtes Foto" keep their photo word. Used by the engine on ``photoreal`` (fix8a) and
``endorsement`` context hits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from provguard.screen.normalize import NormText

# clause punctuation of every script: a negation never reaches across it
_CUT = re.compile(r"[,.;:!?，。、；：！？\n()\[\]\"«»„“”—–|/…·؛،؟׃\u0964\u0965]")

# words that negate the noun after them (space-separated scripts)
_NEG = (
    r"not|no|non|never|rather than|instead of|pas|ni|plutôt qu|au lieu d|nada de|en vez de|en lugar de|"
    r"não|nao|nem|em vez de|ao invés de|invece di|anziché|anziche|nicht|kein|keine|keinen|keines|keiner|"
    r"statt|anstatt|anstelle|geen|niet|in plaats van|nie|zamiast|ani|не|ни|вместо|ні|замість|bukan|bukannya|"
    r"alih-alih|tidak|không phải|chẳng phải|chứ không phải|không|thay vì|"
    r"לא|ולא|אינו|אינה|אין|במקום|ليس|ليست|وليس|وليست|لا|ولا|غير|بدلا من|بدلاً من|نه|به جای|بجای|न कि|"
    # "without": an advert left out ("ohne Werbung", "bez reklamy", "من غير أي إعلان")
    r"without|ohne|sans|sin|sem|senza|zonder|bez|без|tanpa|من غير|بدون|בלי|بی|bina|binā|बिना|ছাড়া|"
    # "no … at all", "zero …", "avoid …": a look ruled out ("aucun rendu photo", "nada realista",
    # "никакого фотореализма", "жодного фотореалізму", "مش صورة", "đừng làm giống ảnh thật")
    r"zero|nothing|avoid|avoiding|aucun|aucune|rien|évite|éviter|evita|evitar|evitare|nada|ningún|ninguna|"
    r"nenhum|nenhuma|niente|nessun|nessuna|nessuno|per niente|affatto|keinerlei|keinesfalls|"
    r"vermeide|vermeiden|vermijd|vermijden|żaden|żadnego|żadnych|zadnego|unikaj|"
    r"никакого|никаких|ни капли|избегай|избегать|"
    r"жодного|жодних|ніякого|ніяких|уникай|уникати|jangan|hindari|đừng|chớ|tránh|"
    r"مش|مو|مب|ماهي|مهو|مهي|بلاش|بدون أي|هیچ|اصلا|اصلاً"
)
# what may stand between the negation and the photo word: articles, copulas, "real"
_FILL = (
    r"a|an|the|is|it's|its|it|this|be|real|actual|genuine|true|at all|any|"
    r"żadnej|zadnej|żadnych|zadnych|jakiejkolwiek|irgendeine|aucune|ninguna|ningún|nenhuma|alcuna|enige|"
    r"никакой|никакої|أي|هیچ|"
    r"un|une|le|la|l'|l’|est|c'est|n'est|vraie|vrai|véritable|d'|d’|de|du|"
    r"es|una|el|verdadera|verdadero|auténtica|um|uma|o|é|eh|do|da|"
    r"è|e'|uno|il|vera|vero|reale|"
    r"ein|eine|einer|eines|echtes|echte|echter|echten|wirkliches|als|ist|das|"
    r"een|echte|echt|het|"
    r"to|jest|prawdziwe|prawdziwa|prawdziwego|żadne|żadnego|"
    r"это|настоящее|настоящая|настоящий|реальное|реальная|реальный|никакое|никакая|це|справжнє|справжня|реальне|"
    r"sebuah|suatu|là|một|bức|tấm|cái|"
    # a look, a rendering or a style of it ("aucun rendu photo", "không làm chân thực",
    # "jangan terlalu realistis")
    r"rendu|effet|aspect|style|look|rendering|effect|estilo|efecto|efeito|aspecto|effetto|stile|aspetto|"
    r"stil|effekt|styl|efekt|стиль|эффект|ефект|намёка на|натяку на|gaya|efek|terlalu|perlu|làm|theo|kiểu|"
    r"cần|được|quá|زي|مثل|كأنها|كأنه|"
    # the realism of it ("sem realismo fotográfico", "senza realismo fotografico", "bez realizmu")
    r"realismo|realism|réalisme|realismus|realizm|realizmu|realisme|реализма|реалізму|fotorealismo|"
    r"זה|זו|یک|صورة|عکس|"
    # "not look like a photo" and its kin
    r"look|looks|looking|like|resemble|resembling|wie|ressembler|ressemble|à|parezca|parecer|pareça|parecido|"
    r"sembrare|sembri|jak|как|похоже|похожим|похож|на|схоже|схожим|як|seperti|terlihat|giống|như"
)
_SEP = r"[\s\-'’]"
_PRE = re.compile(rf"(?:^|{_SEP})(?:{_NEG})(?:{_SEP}+(?:{_FILL}))*{_SEP}*$")
# scripts written without spaces: the negation sits right on the word
_PRE_DENSE = re.compile(
    r"(?:不是|并非|並非|而非|非|不要|别|別|不像|不要像|别像|別像|ไม่ใช่|ไม่เอา|ไม่ได้เป็น|ไม่เหมือน)"
    r"(?:一张|一張|一幅|张|張|真实的?|真實的?|真的|实拍的?|實拍的?|ภาพ|รูป|\s)*$"
)
# languages that put the negation after the noun (ja, ko, tr, hi, bn, fa)
_POST = re.compile(
    r"^(?:"
    r"(?:っぽく|風|みたい|のよう)?(?:ではなく|じゃなく|でなく|ではない|じゃない|ではありません|じゃありません|は不要|はいらない)"
    r"|(?:っぽくない|っぽくなく)"
    r"|(?:っぽさ|らしさ|感)(?:は|も)?(?:なし|無し|ゼロ|不要|いらない)"  # 写真っぽさなし: no photo look
    r"|[이가은는도]?\s*(?:아님|아니고|아닌|아니라|아니에요|아닙니다|말고|대신)"
    r"|\s*(?:같지|처럼\s*보이지)\s*않"
    r"|\s*(?:처럼|같이)\s*보이면\s*안"  # 사진처럼 보이면 안 됨: must not look like a photo
    r"|(?:に|っぽく|みたいに)見えないように"
    r"|\w{0,4}\s+(?:gibi\s+)?(?:değil|degil|olmasın|olmasin|olmayan|yerine|yok|olmadan|içermesin|icermesin)"
    r"|\s*(?:बिल्कुल\s+)?(?:जैसा\s+|जैसी\s+|जैसे\s+)?(?:नहीं|नही|ना)(?:\s|$)"
    # Hinglish and Banglish after the noun: "photo bilkul nahi", "real photo jaisa nahin", "chobi noy"
    r"|\s*(?:bilkul\s+|ekdam\s+)?(?:jaisa\s+|jaisi\s+|jaise\s+|jesa\s+|wala\s+|wali\s+|er\s+moto\s+|moto\s+)?"
    r"(?:nahi|nahin|nahee|nhi|noy|noi)(?:\s|$)"
    r"|\S{0,2}\s*(?:মতো\s+)?(?:নয়|নয়|না|নহে)"
    r"|\s*(?:واقعی\s+)?(?:نیست|نباشد|نباشه|نباشن|نشه|نداشته باشه|نداشته باشد)"
    # a cross or an x after it, as a brief's checklist writes a "no" ("실사 X", "リアル✕", "photo ❌")
    r"|\s*[x×✕✗❌](?:\s|$)"
    r")"
)


def _alternation(words: list[str]) -> str:
    """``words`` as one regex alternation factored by their common beginnings ("n(?:o(?:n|t)?|ever)"):
    the regex engine tries each branch of a plain alternation in turn, and this one only the branches
    whose first character fits."""
    tree: dict[str, dict[str, Any]] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        parts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + emit(tree) + ")"


def _reversed_words(alternation: str) -> list[str]:
    return [w[::-1] for w in alternation.split("|")]


# _PRE read backwards from the photo word and matched once at its start, not searched for at every
# character of the clause: the same words reversed, the same separators less the one that is also a
# clause mark (a newline); the clause starts at a clause mark or at the window's start
_REV_SEP = r"(?:[^\S\n]|[\-'’])"
_PRE_REV = re.compile(
    rf"{_REV_SEP}*(?:{_alternation(_reversed_words(_FILL))}{_REV_SEP}+)*{_alternation(_reversed_words(_NEG))}"
    rf"(?:{_REV_SEP}|{_CUT.pattern}|$)"
)


def negated(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` (a photoreal word in the original prompt) is denied next to it."""
    window = text[max(0, start - 48) : start].casefold()
    if _PRE_REV.match(window[::-1]):
        return True
    if not window.isascii() and _PRE_DENSE.search(_CUT.split(window)[-1]):
        return True
    return bool(_POST.match(_CUT.split(text[end : end + 32].casefold())[0]))


def negated_by_patterns(text: str, start: int, end: int) -> bool:
    """``negated`` with the patterns read forwards (its definition; the tests hold the two equal)."""
    before = _CUT.split(text[max(0, start - 48) : start].casefold())[-1]
    if _PRE.search(before) or _PRE_DENSE.search(before):
        return True
    after = _CUT.split(text[end : end + 32].casefold())[0]
    return bool(_POST.match(after))


def denial_test(nt: NormText) -> Callable[[int, int], bool]:
    """A test whether a normalised span of ``nt`` is a denied photo word ("not a photo", "kein Foto",
    "不是照片", "写真ではなく"), for the engine's photoreal context hits."""

    memo: dict[tuple[int, int], bool] = {}

    def denied(i: int, j: int) -> bool:
        got = memo.get((i, j))
        if got is None:
            a, b = nt.span(i, j)
            got = memo[(i, j)] = negated(nt.original, a, b)
        return got

    return denied
