"""The words with which a turn drops the earlier request, in the 22 screened languages: a reset ("forget
that", "never mind", 算了, やっぱりいい, "gk jadi", "không muốn nữa"), what it says of the dropped request
("don't do it", "the earlier one") and the reset words that open the new request instead ("instead", 换成).

Why apart from ``conversation``: these are word lists that grow with every language; the reading of a
conversation's structure that uses them stays small.
"""

from __future__ import annotations

import re

from provguard.screen import lazy_re

_ZH_SAME_PICTURE = r"比基尼|泳衣|泳装|内衣|内裤|睡衣|衣服|裙子|丝袜|情趣|制服|囚服|姿势|造型|发型|表情|背景"
RESET = lazy_re.compile(
    r"(?<![a-z])(?:forget (?:that|it|this|about)|never ?mind|scrap (?:that|this)|instead|start over"
    r"|something else"
    r"|new (?:image|picture|request|topic)|different (?:image|picture|topic)"
    r"|olvida|en (?:su )?lugar|en cambio"
    r"|oublie|plutôt|à la place|vergiss|stattdessen|lascia perdere|invece|esquece|em vez|ao invés"
    r"|vergeet|in plaats"
    r"|unut|bunun yerine|lupakan|sebagai gantinya|thay vào đó|zapomnij|zamiast"
    # "drop it / leave it / whatever": déjalo, laisse tomber, egal, deixa pra lá, lascia stare, boş ver…
    r"|d[ée]jalo|olv[íi]dalo|laisse tomber|laisse ça|oublie ça|egal|lass (?:es|das)|deixa (?:pra|para) l[áa]"
    r"|deixa isso|lascia stare|boş ?ver|bos ?ver|vazgeç|sudahlah|sudah lah|tidak jadi|gak jadi|nggak jadi"
    r"|thôi bỏ đi|bỏ qua|thôi không|nieważne|niewazne|daj spokój|laat maar|laat dat|vergeet het"
    r"|never mind that"
    r"|skip that|drop (?:that|it)|leave (?:that|it)"
    # romanised Hindi and Bengali: rehne do, chhodo, jaane do; thak, bad dao, chere dao
    r"|reh?ne do|rehne de|chh?od ?do|chh?odo|jaane do|jane do"
    r"|bad dao|baad dao|thak ota|chere dao|chhere dao"
    # a change of mind: "scratch that", "changed my mind", "vazgeçtim", "rozmyśliłem się", "передумал" …
    r"|scratch that|changed my mind|change of plans?|on second thought|cancel (?:that|it)"
    r"|cambi[ée] de idea|pensándolo bien"
    r"|j'ai changé d'avis|changement de plan|ich hab(?:e)? es mir anders überlegt|planänderung"
    r"|mudei de ideia|ho cambiato idea|lascia perdere|ik ben van gedachten veranderd|toch maar niet"
    r"|vazgeçtim|vazgectim|fikrimi değiştirdim|iptal et|onun yerine|rozmyślił[ea]m się|rozmyslil[ea]m sie"
    r"|zmiana planów|olej to|передумал[аи]?|передумав|отмена|nggak usah|gak usah|ga usah|ngga usah|batal"
    r"|ganti aja|đổi ý|thôi khỏi|thôi đừng|thôi không cần|không cần nữa|hủy đi|mat banao"
    r"|cancel karo|thak thak|cancel koro"
    # "I don't want it any more", colloquial "forget it" and "not happening" (lupain, gk jadi, không muốn nữa)
    r"|(?:don'?t|do not) want (?:that|it|this) any ?more|not that any ?more|ya no (?:lo )?quiero"
    r"|je n'en veux plus|je ne veux plus|will (?:ich|das) nicht mehr|doch nicht|não quero mais"
    r"|non (?:lo )?voglio più|wil ik niet meer|toch niet|już nie chcę|juz nie chce|jednak nie"
    r"|уже не хочу|больше не хочу|не хочу больше|вже не хочу|більше не хочу|artık istemiyorum"
    r"|istemiyorum artık|lupain|lupakan aja|lupakan saja|gk jadi|ga jadi|gajadi|enggak jadi|ngga jadi"
    r"|gak mau lagi|ga mau lagi|nggak mau lagi|tidak mau lagi|gk mau lagi|thôi bỏ|bỏ vụ|không muốn nữa"
    r"|ko muốn nữa|k muốn nữa|hông muốn nữa|quên đi|quên vụ|ab nahi chahiye|nahi chahiye ab|ar lagbe na"
    r"|chai na ar)(?![a-z])"
    # 换成/换个 before clothes, a pose or the background: the same picture ("换个比基尼")
    r"|算了|不要了|换成(?!" + _ZH_SAME_PICTURE + r")|改成|换个(?!" + _ZH_SAME_PICTURE + r")|不画了|别管|忘了"
    r"|やめて|代わりに|やっぱり|대신|됐고|그만|말고"
    r"|забудь|вместо|забудьте|забудь це|замість|انسَ|بدلا|תשכח|במקום|فراموش|แทน"
    r"|不说这个了|不说了|算啦|别画了|それはいい|それはもういい|もういい|그건 됐어|관둬|그만두고"
    r"|छोड़ो|छोड़ दो|रहने दो|जाने दो|বাদ দাও|ছেড়ে দাও"
    r"|проехали|неважно|не важно|облиш|неважливо|انسى|دعك من|لا يهم|עזוב|לא משנה|ولش کن|بی‌خیال|بیخیال"
    r"|ช่างมัน|ไม่เอาแล้ว|ช่างเถอะ"
    r"|不用了|取消吧|改主意|换一个吧|やめよう|やめとく|気が変わった|キャンセルで|됐어|마음이 바뀌었|취소하고"
    r"|خلاص مش|غيرت رأيي|الغي|שיניתי את דעתי|לא חשוב|نمی‌خواد|نمیخواد|بیخیالش|عوضش|मत बनाओ"
    r"|বাদ দে|তার বদলে|এর বদলে|তার পরিবর্তে|এর পরিবর্তে|tar bodole|er bodole|ไม่ต้องแล้ว|ยกเลิก|เปลี่ยนใจ"
    # "new picture:" opening a request of its own, in every language
    r"|নতুন ছবি|নতুন একটা ছবি|notun chobi|नई तस्वीर|नई फोटो|naya photo|nayi photo|nueva imagen|nouvelle image"
    r"|neues bild|nova imagem|nuova immagine|nieuwe afbeelding|nowy obraz|новое изображение|новая картинка"
    r"|нове зображення|yeni resim|yeni görsel|gambar baru|ảnh mới|新图|新的一张|新しい画像|새 이미지"
    r"|새로운 그림|صورة جديدة|تصویر جدید|תמונה חדשה|รูปใหม่"
    r"|不想要了|不弄了|不搞了|やっぱいい|もういいや|なしにして|안 할래|안할래|그거 말고|하지 마|ما بدي|مابدي"
    r"|ما عاد بدي|مش عايزه|دیگه نمی‌خوام|دیگه نمیخوام|כבר לא רוצה|לא רוצה את זה|ไม่อยากได้แล้ว|ไม่ทำแล้ว"
    r"|আর লাগবে না|চাই না আর|अब नहीं चाहिए"
    # "no, leave it", "this isn't right", "no need" in Bengali; "leave it", "forget it" in Hindi
    r"|না থাক|থাক থাক|ঠিক না এটা|এটা ঠিক না|দরকার নেই|বাদ দিন|ভুলে যাও|ভুলে যান|রহনে দিন"
    r"|रहने दीजिए|भूल जाओ|ये ठीक नहीं",
    re.IGNORECASE,
)
# what a turn says of the request it drops, besides a reset word: "don't do it", "the earlier one"
DROPPED = lazy_re.compile(
    r"(?<![^\W\d_])(?:don'?t do|do not do|don'?t make|skip (?:it|that)|no lo hagas|ne le fais pas"
    r"|mach das nicht|não faça|non farlo|doe dat niet|yapma|yapmayalım|yapmayalim|olej|nie rób|nie rob"
    r"|не делай|не роби|jangan buat|jangan dibuat|đừng làm)(?![^\W\d_])"
    r"|不做了|不要做|别做|別做|やめる|やめとく|なしで|مش عايز|لا تعمل",
    re.IGNORECASE,
)
# a reference back to the dropped request, in the clauses right after the drop ("算了，刚才那个…")
EARLIER = lazy_re.compile(
    r"(?<![^\W\d_])(?:the (?:earlier|previous|last) one|that (?:earlier|previous) one|önceki|onceki"
    r"|poprzedni\w*|предыдущ\w*|попередн\w*|tadi|lúc nãy|luc nay|ban nãy)(?![^\W\d_])"
    r"|刚才|剛才|之前那|上一个|上一張|さっきの|前のやつ|아까|방금 그|قبلی|הקודם|पहले वाला|আগেরটা|ก่อนหน้า",
    re.IGNORECASE,
)
# reset words that open the new request rather than drop the old one ("instead", 换成, 代わりに): a clause
# with only these is part of what is asked now
INSTEAD = lazy_re.compile(
    r"instead|en (?:su )?lugar|en cambio|plutôt|à la place|stattdessen|invece|em vez|ao invés|in plaats"
    r"|bunun yerine|onun yerine|sebagai gantinya|thay vào đó|zamiast|вместо|замість|بدلا|במקום|به جای|แทน"
    r"|换成|改成|换个|代わりに|대신|말고|তার বদলে|এর বদলে|তার পরিবর্তে|এর পরিবর্তে|tar bodole|er bodole"
    r"|something else|new (?:image|picture|request|topic)|নতুন ছবি|notun chobi|नई तस्वीर|नई फोटो|naya photo"
    r"|nueva imagen|nouvelle image|neues bild|nova imagem|nuova immagine|nieuwe afbeelding|nowy obraz"
    r"|новое изображение|нове зображення|yeni resim|gambar baru|ảnh mới|新图|新しい画像|새 이미지|صورة جديدة"
    r"|تصویر جدید|תמונה חדשה|รูปใหม่"
    r"|different (?:image|picture|topic)|ganti aja",
    re.IGNORECASE,
)
