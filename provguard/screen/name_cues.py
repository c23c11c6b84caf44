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
from provguard.screen.place_cues import named_place  # re-exported: a cue callers read here

if TYPE_CHECKING:
    from provguard.screen import matcher
    from provguard.screen.normalize import NormText

__all__ = [
    "LATE", "inside_word", "kin_before", "locative", "named_character", "named_pet", "named_place",
    "other_given_name",
    "address_word", "titled_surname", "trade_after", "trade_before", "written_full_name",
]

# the words that name what follows ("a cat named …"): regex alternatives made of letters, [xy]
# classes and optional x? only, so that each can be reversed (see _named_before)
_NAMING_WORDS = (
    r"named|called|nicknamed|dubbed|chamad[oa]|apelidad[oa]|llamad[oa]|de nombre|nommée?|appelée?|genannt"
    r"|namens|mit dem namen|heet|genaamd|met de naam|adlı|isimli|isminde|di nome|chiamat[oa]|по имени"
    r"|по кличке"
    r"|по прозвищу|на ім'я|на прізвисько|o imieniu|zwan[ya]|nazwan[ya]|bernama|namanya|nama dia|dinamai"
    r"|tên là|tên|בשם|קוראים לו|קוראים לה|ששמו|ששמה|שמו|שמה|المسمى"
    r"|اسمه|اسمها|يدعى|به نام|به اسم|با اسم|اسمش|ชื่อ|名叫|名为|名字叫|叫做|叫"
    r"|jiska naam|jiska nam|नाम का|नाम की|নামের|নামে"
    r"|s'appelle|s'appelait|se nomme|se llama|se chama|si chiama|heißt|heisst|heet|зовут|nazywa się"
    r"|под названием|с названием|під назвою|з назвою|pod nazwą|pod nazwa"
)
_NAMED_TRAIL = "'\"“”«»「『:"  # with whitespace: what may stand between a naming word and the name
# the definition: a naming word, then only quotes, colons and spaces up to the name
_NAMED_BEFORE = lazy_re.compile(rf"(?:{_NAMING_WORDS})[\s{_NAMED_TRAIL}]*$", re.IGNORECASE)


def _reversed_words(words: str) -> tuple[str, int]:
    """The alternatives of ``words`` spelt backwards, and the longest one's length in characters."""
    alts = [re.findall(r"\[[^\]]*\]\??|.\??", w) for w in words.split("|")]
    return "|".join("".join(reversed(a)) for a in alts), max(len(a) for a in alts)


def _last_chars(words: str) -> str:
    """Every character a match of one of ``words`` can end with (an optional last item lets the
    one before it end the match too), as the body of a regex class."""
    out: set[str] = set()
    for w in words.split("|"):
        for item in reversed(re.findall(r"\[[^\]]*\]\??|.\??", w)):
            out.update(item.rstrip("?").strip("[]"))
            if not item.endswith("?"):
                break
    return "".join(re.escape(c) for c in sorted(out))


_NAMING_REV, _NAMING_LONGEST = _reversed_words(_NAMING_WORDS)
_NAMED_BEFORE_REV = lazy_re.compile(rf"(?:{_NAMING_REV})", re.IGNORECASE)
# the one-character test that rejects most names at once ("portrait of X": no naming word ends
# in "f"), with the same case folding as the full pattern
_NAMING_LAST = lazy_re.compile(rf"[{_last_chars(_NAMING_WORDS)}]", re.IGNORECASE)
# matched at the end of the name (``match(prompt, e0)``), so no ``^``: in a pattern ``^`` means the
# string's real start, not ``pos``, and the cue never fired after a name that did not open the prompt
_NAMED_AFTER = lazy_re.compile(
    r"[\s'\"”»」』]*(?:という|って名前|っていう|이라는|라는|이란|란 이름"
    r"|adlı|adında|isimli|isminde|naam ka|naam ki|naam ke|नाम का|नाम की|नाम के|নামের|নামে)",
    re.IGNORECASE,
)
_PET_BODY = (
    r"(?:dog|puppy|cat|kitten|kitty|parrot|budgie|bird|horse|pony|hamster"
    r"|rabbit|bunny|goldfish|turtle|tortoise"
    r"|cow|goat|pig|chicken|dachshund|poodle|terrier|retriever|teddy|doll|robot"
    r"|boat|plant|cactus|perr[oi]|perrito"
    r"|gat[oi]|gatito|gattino|lor[oa]|caball?o|conejo|tortuga|cachorr[oa]|cão"
    r"|gatinh[oa]|papagaio|cavalo|coelho"
    r"|vira-lata|chien|chiot|chat|chaton|perroquet|cheval|lapin|hund|welpe"
    r"|katze|kater|kätzchen|papagei|pferd|hase"
    r"|kaninchen|cane|cagnolino|pappagallo|cavallo|coniglio|hond|kat|poes"
    r"|papegaai|paard|konijn|pies|piesek|kot"
    r"|kotek|papuga|koń|królik|собак|пёс|пес|щен|кот|кошк|котён|котен|попуга"
    r"|лошад|кролик|хомяк|кіт|кішк|кошен"
    r"|цуцен|папуг|köpek|kedi|papağan|tavşan|anjing|kucing|burung|kelinci"
    r"|kuda|chó|mèo|vẹt|ngựa|thỏ|كلب|قطة|قط"
    r"|ببغاء|حصان|כלב|חתול|תוכי|סוס|ארנב|سگ|گربه|طوطی|اسب|หมา|สุนัข|แมว|นกแก้ว|ม้า|กระต่าย|狗|猫|鹦鹉|兔"
    r"|犬|インコ|オウム|うさぎ|강아지|고양이|앵무새|토끼|कुत्ता|बिल्ली|तोता|kutta|kutte|billi|tota|কুকুর|বিড়াল|টিয়া"
    r"|bassott|barboncin|jamnik|kundel|owczar|dackel|teckel|mops|labrador|beagle|chihuahua|husky|такс|овчарк"
    r"|вівчарк"
    # small pets and the word "pet" itself (a hamster named like a star is still a hamster)
    r"|仓鼠|倉鼠|ハムスター|햄스터|金鱼|金魚|乌龟|亀|カメ|거북이|宠物|ペット|반려|猫咪|狗狗|ねこ|いぬ|ワンちゃん"
    r"|hámster|criceto|chomik|هامستر|همستر|אוגר|แฮมสเตอร์|हैम्स्टर|হ্যামস্টার)"
)
_PET = lazy_re.compile(_PET_BODY, re.IGNORECASE)
# a shop, a café or a vessel given the name ("a bakery called …", "una tienda llamada …", "лодка под
# названием …", 一艘名叫…的渔船): only with a naming word, never in apposition ("the café Macron visited")
_VENUE = lazy_re.compile(
    # whole Latin words (not "shop" in Photoshop, "pub" in public), Cyrillic stems, then unspaced scripts
    r"(?<![^\W\d_])(?:ship|yacht|sailboat|ferry|trawler|shop|store|caf[eé]|bakery|restaurant|diner|bistro"
    r"|pub|bar|pizzeria|pizzaria|trattoria|osteria|brasserie|crêperie|taverne|auberge|hotel|hôtel|gasthaus"
    r"|gasthof|wirtshaus|cervecería|taberna|tasca|boteco|salon|boutique|food truck|bateau|voilier"
    r"|boulangerie|magasin|épicerie|tienda|barco|velero"
    r"|panader[ií]a|restaurante|cafeter[ií]a|boot|schiff|laden|bäckerei|kneipe|imbiss|barca|nave|negozio|panetteria"
    r"|ristorante|loja|padaria|lanchonete|winkel|bakkerij|kotter|viskotter|łódź|łódka|łodzi|łódkę|sklep"
    r"|piekarnia|piekarni|kawiarnia|kawiarni|tekne|dükkan|fırın|kafe|lokanta|perahu|kapal|toko|warung|kedai"
    r"|thuyền|tàu|quán|tiệm|cửa hàng)(?:s|es|en|e|i|a|y|ie)?(?![^\W\d_])"
    r"|(?<![^\W\d_])(?:лодк|судн|корабл|яхт|магазин|кафе|пекарн|ресторан|човен|човн|крамниц|кав'ярн)"
    r"|(?:船|店|餐厅|餐廳|奶茶|咖啡|ボート|カフェ|食堂|가게|카페|식당|빵집|보트|어선|요트|नाव|दुकान|ढाबा|নৌকা|দোকান"
    r"|قارب|مركب|متجر|مقهى|محل|قایق|مغازه|کافه|סירה|חנות|בית קפה|מסעדה|เรือ|ร้าน)",
    re.IGNORECASE,
)
# an animal right before the name, in apposition ("il nostro bassotto Totti", "mit unserem Dackel Schumi",
# "z jamnikiem Lewym", "с таксой Вовой"): the pet's name, without a naming word
_PET_RIGHT_BEFORE = lazy_re.compile(
    rf"(?<![^\W\d_]){_PET_BODY}(?:s|es|e|en|er|n|o|a|i|y|u|em|iem|ie|ą|ę|ем|ом|ой|ою|ей|ы|и|у|а|е|ів|ові)?"
    r"[ \t'\"«“]+$",
    re.IGNORECASE,
)


# one's own pet called by its name right after the animal word ("mi gata Shakira", "mon chat Zizou",
# "o meu gato Pelé", "con mèo Mỹ Tâm", "my dog Obama"): a possessive or a classifier, the animal, the name
_OWNED_PET_BEFORE = lazy_re.compile(
    r"(?:^|[\s(\"'«“])(?:my|our|mi|mis|nuestr[oa]|mon|ma|notre|meu|minha|nosso|nossa|con|chú|bé|em)\s+"
    r"(?:dog|puppy|cat|kitten|parrot|hamster|rabbit|bunny|horse|pony|goldfish|turtle|perr[oa]|perrit[oa]"
    r"|gat[oa]|gatit[oa]|lor[oa]|caballo|conejo|tortuga|hámster|chien|chienne|chiot|chat|chatte|chaton"
    r"|perroquet|cheval|lapin|cachorr[oa]|cachorrinh[oa]|gatinh[oa]|papagaio|cavalo|coelho|chó|mèo|vẹt"
    r"|ngựa|thỏ|cún|chó con|mèo con)\s+$",
    re.IGNORECASE,
)


# "its name is …" before a pet's name ("うちの犬の名前はキムタク", "강아지 이름은 뷔",
# "कुत्ते का नाम शाहरुख", "বিড়ালের নাম মেসি"): pets only, since before a person these words
# leave the name what it is ("彼の名前はキムタク")
_PET_NAME_IS = lazy_re.compile(r"(?:名前は|名前が|名は|이름은|이름이|이름|नाम|নাম)[\s'\"“”«»「『:]*$")


# a venue's name opens with its own particle between the naming word and the person's name
_VENUE_NAMED = lazy_re.compile(
    rf"(?:{_NAMING_WORDS})[\s{_NAMED_TRAIL}]+(?:chez|zum|zur|the|da|dal|casa|maison|le|la|el|o|a|de)"
    rf"[\s{_NAMED_TRAIL}]+$",
    re.IGNORECASE,
)


def named_pet(
    nt: NormText, prompt: str, start: int, end: int, span: tuple[int, int] | None = None
) -> bool:
    """The name given to an animal or a toy ("a cat named Trump", "犬のハチという名前"): a
    naming word right before (or, in Japanese and Korean, right after) the name, and an animal
    or toy word shortly before it; or one's own animal right before the name ("mi gata Shakira").
    ``span``: ``nt.span(start, end)`` if the caller has it."""
    s0, e0 = span or nt.span(start, end)
    lo = max(0, s0 - 60)
    if _OWNED_PET_BEFORE.search(prompt, max(0, s0 - 30), s0) is not None:
        return True
    if _PET_RIGHT_BEFORE.search(prompt, max(0, s0 - 24), s0):
        return True
    if _VENUE_NAMED.search(prompt, max(0, s0 - 48), s0) and _VENUE.search(prompt, lo, s0) is not None:
        return True  # "un café appelé Chez Zidane", "ein Restaurant namens Zum Schumi": the venue's own name
    if not (
        _named_before(prompt, lo, s0)
        or _NAMED_AFTER.match(prompt, e0)
        or _PET_NAME_IS.search(prompt, max(lo, s0 - 12), s0)
    ):
        return False
    if _PET.search(prompt, lo, s0) is not None or _PET.search(prompt, e0, e0 + 30) is not None:
        return True
    # a shop, a café or a boat given the name: the naming word stands right before the name
    return _VENUE.search(prompt, lo, s0) is not None or _VENUE.search(prompt, e0, e0 + 30) is not None


def _named_before(prompt: str, lo: int, s0: int) -> bool:
    """Whether ``_NAMED_BEFORE`` matches ``prompt[lo:s0]``, without searching it: a match ends
    with a naming word right before the trailing quotes and spaces, so the few characters there,
    reversed, are matched against the reversed words at one position (the search over 60
    characters, one try per position, was most of the time a screen spent on a found name)."""
    p = s0
    while p > lo and (prompt[p - 1].isspace() or prompt[p - 1] in _NAMED_TRAIL):
        p -= 1
    if p <= lo or _NAMING_LAST.match(prompt, p - 1) is None:
        return False
    return _NAMED_BEFORE_REV.match(prompt[max(lo, p - _NAMING_LONGEST) : p][::-1]) is not None


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
    return _named_before(prompt, max(0, s0 - 60), s0) or _NAMED_AFTER.match(prompt, e0) is not None


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
