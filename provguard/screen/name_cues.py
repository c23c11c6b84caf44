"""Cues around a name that say whose it is: a namesake ("Marta Ortega" is not Daniel Ortega), a
pet or a toy named after someone ("a cat named Trump"), a full name written as a name, and the
marker of someone who died ("the late …", 故 …).

Why apart from persons.py: these read the words around a hit, in many languages, and change
nothing about how names are found; they only decide what a found name means.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provguard.screen import lazy_re
from provguard.screen.pet_names import NAMED_AFTER, named_before, named_pet  # named_pet re-exported
from provguard.screen.place_cues import named_place  # re-exported: a cue callers read here

if TYPE_CHECKING:
    from provguard.screen import matcher
    from provguard.screen.normalize import NormText

__all__ = [
    "LATE", "election_title", "fictional_setting", "inside_word", "kin_before", "locative", "named_character",
    "named_pet",
    "named_pet_or_shop", "named_place", "shop_sign",
    "other_given_name",
    "address_word", "titled_surname", "trade_after", "trade_before", "written_full_name",
]

_GIVEN_BEFORE = lazy_re.compile(r"([A-Z][a-z]+)[ \t]+$")


def other_given_name(
    compiled: matcher.Compiled, nt: NormText, prompt: str, start: int, end: int, form: str, name: str,
    span: tuple[int, int] | None = None,
) -> bool:
    """A single-word (surname) form right after a capitalised given name that is not this
    person's: a namesake, not the listed person."""
    idx = compiled.fuzzy
    if idx is None or " " in form or not form.isascii():
        return False
    s0, _ = span or nt.span(start, end)
    m = _GIVEN_BEFORE.search(prompt, max(0, s0 - 40), s0)
    if m is None:
        return False
    first = m.group(1).lower()
    own = {w.lower() for w in name.split()}
    return first in idx.given and first not in idx.very_common and first not in own


# "sông Trường Giang", "río Bravo", "Mount Hood": a place named like a person
_PLACE_BEFORE = lazy_re.compile(
    r"(?:river|mount|lake|street|avenue|sông|núi|hồ|đường|phố|río|rio|calle|rua|avenida|fleuve|rue|fluss"
    r"|straße|fiume|via|rivier|nehir|sokak|sungai|jalan|gunung|monte|mont|berg)[ \t]+$",
    re.IGNORECASE,
)


def written_full_name(
    nt: NormText, prompt: str, start: int, end: int, form: str, span: tuple[int, int] | None = None
) -> bool:
    """A Latin form of two or more words, each capitalised where the prompt writes it."""
    if " " not in form or not form.isascii():
        return False
    s0, e0 = span or nt.span(start, end)
    words = prompt[s0:e0].split()
    if _PLACE_BEFORE.search(prompt, max(0, s0 - 12), s0):
        return False
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


# the label of a brief's subject field ("Subject: Doda", "人物：X", "- Kto: X", a JSON "persona"): its value
# names the person the picture shows, so a short or ambiguous form written there is that person, not a word
_SUBJECT_LABELS = "|".join(
    (
        "subject|person|character|celebrity|talent|model|who|persona|personaje|sujeto|protagonista",
        "personagem|sujet|personnage|protagoniste|objekt|motiv|hauptperson|soggetto|personaggio",
        "onderwerp|wie|persoon|obiekt|postać|postac|kto|osoba|объект|персонаж|герой|кто|об'єкт",
        "об’єкт|хто|особа|kişi|kisi|konu|özne|karakter|tokoh|subjek|sosok|nhân vật|chủ thể",
        "人物|主体|被写体|主角|代言人|모델|인물|대상|व्यक्ति|किरदार|চরিত্র|ব্যক্তি|বিষয়",
        "บุคคล|ตัวละคร|พรีเซนเตอร์|דמות|נושא|פרזנטור|شخصیت|سوژه|الشخصية|الشخص|الموضوع",
        "vyakti|bekti",
    )
)
_SUBJECT_BEFORE = lazy_re.compile(
    rf"(?:^|[\n{{,]|\s[-•*·]\s?)\s*[-•*·]?\s*[\"'“]?(?:{_SUBJECT_LABELS})[\"'”]?\s*[:：=]\s*[\"'“]?$",
    re.IGNORECASE,
)
_SUBJECT_AFTER = lazy_re.compile(r"\s*(?:[\"'”]\s*)?(?:$|[\n,;(（/|]|\s[-–—]\s)")


def subject_field(prompt: str, s0: int, e0: int) -> bool:
    """Whether ``prompt[s0:e0]`` is the whole value of a subject field of a brief (its line or item)."""
    return bool(
        _SUBJECT_BEFORE.search(prompt[max(0, s0 - 40) : s0]) and _SUBJECT_AFTER.match(prompt, e0)
    )


# "a Louis Vuitton bag", "zapatos Christian Louboutin": a name that qualifies a product is a label
_PRODUCT = (
    r"(?:bags?|handbags?|purses?|shoes|sneakers|heels|boots|jackets?|coats?|dress(?:es)?|suits?|shirts?"
    r"|jeans|perfumes?|colognes?|fragrances?|watch(?:es)?|sunglasses|lipsticks?|belts?|scarf|scarves"
    r"|wallets?|collection|boutique|store|bolso|zapatos|zapatillas|vestido|traje|reloj|chaqueta|tienda"
    r"|sac|chaussures|parfum|robe|costume|montre|veste|tasche|schuhe|parfüm\w*|kleid|anzug|uhr|jacke"
    r"|borsa|scarpe|profumo|abito|vestito|orologio|giacca|bolsa|sapatos|tênis|relógio|jaqueta|terno)"
)

# containers before a founder-named brand ("a bottle of Jack Daniel's"); before the name only:
# after one, "can" and "pack" are verbs ("so Jack Smith can be seen")
_CONTAINER = (
    r"(?:bottles?|cans?|jars?|packs?|packets?|boxe?s?|glass(?:es)?|whiske?y"
    r"|bourbon|rum|vodka|tequila|champagne"
    r"|cognac|sauce|botellas?|garrafas?|bouteilles?|bottiglia|bottiglie"
    r"|flaschen?|fles|flessen|şişe\w*|butelk\w*"
    r"|бутылк\w*|пляшк\w*|latas?|canettes?|dosen?|frascos?|tarros?|barattol\w*)"
)
# "a Tommy Hilfiger jacket", "Jack Daniel's bottle on a bar": a product or a container right after
# (after a name only containers that are no verbs: "so Jack Smith can be seen")
_CONTAINER_AFTER = (
    r"(?:bottles?|jars?|whiske?y|bourbon|rum|vodka|tequila|champagne|cognac|sauce|botellas?|bouteilles?"
    r"|bottigli[ae]|flaschen?|fles|flessen)"
)
_PRODUCT_AFTER = lazy_re.compile(rf"(?:'s?)?[ \t]+(?:[a-z]+[ \t]+)?(?:{_PRODUCT}|{_CONTAINER_AFTER})(?!\w)")
_PRODUCT_BEFORE = lazy_re.compile(
    rf"(?<!\w)(?:{_PRODUCT}|{_CONTAINER})(?:[ \t]+(?:of|de|du|di|da|von|van))?[ \t]+$", re.IGNORECASE
)


def product_label(prompt: str, start: int, end: int) -> bool:
    """Whether the capitalised pair ``prompt[start:end]`` names a product line (a fashion
    house named after its founder), not a person shown: a product noun right after it (one
    lowercase word may sit between) or right before it."""
    if _PRODUCT_AFTER.match(prompt, end, min(len(prompt), end + 40)):
        return True
    return _PRODUCT_BEFORE.search(prompt, max(0, start - 30), start) is not None


# "the late …", 故 …, المرحوم …: whoever follows is a real person who died (a fabricated scene of
# them is a deepfake), in any script; the name is the next one to three words on the line
LATE = lazy_re.compile(
    r"(?:(?<![\w])(?:the late|el difunto|la difunta|el fallecido|la fallecida|le regretté|la regrettée|feu"
    r"|der verstorbene|die verstorbene|il compianto|la compianta|lo scomparso|la scomparsa"
    r"|o falecido|a falecida"
    r"|o saudoso|a saudosa|покойн(?:ый|ая|ого|ой)|покійн(?:ий|а|ого|ої)|merhum|merhume|rahmetli|almarhum"
    r"|almarhumah|mendiang|cố ca sĩ|cố nghệ sĩ|cố diễn viên"
    r"|[لوب]?(?:الراحل|الراحلة|المرحوم|المرحومة|الفقيد)"
    r"|للراحل|للراحلة|للمرحوم|للمرحومة|للفقيد|המנוח|המנוחה"
    r"|مرحوم|زنده‌یاد|زنده یاد|ผู้ล่วงลับ|स्वर्गीय|दिवंगत|প্রয়াত|wijlen|nieżyjąc(?:y|a|ego|ej)|śp\.)[ \t]+"
    r"|故[ \t]?|已故|고\(故\)[ \t]?|고인 )"
    r"[^\s,.;:!?，。、！？]+(?:[ \t][^\s,.;:!?，。、！？]+)?",
    re.IGNORECASE,
)


_TIME_BEFORE = lazy_re.compile(
    r"(?<![\w-])(?:in|during|this|last|next|every|through|since|until|till|early|late|mid|all|a|one"
    r"|cold|snowy|rainy|in the|under the|out in the|through the|heavy|pouring|light|falling|summer"
    r"|spring)[ \t]+$"
)


def time_word(prompt: str, s0: int, e0: int) -> bool:
    """A lowercase single word after "in", "during", "last", "in the"… is a season, a time or the weather,
    not a name: "a naked bush in winter" is a tree, "queueing to vote in the rain" is wet, while "winter
    naked in bed" (the singer) still counts."""
    return prompt[s0:e0].islower() and bool(_TIME_BEFORE.search(prompt, max(0, s0 - 16), s0))


# the address a given name takes in Turkish and kin: "Mehmet Amca", "Ayşe Teyze", "Hasan Usta"
_ADDRESS_AFTER = frozenset(
    {"amca", "teyze", "abla", "abi", "agabey", "usta", "hoca", "dede", "nine", "bey", "hanim", "efendi",
     "enişte", "yenge", "dayı", "dayi"}
)


# the kin words that go before a given name as an address and are given names too ("Mamie Jeanne",
# "Nana Rose", "Tata Ana", "Mimi Paulette"): a grandmother or an aunt in the scene
_KIN_BEFORE = frozenset(
    {"mamie", "mami", "mamy", "papi", "papy", "mémé", "pépé", "nana", "nanna", "nan", "gran", "granny",
     "grammy", "gramma", "grandma", "grandpa", "auntie", "aunty", "tata", "tati", "tatie", "tonton", "mimi",
     "nonna", "nonno", "oma", "opa", "omi", "opi", "tante", "onkel", "tia", "tío", "tio", "tía", "vovó",
     "vovo", "vovô", "avó", "avô", "babcia", "dziadek", "ciocia", "wujek", "baba", "deda", "nenek", "kakek",
     "mbah", "bude", "pakde", "oom"}
)


def kin_before(word: str) -> bool:
    """Whether ``word`` (lowercase) is a kin word that addresses the given name after it."""
    return word in _KIN_BEFORE


def address_word(word: str) -> bool:
    """Whether ``word`` (lowercase, accents stripped) is an address after a given name."""
    return word in _ADDRESS_AFTER


def named_character(prompt: str, s0: int, e0: int, form: str) -> bool:
    """A one-word name right after a naming word ("a nurse named Sunny", "a girl called Lisa"), or
    before a Japanese or Korean one (リサという名前の女の子, 리사라는 소녀): a
    name given to someone in the scene, not the star who goes by it alone. A full name stays the
    person ("a man named Joe Biden")."""
    if " " in form.strip() or e0 - s0 > 24:
        return False
    return named_before(prompt, max(0, s0 - 60), s0) or NAMED_AFTER.match(prompt, e0) is not None


_HANGUL = lazy_re.compile(r"[\uac00-\ud7a3]")
_KANA = lazy_re.compile(r"[\u30a1-\u30fc]")


# two-character Han words whose second character opens a two-character transliterated name
# (图库 + 库里): a segmenter's reading at a fraction of its cost, for the collisions seen so far
_HAN_WORD_ENDS = frozenset(
    "图库 仓库 车库 金库 书库 题库 水库 国库 宝库 血库 词库 片库 据库 材库 识库 料库 文库 冷库 酒库".split()
)


def inside_word(prompt: str, s0: int, e0: int, form: str) -> bool:
    """A two-character Han name whose first character ends a listed word (库里 in 图库里), a
    short Hangul name (one or two syllables) after another syllable of its word (디오 in
    스튜디오), or a short katakana name (up to three characters) inside a longer katakana word
    (ディオ in ディオール, found in the squashed view): part of a word, not a name."""
    f = form.replace(" ", "")
    if len(f) == 2 and s0 > 0 and prompt[s0 - 1 : s0 + 1] in _HAN_WORD_ENDS:
        return True  # 库里 in 图库里 ("in the gallery"): the first character ends another word
    if 0 < len(f) <= 2 and all(_HANGUL.match(c) for c in f):
        return s0 > 0 and _HANGUL.match(prompt[s0 - 1]) is not None
    if 0 < len(f) <= 3 and all(_KANA.match(c) for c in f):
        return (s0 > 0 and _KANA.match(prompt[s0 - 1]) is not None) or (
            e0 < len(prompt) and _KANA.match(prompt[e0]) is not None
        )
    return False


# a locative preposition right before a capitalised pair: a city or a region ("en Buenos Aires",
# "in New Haven", "em São Paulo"), not a person; "de" and "a" are left out (they also precede people)
_LOCATIVE_BEFORE = lazy_re.compile(
    r"(?<!\w)(?:in|at|near|from|en|em|no|na|à|au|aux|dans|nach|bei|aus|ad|nel|nella|presso|w|we|ke|dari|ở|tại"
    r"|bij|uit|naar)[ \t]+$"
)


def locative(prompt: str, s0: int) -> bool:
    """Whether a locative preposition ends right before ``s0`` (lowercase, as prose writes it)."""
    return _LOCATIVE_BEFORE.search(prompt, max(0, s0 - 8), s0) is not None


# a trade in apposition to an honorific and a name ("Mr. Kim the baker", "Pak Budi tukang bakso",
# "Pan Janek, piekarz z osiedla"): a character of an everyday scene, cast by what they do
_TRADES = (
    r"(?:baker|butcher|grocer|shopkeeper|fishmonger|florist|farmer|fisherman|mailman|postman|milkman|janitor"
    r"|gardener|carpenter|plumber|tailor|barber|cobbler|shoemaker|blacksmith"
    r"|potter|librarian|street vendor|vendor"
    r"|noodle|ramen|taxi driver|bus driver|driver|cook|chef|neighbou?r|next door|from next door|teacher"
    r"|pediatrician|paediatrician|dentist|surgeon|vet|veterinarian|pharmacist|physician|family doctor|nurse"
    r"|radiologist|therapist|officer|sheriff|detective|ranger|firefighter|lifeguard|coach|principal|professor"
    r"|panader[oa]|carnicer[oa]|frutero|pescador|cartero|zapatero|sastre"
    r"|vecin[oa]|boulanger|boucher|facteur|voisin"
    r"|bäcker|metzger|fleischer|briefträger|nachbar|fornaio|panettiere|macellaio|postino|vicin[oa]|padeiro"
    r"|açougueiro|carteiro|vizinh[oa]|bakker|slager|postbode|buurman|buurvrouw"
    r"|piekarz|rzeźnik|listonosz|sąsiad\w*"
    r"|szewc|krawiec|ogrodnik|kucharz|tukang|penjual|pedagang|pemilik warung|petani|nelayan|sopir|satpam|guru"
    r"|polizist|policeman|policewoman|police officer|policjant\w*|policial|policía|gendarme|carabiniere|arzt"
    r"|ärztin|krankenschwester|pfleger"
    r"|fırıncı|kasap|bakkal|postacı|komşu|thợ|bán)(?!\w)"
)
_TRADE_AFTER = lazy_re.compile(
    r"[ \t]*,?[ \t]*(?:the[ \t]+|our[ \t]+|el[ \t]+|la[ \t]+|le[ \t]+|o[ \t]+"
    r"|a[ \t]+|il[ \t]+|der[ \t]+|die[ \t]+|de[ \t]+)?"
    r"(?:local[ \t]+|village[ \t]+|neighbo(?:u)?rhood[ \t]+|old[ \t]+)?"
    + _TRADES,
    re.IGNORECASE,
)


_TRADE_BEFORE = lazy_re.compile(_TRADES.replace("(?!\\w)", "") + r"(?:in|ist|istin)?[ \t,]+$", re.IGNORECASE)


def trade_before(prompt: str, s0: int) -> bool:
    """Whether a trade ends right before ``s0`` ("der Polizist Herr Schmidt", "the baker Mr. Kim")."""
    return _TRADE_BEFORE.search(prompt, max(0, s0 - 24), s0) is not None


def trade_after(prompt: str, e0: int) -> bool:
    """Whether a trade follows ``prompt[:e0]`` in apposition (see ``_TRADE_AFTER``)."""
    return _TRADE_AFTER.match(prompt, e0, min(len(prompt), e0 + 40)) is not None


# a professional title right before a lone surname: "il dottor Rossi", "Officer Kane" is a professional of
# the scene who shares the surname, not the celebrity known by it alone ("Dr", "Prof" and "Doktor" are
# left out: politicians carry them as titles, "Dr Zarif")
_TITLE_BEFORE = lazy_re.compile(
    r"(?<!\w)(?:dottor|dottore|dottoressa|docteur|doutor|doutora|doctora"
    r"|officer|sheriff|detective|inspector|ispettore|inspecteur|inspektor|kommissar"
    r"|commissario|nurse|lekarz|lekarka|mecenas|врач|доктор|лікар|лікарка)[ \t]+$",
    re.IGNORECASE,
)


def titled_surname(prompt: str, s0: int, form: str) -> bool:
    """Whether a one-word form follows a professional title ("il dottor Rossi", "Officer Kane")."""
    return " " not in form.strip() and _TITLE_BEFORE.search(prompt, max(0, s0 - 14), s0) is not None


# "Выборы Президента России", "Wybory Prezydenta RP", "l'élection du président", "대통령선거", "总统选举": an
# office named inside its own election's name is the office being voted for, not the person holding it
_ELECTION_BEFORE = lazy_re.compile(
    r"(?<!\w)(?:выбор(?:ы|ов|ах|ам)|вибор(?:и|ів|ах)|wybor(?:y|ów|ach|ami)|élections?|elecci(?:ón|ones)"
    r"|eleiç(?:ão|ões)|elezion[ei]|elections?|verkiezing(?:en)?|wahl(?:en)?|pemilihan|pemilu|bầu cử)"
    r"(?:[ \t]+(?:of|for|du|de|del|des|della|dello|per|para|pour|voor|van|dla|на|до|the|la|le|el|o|a|il|al"
    r"|au))*"
    r"[ \t]+$",
    re.IGNORECASE,
)
_ELECTION_AFTER = lazy_re.compile(r"[ \t]*(?:선거|選挙|选举|選舉|大選|大选|elections?(?!\w))", re.IGNORECASE)


def election_title(prompt: str, s0: int, e0: int) -> bool:
    """Whether an office at ``prompt[s0:e0]`` is part of an election's name (``election_title`` of a role)."""
    return (
        _ELECTION_BEFORE.search(prompt, max(0, s0 - 40), s0) is not None
        or _ELECTION_AFTER.match(prompt, e0) is not None
    )


def fictional_setting(prompt: str) -> bool:
    """Whether the prompt sets its scene in an invented country or the user's own story ("la presidenta de
    la república inventada …, personaje de mi novela"): an office there names no holder."""
    return _FICTION.search(prompt) is not None


# an invented state or a character of one's own story, in the screened languages
_FICTION = lazy_re.compile(
    r"(?i)\b(?:invented|imaginary|fictional|fictitious|inventad[ao]|imaginari[ao]|fictici[ao]|fictíci[ao]"
    r"|inventé|imaginaire|fictif|fictive|erfunden\w*|fiktiv\w*|immaginari[ao]|inventat[ao]|fittizi[ao]"
    r"|verzonnen|fictiev\w*|wymyślon\w*|fikcyjn\w*|вымышленн\w*|выдуманн\w*|вигадан\w*"
    r"|hayali|kurgusal|khayalan|fiksi|hư cấu|tưởng tượng)\b"
    r"|my novel|my story|my comic|mi novela|mi cómic|mi historia|ma bd|mon roman|mein roman"
    r"|meine geschichte|il mio romanzo|meu romance|minha história|mijn roman|moja powieść"
    r"|моего романа|мого роману|romanım|novelku|tiểu thuyết của tôi"
    r"|虚构|架空|가상의|काल्पनिक|কাল্পনিক|สมมติ|בדיוני|تخیلی|خيالي"
)


# "the sign « Au Pain de Manu »", "Signboard: 'Sachin Da Dhaba'": a name inside a quoted shop name, in a
# prompt about a sign or a shop front, is part of the shop's name (the quotes must hold more than the name)
_SIGN_WORDS = lazy_re.compile(
    r"signboard|sign board|shop sign|store sign|storefront|shopfront|shop front|flex board|neon sign"
    r"|devanture|enseigne|letrero|rótulo|ladenschild|firmenschild|insegna|uithangbord|szyld|вывеск|вивіск"
    r"|papan nama|biển hiệu|bảng hiệu|招牌|看板|간판|साइनबोर्ड|साइन बोर्ड|দোকানের নাম|সাইনবোর্ড|ป้ายร้าน|שלט"
    r"|يافطة|لافتة|تابلو",
    re.IGNORECASE,
)
_OPEN_Q, _CLOSE_Q = "«\"“'‘„「『", "»\"”'’“」』"
_OPEN_RX = re.compile("[" + re.escape(_OPEN_Q) + "]")


def shop_sign(prompt: str, s0: int, e0: int) -> bool:
    """Whether ``prompt[s0:e0]`` is inside a quoted shop name holding more than it, on a sign."""
    before = prompt[max(0, s0 - 40) : s0]
    if _OPEN_RX.search(before) is None:
        return False  # (most names: no quote opens before them)
    after = prompt[e0 : e0 + 40]
    o = max(before.rfind(c) for c in _OPEN_Q)
    found = [i for i in (after.find(c) for c in _CLOSE_Q) if i >= 0]
    if o < 0 or not found:
        return False
    inside = (before[o + 1 :] + prompt[s0:e0] + after[: min(found)]).strip()
    return len(inside) > e0 - s0 + 2 and _SIGN_WORDS.search(prompt) is not None


def named_pet_or_shop(nt: NormText, prompt: str, start: int, end: int, sp: tuple[int, int]) -> bool:
    """``named_pet``, or a name inside a quoted shop name on a sign (``shop_sign``)."""
    return named_pet(nt, prompt, start, end, sp) or shop_sign(prompt, *sp)
