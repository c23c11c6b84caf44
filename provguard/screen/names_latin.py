"""Name shapes of Latin-script languages that the capitalised-pair test misses: a Vietnamese
surname leading capitalised syllables ("Vũ Ngọc Lan"), a Turkish proper-noun suffix after an
apostrophe ("Elif Yıldırım'ın"), and a capitalised pair as the subject of a recommendation
("Dorota Wiśniewska recommends …").

Why apart from ``persons``: these read the shape of the name in one language (a closed list of
surnames, an orthographic rule), not the frequency lists; folded to ASCII, "Hùng" and "Lê" are
the English "hung" and the French "le", so the pair test alone drops them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from provguard.screen import lazy_re

__all__ = [
    "animal_breed",
    "everyday",
    "german_noun",
    "place_head",
    "place_opener",
    "recommended_pairs",
    "turkish_pairs",
    "vietnamese_names",
]

# the 50 most common Vietnamese surnames, as written with their tones
_VI_SURNAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Lâm Đào Cao Lương"
    " Tạ Hà Tô Châu Lưu Quách Kiều Thái Triệu Tăng Mạc Phùng Đoàn Vương Tôn Hứa Từ Chu Giang Lục Nghiêm"
    " Doãn Kim Thân Mai Trương Đàm Lại Văn Diệp"
).split()
_UP = "A-ZÀ-ÖØ-ÞĂÂĐÊÔƠƯ\u1ea0-\u1ef8"
_LO = "a-zß-öø-ÿăâđêôơư\u1ea1-\u1ef9"
_VI = lazy_re.compile(
    rf"(?<![\w])(?:{'|'.join(_VI_SURNAMES)})"
    rf"(?:[ \t]+[{_UP}][{_LO}]*){{1,3}}(?![\w'’])"
)
# a surname before a place, or a place name that is also a surname pair ("Hà Nội", "Cao Bằng")
_VI_PLACE_BEFORE = lazy_re.compile(
    r"(?:ở|tại|tỉnh|thành phố|tp\.?|quận|huyện|xã|phường|đường|phố|sông|hồ|núi|chợ|cầu|bệnh viện|trường"
    r"|sân bay|ga|bến|đảo|vịnh|đền|chùa|lăng|quảng trường|công viên|street|road|river|in|at)[ \t]+$",
    re.IGNORECASE,
)
_VI_PLACES = frozenset(
    "hà nội|hà giang|hà tĩnh|hà nam|hà đông|hà tiên|cao bằng|cao lãnh|lâm đồng|hồ chí minh|phan thiết"
    "|phan rang|lý sơn|mai châu|kim bôi|hồ gươm|hồ tây|châu đốc|tô lịch|giang nam|tôn đức thắng"
    "|lê lợi|trần hưng đạo"
    "|nguyễn huệ|lý thường kiệt|hai bà trưng|phạm ngũ lão|đinh tiên hoàng|lê duẩn|trần phú|quang trung"
    "|võ nguyên giáp|ngô quyền|lý thái tổ|nguyễn trãi|lê thánh tông|mạc đĩnh chi"
    "|mù cang chải|cang chải|hoàng su phì|su phì|lào cai|mộc châu|mai sơn|bắc hà|đồng văn|mèo vạc|tà xùa|y tý"
    "|phú quốc|hạ long|đà lạt|hội an|ninh bình|tam cốc|phong nha|côn đảo|cát bà|vũng tàu"
    "|nha trang|đà nẵng|cần thơ|hải phòng|quy nhơn|sa pa|mũi né|buôn ma thuột|biên hòa|thủ đức|long an"
    "|bến tre|cà mau|hà long|tây ninh|quảng ninh|quảng nam|bình dương|đồng nai|nam định|thái bình".split("|")
)
# a landscape or place noun right after the span: "Hoàng Su Phì terraced fields", "Mai Sơn pass"
_VI_PLACE_AFTER = lazy_re.compile(
    r"[ \t,]+(?:ruộng|bậc thang|đèo|thác|bản|mùa|thung lũng|terraced|terraces?|rice|fields?|pass|valley"
    r"|mountains?|bay|lake|river|province|district|village|market|waterfall|town|city|countryside|landscape)(?!\w)",
    re.IGNORECASE,
)

# Turkish writes an apostrophe only between a proper noun and its suffix ("Yıldırım'ın")
_TR_PAIR = lazy_re.compile(
    rf"(?<![\w])([{_UP}İŞĞ][{_LO}ışğ]{{2,}})[ \t]+([{_UP}İŞĞ][{_LO}ışğ]{{2,}})"
    r"['’][a-zçğıöşü]{1,5}(?![\w])"
)
# possessive compounds of places and institutions ("Galata Kulesi'nin", "Ulu Camii'nin")
_TR_PLACE = lazy_re.compile(
    r"(?:kulesi|camii|cami|sarayı|köprüsü|parkı|meydanı|caddesi|sokağı|müzesi|hastanesi|üniversitesi"
    r"|dağı|gölü|nehri|adası|lisesi|bankası|holding|stadı|stadyumu|havalimanı|limanı|çarşısı|pazarı|kalesi|koyu|plajı"
    r"|belediyesi|bakanlığı|vakfı|derneği|kulübü|otel|oteli|şirketi|tiyatrosu|sineması|kilisesi|türbesi)$"
)
# a capitalised pair followed closely by a verb of recommending: a testimonial's speaker
_PAIR = rf"(?<![\w])([{_UP}][{_LO}]{{2,}})[ \t]+([{_UP}][{_LO}]{{2,}})"
# the speaker of a testimonial: the verb right after the pair (adverbs or an apposition between:
# "Anna Kowalczyk, a nurse, personally recommends"), or, in Turkish, a genitive pair whose
# recommending verb ends the clause ("Selin Arslan'ın … tavsiye ettiği")
_RECOMMEND_PAIR = lazy_re.compile(
    _PAIR + r"(?![\w'’])(?:,[^,\n]{1,30},)?"
    r"(?:[ \t]+(?i:also|personally|strongly|highly|really|now|always|truly|warmly|herself|himself))*[ \t]+"
    r"(?i:recommends?|recommended|recommending|endorses?|endorsed|endorsing|swears by|vouches for"
    r"|raves about|giới thiệu|khuyên dùng|recomienda|recomenda|empfiehlt|recommande|conseille|consiglia"
    r"|poleca|rekomenduje|beveelt|raadt|merekomendasikan)(?![\w])"
    r"|" + _PAIR + r"['’][a-zçğıöşü]{1,5}(?=[^\n.;]{0,40}?(?i:tavsiye|öner))"
)


def vietnamese_names(prompt: str) -> Iterator[tuple[int, int]]:
    """Spans of a Vietnamese surname followed by one to three capitalised syllables; an ASCII
    surname (Phan, Mai, Cao …) needs a syllable with a Vietnamese letter after it."""
    for m in _VI.finditer(prompt):
        words = m.group(0).split()
        if " ".join(words[:3]).lower() in _VI_PLACES or " ".join(words[:2]).lower() in _VI_PLACES:
            continue
        if _VI_PLACE_BEFORE.search(prompt, max(0, m.start() - 20), m.start()):
            continue
        if _VI_PLACE_AFTER.match(prompt, m.end()):
            continue
        if words[0].isascii() and not any(not w.isascii() for w in words[1:]):
            continue
        yield m.start(), m.end()


def place_name(prompt: str, start: int, end: int) -> bool:
    """Whether the capitalised words ``prompt[start:end]`` are a listed Vietnamese place or sit
    right before a landscape noun ("Cang Chải terraces", "Glen Coe valley"): a place, not a person."""
    words = prompt[start:end].lower().split()
    if " ".join(words[-2:]) in _VI_PLACES or " ".join(words[:2]) in _VI_PLACES:
        return True
    return _VI_PLACE_AFTER.match(prompt, end) is not None


def turkish_pairs(prompt: str, common: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Spans of two capitalised words, the second with a suffix after an apostrophe, neither an
    everyday word nor a place's or an institution's name."""
    for m in _TR_PAIR.finditer(prompt):
        a, b = m.group(1), m.group(2)
        if _TR_PLACE.match(b.lower().replace("i̇", "i")) or everyday(a, common) or everyday(b, common):
            continue
        yield m.start(), m.start() + len(a) + 1 + len(prompt[m.start(2) : m.end(2)])


def recommended_pairs(prompt: str, common: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Spans of a capitalised pair (neither an everyday word) right before a verb of recommending."""
    for m in _RECOMMEND_PAIR.finditer(prompt):
        first, last = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if everyday(first, common) or everyday(last, common):
            continue
        yield m.start(), m.end(2) if m.group(1) else m.end(4)


def everyday(word: str, common: frozenset[str]) -> bool:
    """In the frequency lists, accents and all: the lists spell "café" and "está" with them, and
    "hùng" or "yıldırım" is not the English "hung" or anything else."""
    return word.lower() in common


# breeds named after people or places, which the pair test reads as "Firstname Surname" ("een snelle
# Jack Russell", "our Saint Bernard"), and a pair right before a breed or pet noun ("Jack Russell terrier")
_BREEDS = frozenset(
    "jack russell|jack russel|parson russell|saint bernard|st bernard|great dane|border collie|king charles"
    "|german shepherd|golden retriever|shih tzu|lhasa apso|maine coon|russian blue|british shorthair"
    "|scottish fold|norwegian forest|siberian husky|alaskan malamute|bernese mountain|cane corso"
    "|yorkshire terrier|boston terrier|west highland|cocker spaniel|springer spaniel|bichon frise"
    "|san bernardo|pastor alemán|pastor alemao|berger allemand|deutscher schäferhund"
    "|bouvier bernois".split("|")
)
_PET_AFTER = lazy_re.compile(
    r"[ \t-]+(?:terriers?|spaniels?|retrievers?|shepherds?|collies?|hounds?|puppy|puppies|pup|dogs?|cats?"
    r"|kittens?|mix|hond|hondje|hund|chien|chiot|perr[oa]|perrit[oa]|cane|cão|cachorr[oa]|pies|piesek|köpek"
    r"|anjing|chó)(?![^\W\d_])",
    re.IGNORECASE,
)


def animal_breed(prompt: str, start: int, end: int) -> bool:
    """Whether the capitalised pair ``prompt[start:end]`` is a breed ("Jack Russell", "Saint Bernard") or
    names an animal right after it ("Bruno Mars puppy"): an animal, not a person."""
    return prompt[start:end].lower() in _BREEDS or _PET_AFTER.match(prompt, end) is not None


# the head noun of a place's name, capitalised as its last word ("Galata Köprüsü", "Amsterdam Centraal",
# "Karlsruhe Hauptbahnhof", "Copacabana Beach"): the pair is a place, not "Firstname Surname"
_PLACE_HEADS = frozenset(
    "köprüsü|kulesi|camii|meydanı|caddesi|sokağı|sarayı|parkı|limanı|adası|gölü|dağı|çarşısı|kalesi|kapısı"
    "|centraal|station|bahnhof|hauptbahnhof|platz|brücke|kirche|dom|tor|tower|bridge|square|park|street"
    "|avenue|cathedral|palace|castle|beach|lake|river|mountain|gardens|market|museum|plaza|puente|catedral"
    "|palacio|castillo|playa|lago|monte|mercado|museo|pont|cathédrale|palais|château|plage|gare|ponte|duomo"
    "|palazzo|castello|spiaggia|stazione|strand|kerk|paleis|kasteel|brug|markt|plein|haven|dworzec|rynek"
    "|zamek|pantai|danau|gunung|jembatan|masjid|pasar|stasiun|airport|stadium|arena|hall|terminal".split("|")
)


def place_head(word: str) -> bool:
    """Whether ``word`` (the last word of a capitalised pair, any case) heads a place's name."""
    return word.lower() in _PLACE_HEADS


# the first word of a place or public-office name (a city, a district, a municipality, a street, a mountain),
# which a capitalised pair after it imitates
_PLACE_OPENERS = frozenset(
    "kota kabupaten provinsi desa kecamatan kelurahan jalan jl gunung pulau danau sungai teluk ciudad "
    "villa puerto cidade vila porto ville mont lac lago monte rio río stadt gemeinde kreis landkreis "
    "bezirk miasto gmina gminy urząd urzędu powiat województwo gemeente provincie comune provincia "
    "regione município municipio prefeitura distrito departamento город місто thành tỉnh huyện phường "
    "quận şehir ilçe mahalle belediye".split()
)


def place_opener(word: str) -> bool:
    """Whether ``word`` (the first word of a capitalised pair, any case) opens a place's or office's name."""
    return word.casefold() in _PLACE_OPENERS


# German writes every noun capitalised, and the frequency lists give German everyday nouns no weight, so two
# nouns in a row ("in einer Grundschule Schlange stehen") look like "Firstname Surname": a first word with
# the ending of a German noun (and in no list of given names) is a noun
_DE_NOUN_END = lazy_re.compile(
    r"(?:schule|ung|heit|keit|schaft|lokal|straße|strasse|platz|markt|kirche|bahnhof|zimmer|morgen|abend"
    r"|nacht|zeit|stadt|amt|halle|garten|laden|wagen|raum|bühne|saal|wahl|tisch|stube|gasse|plakat|trag|blatt)$"
)


# ... and a German adjective, capitalised at the start of a sentence or a poster line ("Offizielles Plakat",
# "Amtliche Bekanntmachung", "Herzlicher Empfang"): an adjective suffix with a case ending, which no given
# name carries (Oliver, Morales and Michelle end otherwise)
_DE_ADJ_END = lazy_re.compile(r"(?:lich|ig|isch|bar|los|voll|sam|haft)(?:e|es|er|en|em)$|ell(?:es|em)$")


# the label of a brief's commissioning line and the office that commissions it ("Auftrag Stadt Graz",
# "Zlecenie Urzędu Gminy", "Encargo Ayuntamiento", "Commande Mairie d'Annecy"): the first word of a pair
# that names a client or an institution, never a person's given name
_BRIEF_HEADS = frozenset(
    """auftrag auftraggeber auftraggeberin kunde kundin zlecenie zleceniodawca zamawiający klient klientka
    commande commanditaire client cliente encargo encargado pedido solicitante commissione committente
    commissionato opdracht opdrachtgever klant müşteri sipariş siparişi talep pemesan klien permintaan
    urząd urzędu urzędzie gmina gminy gminie starostwo starostwa powiat powiatu miasto miasta komisja komisji
    stadt gemeinde rathaus magistrat landkreis bezirk bezirksamt stadtverwaltung gemeindeamt marktgemeinde
    mairie préfecture commune département ayuntamiento municipio alcaldía concello ajuntament diputación
    comune prefettura provincia regione prefeitura câmara município gemeente provincie belediye
    belediyesi valilik kaymakamlık pemkot pemda kelurahan kecamatan""".split()
)


def brief_head(word: str) -> bool:
    """Whether the lowercase ``word`` labels a brief's client or names an office (see ``_BRIEF_HEADS``)."""
    return word in _BRIEF_HEADS


def german_noun(word: str) -> bool:
    """Whether the lowercase ``word`` ends like a German noun (Grundschule, Wohnung, Sonntagmorgen) or an
    inflected German adjective (offizielles, amtliche, herzlicher)."""
    return len(word) >= 6 and (_DE_NOUN_END.search(word) is not None or _DE_ADJ_END.search(word) is not None)


_LEET_CHARS = lazy_re.compile(r"[013457@$]")
# a token that mixes letters with leet characters, in either case (normalize's _LEET_TOKEN reads folded text)
_LEET_CASED = lazy_re.compile(
    r"(?<![A-Za-z0-9@$])(?=[A-Za-z0-9@$]*[A-Za-z])(?=[A-Za-z0-9@$]*[013457@$])[A-Za-z0-9@$]+"
)
_LEET_TRANS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})


def deleet_cased(prompt: str) -> str:
    """``prompt`` with leetspeak undone inside tokens of two or more letters, one character for one and the
    letters' case kept ("S@har Gh0reishi" -> "Sahar Ghoreishi"), so a name typed in leet is still a
    capitalised pair; spans stay the prompt's. A leading "@" before letters is a handle, read as a space."""
    if _LEET_CHARS.search(prompt) is None:
        return prompt

    def fix(m: re.Match[str]) -> str:
        tok = m.group(0)
        if sum(ch.isalpha() for ch in tok) < 2:
            return tok  # "4k", "35mm", "f1": a number with a unit
        if tok[0] == "@" and tok[1:2].isalpha():
            return " " + tok[1:].translate(_LEET_TRANS)
        return tok.translate(_LEET_TRANS)

    return _LEET_CASED.sub(fix, prompt)
