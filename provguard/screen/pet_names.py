"""Names given to something that is not a person: a pet or a toy ("a cat named Trump", "mi gata Shakira",
犬のハチという名前), a shop, a café or a boat ("un café appelé Chez Zidane"), and the naming words of the 22
languages that introduce any such name ("named", "llamado", "heißt", 叫, という).

Why apart from name_cues: these are the word lists of naming and of animals and venues, the largest part of
reading around a name; name_cues re-exports ``named_pet`` and reads ``named_before`` for characters.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provguard.screen import lazy_re

if TYPE_CHECKING:
    from provguard.screen.normalize import NormText

__all__ = ["NAMED_AFTER", "named_before", "named_pet", "owned_pet_before", "pet_right_before", "venue_named"]

# the words that name what follows ("a cat named …"): regex alternatives made of letters, [xy]
# classes and optional x? only, so that each can be reversed (see _named_before)
_NAMING_WORDS = (
    r"named|called|nicknamed|dubbed|chamad[oa]|apelidad[oa]|llamad[oa]|de nombre|nommée?|appelée?|genannt"
    r"|namens|mit dem namen|heet|genaamd|met de naam|adlı|isimli|isminde|di nome|chiamat[oa]|по имени"
    r"|по кличке|кличка|кличкой|на кличку"
    r"|по прозвищу|на ім'я|на прізвисько|o imieniu|zwan[ya]|nazwan[ya]|bernama|namanya|nama dia|dinamai"
    r"|tên là|tên|בשם|קוראים לו|קוראים לה|ששמו|ששמה|שמו|שמה|المسمى"
    r"|اسمه|اسمها|يدعى|به نام|به اسم|با اسم|اسمش|ชื่อ|名叫|名为|名字叫|叫做|叫"
    r"|jiska naam|jiska nam|नाम का|नाम की|নামের|নামে"
    r"|s'appelle|s'appelait|se nomme|se llama|se chama|chama-se|chamava-se|chama|si chiama|heißt|heisst|heet"
    r"|зовут|nazywa się"
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
NAMED_AFTER = lazy_re.compile(
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
    r"|hámster|criceto|chomik|هامستر|همستر|אוגר|แฮมสเตอร์|हैम्स्टर|হ্যামস্টার"
    # cage birds, small rodents and tortoises, which people name after stars as often as dogs
    r"|budgerigar|canary|cockatiel|parakeet|guinea pig|gerbil|ferret|chinchilla|wellensittich|kanarienvogel"
    r"|nymphensittich|meerschweinchen|schildkröte|frettchen|perruche|canari|cochon d'inde|furet|tortue"
    r"|periquito|canário|calopsita|porquinho-da-índia|cobaia|jabuti|cágado|canario|cobaya|conejillo de indias"
    r"|pappagallino|canarino|cocorita|porcellino d'india|cavia|furetto|tartaruga|kanarek|świnka morska|żółw"
    r"|fretka|попугайчик|канарейк|морская свинк|морск\w* свинк|черепах|хорь|papağanı|muhabbet kuşu|kanarya"
    r"|kaplumbağa|kobay|burung kenari|kura-kura|marmut|chim hoàng yến|chuột lang|con rùa)"
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
_PET_SUFFIXES = r"s|es|e|en|er|n|o|a|i|y|u|em|iem|ie|ą|ę|ем|ом|ой|ою|ей|ы|и|у|а|е|ів|ові"
_PET_RIGHT_BEFORE = lazy_re.compile(
    rf"(?<![^\W\d_]){_PET_BODY}(?:{_PET_SUFFIXES})?[ \t'\"«“]+$",
    re.IGNORECASE,
)
# what the animal word (or its ending) can end with: one character test before the search
_PET_RIGHT_LAST = lazy_re.compile(
    rf"[{_last_chars(_PET_BODY[3:-1])}{_last_chars(_PET_SUFFIXES)}]", re.IGNORECASE
)


# one's own pet called by its name right after the animal word ("mi gata Shakira", "mon chat Zizou",
# "o meu gato Pelé", "con mèo Mỹ Tâm", "my dog Obama"): a possessive or a classifier, the animal, the name
_OWNED_PETS = (
    r"(?:dog|puppy|cat|kitten|parrot|hamster|rabbit|bunny|horse|pony|goldfish|turtle|perr[oa]|perrit[oa]"
    r"|gat[oa]|gatit[oa]|lor[oa]|caballo|conejo|tortuga|hámster|chien|chienne|chiot|chat|chatte|chaton"
    r"|perroquet|cheval|lapin|cachorr[oa]|cachorrinh[oa]|gatinh[oa]|papagaio|cavalo|coelho|chó|mèo|vẹt"
    r"|ngựa|thỏ|cún|chó con|mèo con)"
)
_OWNED_PET_BEFORE = lazy_re.compile(
    r"(?:^|[\s(\"'«“])(?:my|our|mi|mis|nuestr[oa]|mon|ma|notre|meu|minha|nosso|nossa|con|chú|bé|em)\s+"
    + _OWNED_PETS
    + r"\s+$",
    re.IGNORECASE,
)
_OWNED_LAST = lazy_re.compile(rf"[{_last_chars(_OWNED_PETS[3:-1])}]", re.IGNORECASE)
# the venue's particle and the naming word before it, spelt backwards: matched once at the name's start
# (the forward search tried each of 48 positions with the naming words' alternation: ~12 µs a name)
_VENUE_PARTICLES = "chez|zum|zur|the|da|dal|casa|maison|le|la|el|o|a|de"


# "its name is …" before a pet's name ("うちの犬の名前はキムタク", "강아지 이름은 뷔",
# "कुत्ते का नाम शाहरुख", "বিড়ালের নাম মেসি"): pets only, since before a person these words
# leave the name what it is ("彼の名前はキムタク")
_PET_NAME_IS = lazy_re.compile(r"(?:名前は|名前が|名は|이름은|이름이|이름|नाम|নাম)[\s'\"“”«»「『:]*$")


# a venue's name opens with its own particle between the naming word and the person's name
_VENUE_NAMED = lazy_re.compile(
    rf"(?:{_NAMING_WORDS})[\s{_NAMED_TRAIL}]+(?:{_VENUE_PARTICLES})[\s{_NAMED_TRAIL}]+$",
    re.IGNORECASE,
)
_VENUE_NAMED_REV = lazy_re.compile(
    rf"[\s{_NAMED_TRAIL}]+(?:{_reversed_words(_VENUE_PARTICLES)[0]})[\s{_NAMED_TRAIL}]+(?:{_NAMING_REV})",
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
    if owned_pet_before(prompt, s0) or pet_right_before(prompt, s0):
        return True
    if venue_named(prompt, s0) and _VENUE.search(prompt, lo, s0) is not None:
        return True  # "un café appelé Chez Zidane", "ein Restaurant namens Zum Schumi": the venue's own name
    if not (
        named_before(prompt, lo, s0)
        or NAMED_AFTER.match(prompt, e0)
        or _PET_NAME_IS.search(prompt, max(lo, s0 - 12), s0)
    ):
        return False
    if _PET.search(prompt, lo, s0) is not None or _PET.search(prompt, e0, e0 + 30) is not None:
        return True
    # a shop, a café or a boat given the name: the naming word stands right before the name
    return _VENUE.search(prompt, lo, s0) is not None or _VENUE.search(prompt, e0, e0 + 30) is not None


def _before_trail(prompt: str, s0: int, trail: str) -> int:
    """Where the run of whitespace and ``trail`` characters that ends at ``s0`` starts."""
    p = s0
    while p > 0 and (prompt[p - 1].isspace() or prompt[p - 1] in trail):
        p -= 1
    return p


def owned_pet_before(prompt: str, s0: int) -> bool:
    """``_OWNED_PET_BEFORE`` over the 30 characters before ``s0``; searched only when the character
    before the spaces can end an animal word (most names follow "of", "and", "with")."""
    p = _before_trail(prompt, s0, "")
    if p == s0 or p == 0 or _OWNED_LAST.match(prompt, p - 1) is None:
        return False
    return _OWNED_PET_BEFORE.search(prompt, max(0, s0 - 30), s0) is not None


def pet_right_before(prompt: str, s0: int) -> bool:
    """``_PET_RIGHT_BEFORE`` over the 24 characters before ``s0`` ("mit unserem Dackel Schumi"), behind
    the same one-character test."""
    p = s0 - 1 if s0 and prompt[s0 - 1] == "\n" else s0  # "$" matches before a last newline too
    while p > 0 and prompt[p - 1] in " \t'\"«“":
        p -= 1
    spaced = p < s0 - (prompt[s0 - 1] == "\n" if s0 else 0)  # at least one space or quote
    if not spaced or p == 0 or _PET_RIGHT_LAST.match(prompt, p - 1) is None:
        return False
    return _PET_RIGHT_BEFORE.search(prompt, max(0, s0 - 24), s0) is not None


def venue_named(prompt: str, s0: int) -> bool:
    """Whether ``_VENUE_NAMED`` matches in the 48 characters before ``s0``: it has no lookaround, so a
    match ending at ``s0`` is the reversed pattern matching the reversed window at its start."""
    if s0 == 0 or not (prompt[s0 - 1].isspace() or prompt[s0 - 1] in _NAMED_TRAIL):
        return False
    return _VENUE_NAMED_REV.match(prompt[max(0, s0 - 48) : s0][::-1]) is not None


def named_before(prompt: str, lo: int, s0: int) -> bool:
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
