"""Reference and summary pairs in 28 languages, written for the ROUGE language tests and the
multilingual benchmark: news-like sentences with names, numbers, punctuation and a repeated
word or two, so that segmentation, stemming and n-gram counts all matter."""

from __future__ import annotations

import random

# (reference, summary) per language code; each pair shares some words, not all.
PAIRS: dict[str, list[tuple[str, str]]] = {
    "zh": [
        ("朝鲜驻古巴外交官李日奎已于去年11月叛逃到韩国，韩国统一部周二证实了这一消息。",
         "韩国证实，一名朝鲜外交官去年叛逃到首尔。"),
        ("北京大学的研究人员发现，城市里的年轻人越来越喜欢在网上购买新鲜蔬菜。",
         "研究发现年轻人喜欢网上买蔬菜"),
    ],
    "ja": [
        ("北朝鮮のキューバ駐在外交官が昨年11月に韓国へ亡命したと、韓国統一省が火曜日に明らかにした。",
         "北朝鮮の外交官が韓国に亡命した。"),
        ("東京大学の研究チームは、新しい電池を開発したと発表しました。充電は10分で終わります。",
         "東京大学が新しい電池を開発し、10分で充電できる。"),
    ],
    "th": [
        ("นักการทูตเกาหลีเหนือประจำคิวบาได้แปรพักตร์ไปเกาหลีใต้เมื่อเดือนพฤศจิกายนปีที่แล้ว",
         "นักการทูตเกาหลีเหนือแปรพักตร์ไปเกาหลีใต้"),
        ("รัฐบาลไทยประกาศแผนพัฒนาระบบรถไฟความเร็วสูง เชื่อมกรุงเทพฯ กับเชียงใหม่ ภายในปี 2030",
         "รัฐบาลประกาศแผนรถไฟความเร็วสูงไปเชียงใหม่"),
    ],
    "ko": [
        ("쿠바 주재 북한 외교관이 지난해 11월 한국으로 망명했다고 통일부가 화요일 밝혔다.",
         "북한 외교관이 한국으로 망명했다고 통일부가 밝혔다."),
        ("서울시는 2024년부터 대중교통 요금을 인상한다고 발표했다. 시민들의 반응은 엇갈렸다.",
         "서울시가 대중교통 요금 인상을 발표했다."),
    ],
    "hi": [
        ("क्यूबा में उत्तर कोरिया के राजनयिक ने पिछले साल नवंबर में दक्षिण कोरिया में शरण ली, मंत्रालय ने बताया।",
         "उत्तर कोरियाई राजनयिक ने दक्षिण कोरिया में शरण ली।"),
        ("लड़कियाँ स्कूलों में पढ़ाई कर रही हैं और सरकार नई योजनाएं चला रही है।",
         "सरकार की योजनाओं से लड़कियों की पढ़ाई बढ़ी।"),
    ],
    "bn": [
        ("কিউবায় নিযুক্ত উত্তর কোরিয়ার একজন কূটনীতিক গত নভেম্বরে দক্ষিণ কোরিয়ায় পালিয়ে গেছেন।",
         "উত্তর কোরিয়ার কূটনীতিক দক্ষিণ কোরিয়ায় পালিয়েছেন।"),
        ("ঢাকার রাস্তায় যানজট কমাতে সরকার নতুন মেট্রোরেল চালু করেছে, বলছেন কর্মকর্তারা।",
         "যানজট কমাতে ঢাকায় মেট্রোরেল চালু হয়েছে।"),
    ],
    "tr": [
        ("Kuzey Kore'nin Küba'daki diplomatı geçen Kasım ayında Güney Kore'ye sığındı, "
         "bakanlık Salı günü açıkladı.",
         "Kuzey Koreli diplomat Güney Kore'ye sığındı."),
        ("İstanbul'daki öğrenciler kitaplarını okuyorlar ve sınavlara hazırlanıyorlar.",
         "Öğrenciler sınavlar için kitap okuyor."),
    ],
    "ar": [
        ("أعلنت وزارة التوحيد الكورية الجنوبية يوم الثلاثاء أن دبلوماسيا كوريا شماليا في كوبا "
         "انشق ولجأ إلى الجنوب في نوفمبر الماضي.",
         "دبلوماسي كوري شمالي ينشق ويلجأ إلى كوريا الجنوبية."),
        ("قال المسؤولون إن المدارس الجديدة ستفتح أبوابها للطلاب في سبتمبر 2025.",
         "المدارس الجديدة تفتح للطلاب في سبتمبر."),
    ],
    "ru": [
        ("Северокорейский дипломат, работавший на Кубе, в ноябре прошлого года бежал в Южную "
         "Корею, сообщило министерство во вторник.",
         "Северокорейский дипломат бежал в Южную Корею."),
        ("Учёные Московского университета создали новые батареи, которые заряжаются за 10 минут.",
         "Московские учёные создали батарею, заряжающуюся за десять минут."),
    ],
    "uk": [
        ("Північнокорейський дипломат на Кубі втік до Південної Кореї минулого листопада, "
         "повідомило міністерство.",
         "Дипломат із Північної Кореї втік до Південної Кореї."),
        ("Київська влада оголосила про ремонт мостів і доріг у 2024 році.",
         "У Києві ремонтуватимуть мости та дороги."),
    ],
    "fr": [
        ("Un diplomate nord-coréen en poste à Cuba a fait défection vers la Corée du Sud en "
         "novembre dernier, a confirmé mardi le ministère.",
         "Un diplomate nord-coréen a fait défection vers le Sud."),
        ("Les chercheurs parisiens ont développé des batteries qui se rechargent en dix minutes.",
         "Des chercheurs développent une batterie rechargeable en dix minutes."),
    ],
    "de": [
        ("Ein nordkoreanischer Diplomat in Kuba ist im vergangenen November nach Südkorea "
         "übergelaufen, bestätigte das Ministerium am Dienstag.",
         "Nordkoreanischer Diplomat läuft nach Südkorea über."),
        ("Die Forscher der Universität München entwickelten neue Batterien für Elektroautos.",
         "Münchner Forscher entwickeln Batterien für Elektroautos."),
    ],
    "es": [
        ("Un diplomático norcoreano destinado en Cuba desertó a Corea del Sur en noviembre "
         "pasado, confirmó el ministerio el martes.",
         "Un diplomático norcoreano desertó a Corea del Sur."),
        ("Los investigadores madrileños desarrollaron baterías que se cargan en diez minutos.",
         "Investigadores desarrollan baterías que cargan en diez minutos."),
    ],
    "pt": [
        ("Um diplomata norte-coreano em Cuba desertou para a Coreia do Sul em novembro passado, "
         "confirmou o ministério na terça-feira.",
         "Diplomata norte-coreano deserta para a Coreia do Sul."),
        ("Os pesquisadores brasileiros criaram baterias que carregam em dez minutos.",
         "Pesquisadores criam bateria que carrega em dez minutos."),
    ],
    "it": [
        ("Un diplomatico nordcoreano in servizio a Cuba ha disertato in Corea del Sud lo scorso "
         "novembre, ha confermato martedì il ministero.",
         "Un diplomatico nordcoreano ha disertato in Corea del Sud."),
        ("I ricercatori milanesi hanno sviluppato batterie che si ricaricano in dieci minuti.",
         "Ricercatori sviluppano batterie ricaricabili in dieci minuti."),
    ],
    "nl": [
        ("Een Noord-Koreaanse diplomaat in Cuba is afgelopen november naar Zuid-Korea "
         "overgelopen, bevestigde het ministerie dinsdag.",
         "Noord-Koreaanse diplomaat loopt over naar Zuid-Korea."),
        ("De onderzoekers in Amsterdam ontwikkelden batterijen die in tien minuten opladen.",
         "Onderzoekers ontwikkelen batterijen die snel opladen."),
    ],
    "sv": [
        ("En nordkoreansk diplomat på Kuba hoppade av till Sydkorea i november förra året, "
         "bekräftade ministeriet på tisdagen.",
         "Nordkoreansk diplomat hoppade av till Sydkorea."),
        ("Forskarna i Stockholm utvecklade batterier som laddas på tio minuter.",
         "Forskare utvecklar batterier som laddas snabbt."),
    ],
    "da": [
        ("En nordkoreansk diplomat i Cuba hoppede af til Sydkorea i november sidste år, "
         "bekræftede ministeriet tirsdag.",
         "Nordkoreansk diplomat hoppede af til Sydkorea."),
        ("Forskerne i København udviklede batterier, der oplades på ti minutter.",
         "Forskere udvikler batterier, der oplades hurtigt."),
    ],
    "no": [
        ("En nordkoreansk diplomat på Cuba hoppet av til Sør-Korea i november i fjor, "
         "bekreftet departementet tirsdag.",
         "Nordkoreansk diplomat hoppet av til Sør-Korea."),
        ("Forskerne i Oslo utviklet batterier som lades på ti minutter.",
         "Forskere utvikler batterier som lades raskt."),
    ],
    "fi": [
        ("Pohjois-Korean Kuuban-diplomaatti loikkasi Etelä-Koreaan viime marraskuussa, "
         "ministeriö vahvisti tiistaina.",
         "Pohjoiskorealainen diplomaatti loikkasi Etelä-Koreaan."),
        ("Helsingin yliopiston tutkijat kehittivät akkuja, jotka latautuvat kymmenessä minuutissa.",
         "Tutkijat kehittivät nopeasti latautuvia akkuja."),
    ],
    "hu": [
        ("Egy kubai észak-koreai diplomata tavaly novemberben Dél-Koreába szökött, "
         "erősítette meg kedden a minisztérium.",
         "Észak-koreai diplomata szökött Dél-Koreába."),
        ("A budapesti kutatók olyan akkumulátorokat fejlesztettek, "
         "amelyek tíz perc alatt töltődnek.",
         "Kutatók gyorsan töltődő akkumulátorokat fejlesztettek."),
    ],
    "ro": [
        ("Un diplomat nord-coreean aflat în Cuba a dezertat în Coreea de Sud în noiembrie anul "
         "trecut, a confirmat marți ministerul.",
         "Un diplomat nord-coreean a dezertat în Coreea de Sud."),
        ("Cercetătorii din București au dezvoltat baterii care se încarcă în zece minute.",
         "Cercetătorii dezvoltă baterii care se încarcă rapid."),
    ],
    "fa": [
        ("یک دیپلمات کره شمالی در کوبا در نوامبر گذشته به کره جنوبی پناهنده شد، وزارتخانه روز "
         "سه‌شنبه تایید کرد.",
         "دیپلمات کره شمالی به کره جنوبی پناهنده شد."),
        ("پژوهشگران تهرانی باتری‌هایی ساختند که در ده دقیقه شارژ می‌شوند.",
         "پژوهشگران باتری سریع ساختند."),
    ],
    "ur": [
        ("کیوبا میں شمالی کوریا کے ایک سفارت کار نے گزشتہ نومبر جنوبی کوریا میں پناہ لی، "
         "وزارت نے تصدیق کی۔",
         "شمالی کوریا کے سفارت کار نے جنوبی کوریا میں پناہ لی۔"),
        ("لاہور کے طلبہ نے نئی لائبریری کا افتتاح کیا۔",
         "طلبہ نے لائبریری کا افتتاح کیا۔"),
    ],
    "vi": [
        ("Một nhà ngoại giao Triều Tiên tại Cuba đã đào tẩu sang Hàn Quốc vào tháng 11 năm "
         "ngoái, bộ xác nhận hôm thứ Ba.",
         "Nhà ngoại giao Triều Tiên đào tẩu sang Hàn Quốc."),
        ("Các nhà nghiên cứu Hà Nội đã phát triển pin sạc đầy trong mười phút.",
         "Nhà nghiên cứu phát triển pin sạc nhanh."),
    ],
    "ta": [
        ("கியூபாவில் உள்ள வட கொரிய தூதர் கடந்த நவம்பரில் தென் கொரியாவுக்கு "
         "தப்பிச் சென்றார் என்று அமைச்சகம் தெரிவித்தது.",
         "வட கொரிய தூதர் தென் கொரியாவுக்கு தப்பிச் சென்றார்."),
        ("சென்னை மாணவர்கள் புதிய நூலகத்தைத் திறந்தனர்.",
         "மாணவர்கள் நூலகத்தைத் திறந்தனர்."),
    ],
    "id": [
        ("Seorang diplomat Korea Utara di Kuba membelot ke Korea Selatan pada November lalu, "
         "kementerian mengonfirmasi pada hari Selasa.",
         "Diplomat Korea Utara membelot ke Korea Selatan."),
        ("Para peneliti Jakarta mengembangkan baterai yang terisi dalam sepuluh menit.",
         "Peneliti mengembangkan baterai yang cepat terisi."),
    ],
    "sw": [
        ("Mwanadiplomasia wa Korea Kaskazini nchini Cuba alikimbilia Korea Kusini mwezi Novemba "
         "mwaka jana, wizara ilithibitisha Jumanne.",
         "Mwanadiplomasia wa Korea Kaskazini alikimbilia Korea Kusini."),
        ("Watafiti wa Nairobi walitengeneza betri zinazojaa kwa dakika kumi.",
         "Watafiti walitengeneza betri zinazojaa haraka."),
    ],
}  # fmt: skip

#: Languages written without spaces between words: generated texts cut them by characters.
_UNSPACED = {"zh", "ja", "th"}
# Punctuation, digits, a no-break space, ideographs amid another script, a zero-width space
# (deleted: it joins), a vertical tab, and a capital whose lower case is two characters.
_NOISE = [",", ".", "!", "?", "«", "»", "“", "”", "(", ")", "—", "2024", "10%", "$5", "\u00a0",
          "漢字", "a\u200bb", "\x0b", "İstanbul"]  # fmt: skip


def _pieces(language: str, text: str) -> list[str]:
    if language in _UNSPACED:
        return [text[i : i + 3] for i in range(0, len(text), 3)]
    return text.split()


def generated_text(language: str, rng: random.Random, size: int) -> str:
    """``size`` pieces of the language's sentences (words; characters in threes where words
    are not spaced), drawn with replacement, one in ten swapped for noise (``_NOISE``)."""
    pieces = [p for pair in PAIRS[language] for text in pair for p in _pieces(language, text)]
    words = [rng.choice(pieces) if rng.random() > 0.1 else rng.choice(_NOISE)
             for _ in range(size)]  # fmt: skip
    return ("" if language in _UNSPACED else " ").join(words)


def generated_pairs(language: str, count: int, seed: int = 0) -> list[tuple[str, str]]:
    """``count`` (reference, summary) pairs of :func:`generated_text`: 8-40 pieces against
    3-20."""
    rng = random.Random(f"{language}-{seed}")
    return [
        (generated_text(language, rng, rng.randint(8, 40)),
         generated_text(language, rng, rng.randint(3, 20)))
        for _ in range(count)
    ]  # fmt: skip
