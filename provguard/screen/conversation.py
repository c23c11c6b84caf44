"""Conversation scope: which earlier turns still describe the image the current turn asks for.

Why structure and not an apology list: "forget that, make a bowl of ramen instead" and "a bowl
of ramen, please" both start a new image, while "now in handcuffs getting into the police van"
continues the old one without naming anyone. Each turn is read for three things, in order:

1. a reference back to a person (him, she, 他, 彼女, 그녀, él, его …): it continues;
2. a reset of the request (forget that, instead, never mind, 算了, 代わりに, 대신 …): it starts anew;
3. an edit of the current image (now, add, move, same, make it, 再, 把 …): it continues;
4. its own subject (an indefinite noun phrase, a numeral with a classifier, or a person of its
   own): it starts anew. Anything else continues (a bare scene change keeps the subject).

Signals then flow back from the current turn to the nearest turn that started anew, inclusive,
so a person from before an abandoned request is not dragged into an unrelated one, while a name
in turn 1 survives any number of continuing turns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from provguard.screen import lazy_re
from provguard.screen.drop_words import DROPPED, EARLIER, INSTEAD, RESET

__all__ = ["abandoned_prefix", "carried_turns", "edits_picture", "repeats", "starts_anew"]

_ANAPHOR = lazy_re.compile(
    r"(?<![a-z])(?:him|her|hers|he|she|they|them|his|their|himself|herself"
    r"|same (?:person|man|woman|guy|girl|face)"
    r"|the (?:same )?(?:man|woman|guy|girl|person)|this person|that person"
    r"|él|ella|lui|elle|ihn|ihm|ihr|ele|ela|dele|dela|lei|hij|hem|zij|haar|onu|ona|dia|anh ấy|cô ấy"
    r"|ông ấy|bà ấy|ông ta|bà ta|anh ta|cô ta|hắn ta|chị ấy|em ấy|cậu ấy|nó|ổng|bả|hắn"
    r"|jego|jej|niego|niej)(?![a-z])"
    # a pronoun fused to an imperative: ponlo, hazla, mettila, mets-la, coloca-a, zet hem neer
    r"|(?<![a-z])(?:pon|haz|p[ií]nta|dib[uú]ja|v[ií]ste|mu[eé]stra|metti|rendi|mostra"
    r"|disegna)l[oae]s?(?![a-z])"
    r"|(?<![a-z])(?:coloque|coloca|deixe|deixa|mostre|mostra|faça|põe|ponha)-[oa]s?(?![a-z])"
    r"|-(?:le|la|les|lui)(?![a-z])"
    # Italian enclitics on other verbs (spogliala, falla, fammelo), German "sie" after an imperative
    # (lass sie, zieh sie aus: not the polite "Sie" of a request), Polish ją/nią and "go" after an imperative
    r"|(?<![a-z])(?:spoglia|denuda|fal|famme|lega|ammanetta|lascia|porta|vesti|trasforma)l[oaie](?![a-z])"
    r"|(?<![a-z])(?:lass|lasst|zieh|mach|zeig|setz|stell|leg|pack|steck|bring|dreh|fessel|zwing)\s+sie(?![a-z])"
    r"|(?<![^\W\d_])(?:ją|nią)(?![^\W\d_])"
    r"|(?<![^\W\d_])(?:rozbierz|pokaż|pokaz|zrób|zrob|daj|ubierz|posadź|postaw|przebierz|wsadź|zakuj|połóż)\s+go"
    r"(?![^\W\d_])"
    r"|他|她|他们|她们|此人|这个人|同一个人|彼女|彼|この人|その人|同じ人|그녀|그 사람|그를|그의|이 사람"
    r"|(?<![а-яё])(?:он|она|его|её|ее|ему|ей|ним|ней|він|вона|його|її)(?![а-яё])"
    r"|\bهو\b|\bهي\b|הוא|היא|אותו|אותה|(?<!\w)(?:לה|לו|שלה|שלו)(?!\w)|او را|\bاو\b|\bایشان\b|เขา|เธอ"
    # Bengali and Hindi third-person pronouns (উনি, ওনাকে, তাঁর, ওকে; उसे, उनको) and their Banglish/Hinglish
    # spellings that are no English word (onake, unar, usko): Indic vowel signs are not \w, so the word edges
    # are the script's own range
    # ("তার বদলে", instead of that, is a reset, not a reference back)
    r"|(?<![\u0980-\u09ff])(?:উনি|ওনার|ওনাকে|ওঁর|ওঁকে|ওঁনার|ওঁনাকে|তিনি|তাঁর|তাঁকে|তাকে|ওকে|ওর|সে"
    r"|তার(?!\s*(?:বদলে|পরিবর্তে)))(?![\u0980-\u09ff])"
    r"|(?<![\u0900-\u097f])(?:उसे|उसको|उसकी|उसके|उन्हें|उनको|उनकी|उनके)(?![\u0900-\u097f])"
    r"|(?<![a-z])(?:onake|onar|unake|unar|tanke|usko|uski|uske|unko|unki|unke)(?![a-z])",
    re.IGNORECASE,
)
_EDIT_START = lazy_re.compile(
    r"^\W*(?:(?:ok(?:ay|ej|e)?|great|perfect|good|nice|cool|yes|thanks|dobra|dobrze|super|świetnie|хорошо|ладно"
    r"|отлично|супер|добре|чудово|bien|bon|parfait|gut|perfekt|prima|bene|perfetto|ottimo|bom|ótimo|perfeito"
    r"|beleza|tamam|güzel|süper|sip|mantap|bagus|được|tốt|goed|mooi|top|bueno|vale|genial|perfecto|listo)\W+)*"
    r"(?:now|then|next|also|again|same|add|put|place|move|change|replace|turn|keep|let"
    r"|give (?:him|her|them)"
    r"|make (?:it|him|her|them|this|the)|zoom|crop|edit|adjust|this time|one more|another one)(?![a-z])"
    # "a teraz …", "и теперь …", "y ahora …": a conjunction before the edit word changes nothing
    r"|^\W*(?:(?:ok(?:ay|ej|e)?|dobra|dobrze|super|хорошо|ладно|добре|bien|bon|gut|bene|bom|tamam|oke|goed|mooi|bueno"
    r"|vale)\W+)*(?:(?:and|y|e|et|und|i|a|и|і|ve|dan|và|en|ja|og|och)\s+)?(?:再|把|给他|给她|让他|让她|改|加|换到|然后|接着|现在|同样|もう一|次は|今度は|さらに"
    r"|그리고|이제|다음|좀 더"
    r"|ahora|maintenant|jetzt|agora|adesso|ora|теперь|тепер|şimdi|sekarang|bây giờ|teraz|nu |thêm |giờ |đổi "
    r"|coloca |põe |adiciona |muda |ตอนนี้|เพิ่ม|เปลี่ยน|حالا|اضافه کن"
    # retouching the same picture: "deixa a luz mais quente", "sube el brillo", "rends la lumière…"
    r"|deixa (?:a|o|as|os) |clareia |aumenta |diminui |recorta |corta |sube |baja |aclara |rends (?:la|le"
    r"|les) "
    r"|éclaircis |recadre |mach (?:das|die|den) |rendi (?:la|il|lo|le) |schiarisci |ritaglia |maak (?:het"
    r"|de) "
    r"|zrób (?:to|je|cieplej|jaśniej)|rozjaśnij |przytnij |bikin (?:cahaya|warna|foto|gambar)"
    r"|làm (?:ánh sáng|ảnh|màu)"
    r"|сделай (?:свет|фото|ярче|светлее)|зроби (?:світло|фото|яскравіше)|ışığı |rengi |kırp)",
    re.IGNORECASE,
)
_OWN_SUBJECT = lazy_re.compile(
    # (Vietnamese "công an", the police, is no English article: "cho nó bị công an bắt";
    # German "um" is a preposition, not the Portuguese article: "um Gnade betteln", "um den Hals")
    r"(?<!\w)(?<!công )(?<!cong )(?:a|an|some|one|two|three|un|una|uno|une|des|ein|eine|einen|einem"
    r"|um(?!\s+(?:gnade|hilfe|verzeihung|vergebung|erbarmen|gnad|sein|seine|seinen|seiner|ihr|ihre|ihren|ihrer"
    r"|den|die|das|dem|zu|mitternacht|\d))|uma|een|bir|sebuah|seekor"
    r"|một|jeden|jedna|একটা|একটি|একজন|এক|एक|ekta|ekti|ekjon|ek)\s+\w"
    r"|[一两二三几][个隻只碗杯张張幅位条條件台辆輛份盘盤朵棵座]|[一二三]つの|一[杯匹枚台人]の"
    r"|한 (?:그릇|마리|잔|장|명|개)",
    re.IGNORECASE,
)


# "a portrait at the office", "een portret", "un dessin": an indefinite phrase naming the format
# of the picture, not a new subject; the subject is still the one the conversation is about
_DEPICTION = lazy_re.compile(
    r"(?:portrait|picture|photo|image|drawing|painting|sketch|selfie|headshot|shot|version|close-?up|render"
    r"|portret|foto|beeld|tekening|schilderij|retrato|imagen|dibujo|pintura|dessin|tableau|porträt|bild"
    r"|zeichnung|gemälde|ritratto|immagine|disegno|quadro|imagem|desenho|portre|fotoğraf|resim|çizim"
    r"|potret|gambar|lukisan|ảnh|bức|chân dung|zdjęci|obraz|rysun|портрет|фото|снимок|картин|рисун|зображення"
    r"|малюнок"
    # a numbered series of scenes of the same subject: "make a series: 1. … 2. …"
    r"|(?:series|set of|sequence|collage|storyboard|montage|comic|serie|bildserie|reihe|série|sequência"
    r"|серию|серия|серію|seri(?:si)?|seria|serię|reeks)(?!\w))",
    re.IGNORECASE,
)


# "put him in a parking lot", "ponlo en un parking", "setz sie in eine Bar": an indefinite phrase
# after a place preposition is the new setting of the same subject, not a subject of its own
_PLACE_BEFORE = lazy_re.compile(
    r"(?<![a-z])(?:in|into|at|on|onto|inside|to|near|by|en|dentro de|a|dans|sur|à|im|auf|an|nach|zu"
    r"|em|num|numa|no|na|op|bij|naar|di|ke|dalam|ở|trong|tại|w|we|na|do|в|во|на|у|içinde)\s+$",
    re.IGNORECASE,
)


# "sube un poco el brillo", "un peu plus chaude", "a bit warmer": an indefinite quantity, not a subject
_QUANTITY = lazy_re.compile(
    r"(?:poco|peu|po'|po\b|pouco|bisschen|wenig|beetje|bit|lot|chút|ít|tantito|tick|tad)(?![^\W\d_])",
    re.IGNORECASE,
)

# "make my mum's wedding photo brighter", "la photo de mariage de ma mère", "annemin düğün fotoğrafı": a
# photo of one's own relative is a picture of its own, not the earlier turn's face in a new scene
_OWN_RELATIVE = lazy_re.compile(
    r"(?<![^\W\d_])(?:my (?:mum|mom|mother|dad|father|grand\w+|parents)'?s?|ma mère|mon père|mes parents"
    r"|mes grands-\w+"
    r"|mi (?:madre|padre|mamá|papá|abuel[oa])|mis (?:padres|abuelos)|minha (?:mãe|avó)|meu (?:pai|avô)"
    r"|meus (?:pais|avós)"
    r"|mia madre|mio padre|mia nonna|mio nonno|miei (?:genitori|nonni)|meiner mutter|meines vaters"
    r"|meinem (?:vater|opa)"
    r"|meiner (?:oma|eltern)|meinen eltern|meiner großeltern|mijn (?:moeder|vader|opa|oma|ouders|grootouders)"
    r"|mojej (?:mamy|matki|babci)|mojego (?:taty|ojca|dziadka)|moich (?:rodziców|dziadków)|моей (?:мамы"
    r"|матери|бабушки)"
    r"|моего (?:папы|отца|дедушки)|моєї (?:мами|матері|бабусі)|мого (?:тата|батька|дідуся)|annemin|babamın"
    r"|dedemin"
    r"|anneannemin|babaannemin|ibuku|ayahku|kakekku|nenekku|ibu saya|ayah saya|kakek saya|nenek saya"
    r"|(?:mẹ|bố|ba|ông|bà) (?:tôi|mình)|ông nội|bà nội|ông ngoại|bà ngoại)(?![^\W\d_])"
    r"|母の|父の|祖父の|祖母の|両親の|我妈|我爸|我妈妈|我爸爸|我爷爷|我奶奶|我外公|我外婆|我父母|엄마|아빠|할아버지|할머니|부모님"
    r"|मेरी (?:मम्मी|माँ|मां|दादी|नानी)|मेरे (?:पापा|पिताजी|दादाजी|नानाजी)|আমার (?:মায়ের|মা|বাবার|বাবা"
    r"|দাদুর|দিদিমার|নানার|নানীর)"
    r"|أمي|والدتي|أبي|والدي|جدي|جدتي|אמא שלי|אבא שלי|סבא שלי|סבתא שלי|مادرم|پدرم|پدربزرگم|مادربزرگم"
    r"|แม่ของฉัน|พ่อของฉัน|คุณตา|คุณยาย|คุณปู่|คุณย่า",
    re.IGNORECASE,
)
_PHOTO_DENSE = lazy_re.compile(r"写真|照片|相片|婚纱照|사진|फोटो|तस्वीर|ছবি|תמונ|عکس|صورة|صور|รูป|ภาพ")


def _relative_photo(head: str) -> bool:
    """A photo of one's own parent or grandparent: a picture of its own (an ordinary family edit)."""
    return _OWN_RELATIVE.search(head) is not None and (
        _DEPICTION.search(head) is not None or _PHOTO_DENSE.search(head) is not None
    )


def _own_subject(head: str) -> bool:
    """An indefinite phrase that introduces a subject other than a picture format, a place or a
    quantity ("un poco más de brillo")."""
    for m in _OWN_SUBJECT.finditer(head):
        if m.group(0)[:1].isalpha() and _PLACE_BEFORE.search(head, 0, m.start()):
            continue
        if m.group(0)[-1:].isalpha() and _QUANTITY.match(head, m.end() - 1):
            continue
        if not m.group(0)[-1:].isalpha() or not _DEPICTION.match(head, m.end() - 1):
            return True
    return False


# words that refine the look of the same picture rather than name a subject: "more realistic,
# please", "8k, cinematic lighting", "noch etwas realistischer", "фотореалистичнее"
_STYLE_WORD = lazy_re.compile(
    r"(?:\w*real|\w*reál|\w*реал|photo|foto|фото|cinem|kino|film|style|estil|stil|стил|qualit|kwalit"
    r"|качеств|detail"
    r"|detal|детал|light|luz|licht|lumi|luce|освещ|version|versi|верси|please|por favor|bitte|s'il|prego"
    r"|пожалуйста"
    r"|proszę|lütfen|more|less|much|very|bit|even|mais|más|plus|mehr|noch|etwas|più|больше|ещё|еще|трохи"
    r"|більш"
    r"|bardziej|trochę|meer|wat|daha|lebih|hơn|chút|bisschen|sharp|scharf|nett|nítid|resolu|render|\d+k|hd"
    r"|uhd"
    r"|portrait|retrato|portr|портрет|image|imag|bild|immag|зображ|изображ|picture|shot|aspect|ratio|\d+:\d+)",
    re.IGNORECASE,
)
_WORD = lazy_re.compile(r"[^\W\d_]{3,}")
_DENSE = lazy_re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_DENSE_STYLE = lazy_re.compile(
    r"写真|照片|写实|真实|逼真|リアル|フォト|実写|사진|실사|리얼|สมจริง|ภาพ|もっと|更|더"
)


def _describes_own_scene(head: str) -> bool:
    """A turn that is a picture description of its own (two content words, or six letters of a
    script without spaces, besides style words) rather than a refinement of the previous one."""
    words = [w for w in _WORD.findall(head) if not _STYLE_WORD.match(w)]
    if len(words) >= 2:
        return True
    return len(_DENSE.findall(_DENSE_STYLE.sub("", head))) >= 6


# a turn that opens on a generic person ("мужчина в наручниках…", 男人戴着手铐…, 남자가…) is about
# someone new even in languages without an indefinite article
_GENERIC_PERSON_HEAD = lazy_re.compile(
    r"^\W*(?:(?:man|woman|boy|girl|guy|person|people|crowd|мужчина|женщина|парень|девушка|люди|чоловік|жінка"
    r"|хлопець|дівчина|mężczyzna|kobieta|chłopak|dziewczyna|ludzie|erkek|kadın|adam|pria|wanita|orang|lelaki"
    r"|perempuan|người đàn ông|người phụ nữ|cô gái|chàng trai|איש|אישה|גבר|נער|נערה|مرد|زن|پسر|دختر|رجل|امرأة"
    r"|شاب|فتاة|आदमी|औरत|महिला|लड़का|लड़की|লোক|মহিলা|পুরুষ|ছেলে|মেয়ে)(?![^\W\d_])"
    r"|男人|女人|男子|女子|男孩|女孩|男性|女性|一名|一位|남자|여자|남성|여성|ผู้ชาย|ผู้หญิง|ชายคนหนึ่ง|หญิงคนหนึ่ง)",
    re.IGNORECASE,
)


def starts_anew(prompt: str, has_own_person: bool = False, harmful_for_a_person: bool = True) -> bool:
    """Whether a turn starts a new image rather than continuing the previous one.

    ``harmful_for_a_person=False`` (the turn has no person-directed scene: no arrest, nudity,
    endorsement…) lets a full description of its own start anew without an article or an apology:
    "realistic photo of ramen on a wooden table", "миска рамена на столе" after a person's turn."""
    head = prompt[:400]
    if _relative_photo(head):  # "…de ma mère, elle est trop sombre": the pronoun is the photo
        return True
    cut = abandoned_prefix(head)
    if cut:
        # "bosver onu yapma, sadece … bir hastane koridoru çiz": the pronoun is the dropped request; what
        # follows starts anew unless it points back itself ("forget the hat, make him cry")
        rest = head[cut:].lstrip()
        return not (_ANAPHOR.search(rest) or _EDIT_START.search(rest) or _EDIT_MORE.search(rest))
    if _ANAPHOR.search(head):
        return False
    if resets := [r.group(0) for r in RESET.finditer(head)]:
        # "이번엔 수영복 말고 아예 벗은걸로" (this time not the swimsuit but …): an edit word opens the turn
        # and the only reset words are "instead"/"not X but": the same picture changed, not a new one
        edit = _EDIT_START.search(head) or _EDIT_MORE.search(head)
        return not (edit and all(INSTEAD.fullmatch(x) for x in resets))
    if _EDIT_START.search(head) or _EDIT_MORE.search(head):
        return False
    if repeats(head) and not _own_subject(head):  # "fais-en une série de 5 comme ça"
        return False
    if not harmful_for_a_person and _describes_own_scene(head):
        return True
    return has_own_person or _own_subject(head) or _GENERIC_PERSON_HEAD.match(head) is not None


# more ways a turn opens on an edit of the picture it follows: "add / write / put" and "now" in each
# language, accents dropped as people type them ("simdi", "gio", "ebar", "hala")
_EDIT_MORE = lazy_re.compile(
    r"^\W*(?:(?:and|und|et|y|e|i|a|en|ve|dan|và|и|і|و)\s+)?(?:"
    r"dodaj|dorzu[cć]|dopisz|napisz|wstaw|f[üu]g|schreib|setz|ajoute|[ée]cris|mets|a[ñn]ade|agrega|escribe|pon"
    r"|aggiungi|scrivi|metti|adicion|escrev|voeg|schrijf|zet|ekle|yaz|koy|tambah|tulis|taruh|th[eê]m|ghi|vi[eế]t"
    r"|добав|напиши|допиши|поставь|посади|додай|постав|simdi|şimdi|gio|bay gio|ebar|ekhon|hala|alan|abhi"
    r"|ab|ippo|sekarang|skrg|теперь|тепер|а теперь)(?![^\W\d_])"
    r"|^\W*(?:و?(?:أضف|اضف|ضيف|زود|اكتب|حط|خلي|دلوقتي|الآن|الحين)|הוסף|תוסיף|כתוב|תכתוב|שים|עכשיו"
    r"|اضافه کن|بنویس|بذار|حالا|अब|जोड़|लिखो|लिख दो|डालो|এবার|এখন|যোগ কর|লিখে দাও|বসাও|加上|写上|添加|加个|再加"
    r"|追加|書いて|付けて|それを|今度は|추가|써 |넣어|이번엔|ใส่|เขียน|เพิ่ม|ตอนนี้)",
    re.IGNORECASE,
)


def edits_picture(prompt: str) -> bool:
    """Whether a turn says outright that it changes the previous picture: a reference back to its
    person ("make him cry") or an edit word ("now add …", 再…, 把…), and no reset anywhere in it."""
    head = prompt[:400]
    if RESET.search(head):
        return False  # "boşver onu, …": the pronoun is the dropped request
    return any(rx.search(head) is not None for rx in (_ANAPHOR, _EDIT_START, _EDIT_MORE))


def carried_turns(
    current: str, earlier: Sequence[str], has_person: Callable[[int], bool], current_has_person: bool,
    current_directed: bool = True,
) -> list[int]:
    """Indices of the earlier turns whose person/face signals reach the current turn: walking
    back from it, up to and including the nearest turn that started anew. ``current_directed``:
    the current turn has a person-directed scene of its own (only then does a bare description
    continue the earlier subject)."""
    if starts_anew(current, current_has_person, current_directed):
        return []
    out: list[int] = []
    for k in range(len(earlier) - 1, -1, -1):
        out.append(k)
        if k > 0 and starts_anew(earlier[k], has_person(k)):
            break
    return sorted(out)


# "now make a series of 5 like this", "fais-en une série de 5 comme ça", 再来5张, 이런 식으로 5장 더: the turn
# asks for more of the previous picture and names no scene of its own
_REPEAT = lazy_re.compile(
    r"(?<![^\W\d_])(?:series|set of \d+|\d+ more|more like (?:this|that|it)|another (?:one|few|\d+)"
    r"|same again"
    r"|do it again|again|(?:a )?few more|variations?"
    r"|serie|otra vez|otras? \d+|más así|de nuevo|série|encore|comme ça|pareil|noch (?:mal|einmal|\d+"
    r"|ein paar)"
    r"|mehr davon|davon|de novo|outra vez|outras? \d+|mais \d+|assim|ancora|così|altre \d+|un'altra|reeks"
    r"|opnieuw"
    r"|nog (?:een paar|\d+|eentje)|zo eentje|tekrar|bir tane daha|bunun gibi|böyle|\d+ tane daha|lagi"
    r"|seperti ini"
    r"|kayak gini|begini|nữa|như vậy|như thế|seria|serię|serii|jeszcze|takich|takie|серию|серия|серію|ещё"
    r"|еще|таких"
    r"|такие|снова|ще|знову)(?![^\W\d_])"
    r"|再来|再做|再生成|再画|这样的|同样的|もう\d*枚|同じ感じ|こんな感じ|このように"
    r"|장 더|이런 식|같은 걸|फिर से|ऐसी|ऐसे"
    r"|আবার|এরকম|এমন|مرة أخرى|مثلها|مثل هذه|سلسلة|עוד|כאלה|שוב|סדרה|دوباره|مثل این|اینطوری|อีก|แบบนี้|เหมือนเดิม",
    re.IGNORECASE,
)


def repeats(prompt: str) -> bool:
    """Whether a turn asks for more of the previous picture (a series, another one, again)."""
    return _REPEAT.search(prompt[:400]) is not None


_CLAUSE_END = lazy_re.compile(r"[,.;:!?，。、；：！？\n]")
_CONTENT = lazy_re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]|[^\W\d_]{2,}")


def abandoned_prefix(prompt: str) -> int:
    """The length of the opening clauses that drop the earlier request ("算了，刚才那个P成被抓的不做了，…",
    "bosver onu yapma, …"), when a request of its own follows: what they name is the dropped picture, not
    this one, so the screen reads only the rest. 0 when the turn drops nothing or asks for nothing else."""
    head = prompt[:400]
    if RESET.search(head) is None and DROPPED.search(head) is None:
        return 0
    cut = 0
    pos = 0
    for m in [*_CLAUSE_END.finditer(head), None]:
        end = m.end() if m is not None else len(head)
        clause = head[pos:end]
        drops = any(not INSTEAD.fullmatch(r.group(0)) for r in RESET.finditer(clause))
        if drops or DROPPED.search(clause) or (cut == pos and cut and EARLIER.search(clause)):
            cut = end
        pos = end
        if m is None:
            break
    rest = prompt[cut:]
    return cut if cut and len(_CONTENT.findall(rest)) >= 3 else 0
