"""Demo translations of the home page, the protocol and the pupils-and-parents rule set
into Arabic, Turkish, Polish and Ukrainian: each Dutch segment (as wagtail-localize cuts
it) mapped to its translation. Prepared for the demo with machine assistance and due for
review by a native speaker: the loader marks them machine-translated, so every page says
so and links the binding Dutch text.
"""

DEMO_TRANSLATIONS: dict[str, dict[str, str]] = {
    "ar": {
        "Stichting Kalisto": "مؤسسة Kalisto",
        "kalisto": "kalisto-ar",
        (
            "Stichting Kalisto Boeiend Basisonderwijs! heeft protocollen en "
            "gedragsregels. Hier lees je ze."
        ): (
            "لدى Stichting Kalisto Boeiend Basisonderwijs!\u200e بروتوكولات وقواعد "
            "سلوك. يمكنك قراءتها هنا."
        ),
        "Protocol sociale media": "بروتوكول وسائل التواصل الاجتماعي",
        "protocol-sociale-media": "social-media-protocol-ar",
        (
            "Stichting Kalisto Boeiend Basisonderwijs! heeft een protocol voor het "
            "gebruik van sociale media. Daarbij horen gedragsregels voor leerlingen "
            "en ouders/verzorgers en voor medewerkers."
        ): (
            "لدى Stichting Kalisto Boeiend Basisonderwijs!\u200e بروتوكول لاستخدام "
            "وسائل التواصل الاجتماعي. وترتبط به قواعد السلوك للتلاميذ وأولياء "
            "الأمور، وقواعد السلوك للموظفين."
        ),
        "Gedragsregels gebruik social media voor leerlingen en ouders/verzorgers": (
            "قواعد السلوك لاستخدام وسائل التواصل الاجتماعي للتلاميذ وأولياء الأمور"
        ),
        "gedragsregels-leerlingen-ouders": "code-of-conduct-pupils-parents-ar",
        "Taalfouten in regel 10 verbeterd. De inhoud is niet veranderd.": (
            "تم تصحيح الأخطاء اللغوية في القاعدة 10. لم يتغير المحتوى."
        ),
        (
            "Je kent het Protocol sociale media van stichting Kalisto Boeiend "
            "Basisonderwijs! (zie www.kalisto-basisonderwijs.nl) dat ook voor jouw "
            "school geldt en je houdt je daaraan. Dat betekent ook dat je je houdt "
            "aan de volgende regels."
        ): (
            "أنت تعرف بروتوكول وسائل التواصل الاجتماعي لدى Stichting Kalisto "
            "Boeiend Basisonderwijs!\u200e (انظر www.kalisto-basisonderwijs.nl)، "
            "وهو يسري أيضًا على مدرستك، وأنت تلتزم به. وهذا يعني أيضًا أنك تلتزم "
            "بالقواعد التالية."
        ),
        (
            "Je handhaaft alle normaal geldende fatsoensnormen en wanneer je "
            "communiceert doe je dat met respect voor de school en de mensen die er "
            "leren en werken."
        ): (
            "تلتزم بجميع قواعد الأدب المعتادة، وعندما تتواصل مع الآخرين تفعل ذلك "
            "باحترام للمدرسة وللأشخاص الذين يتعلّمون ويعملون فيها."
        ),
        (
            "Je bent altijd persoonlijk verantwoordelijk voor wat je communiceert "
            "via de social media."
        ): "أنت دائمًا مسؤول شخصيًا عمّا تكتبه وتنشره عبر وسائل التواصل الاجتماعي.",
        (
            "Je realiseert je dat alles wat je communiceert via de social media nog "
            "heel lang vindbaar blijft."
        ): (
            "تدرك أن كل ما تكتبه وتنشره عبر وسائل التواصل الاجتماعي يمكن العثور "
            "عليه لمدة طويلة جدًا."
        ),
        (
            "Je mag via social media over school gerelateerde onderwerpen "
            "communiceren, zo lang het geen vertrouwelijke of persoonsgebonden "
            "informatie is en als de naam van school niet wordt geschaad."
        ): (
            "يُسمح لك بأن تكتب عبر وسائل التواصل الاجتماعي عن مواضيع تتعلق "
            "بالمدرسة، ما دامت المعلومات غير سرية وغير شخصية، وما دامت لا تضر بسمعة "
            "المدرسة."
        ),
        (
            "Je gaat niet in discussie met medewerkers van de school via de social "
            "media."
        ): "لا تدخل في نقاش مع موظفي المدرسة عبر وسائل التواصل الاجتماعي.",
        (
            "Je wordt geen “vrienden” met medewerkers van school via de social "
            "media voor school/stichting gerelateerde zaken."
        ): (
            "لا تصبح «صديقًا» لموظفي المدرسة على وسائل التواصل الاجتماعي في الأمور "
            "المتعلقة بالمدرسة أو بالمؤسسة."
        ),
        (
            "Je publiceert beeld- of geluidsmateriaal over schoolzaken alleen na "
            "toestemming van betrokkenen."
        ): (
            "لا تنشر صورًا أو مقاطع فيديو أو تسجيلات صوتية عن أمور المدرسة إلا بعد "
            "موافقة الأشخاص المعنيين."
        ),
        (
            "Je gebruikt social media in de les alleen wanneer dat functioneel is "
            "voor de les van dat moment met toestemming van de leerkracht."
        ): (
            "تستخدم وسائل التواصل الاجتماعي في الدرس فقط عندما تفيد الدرس في ذلك "
            "الوقت، وبإذن من المعلّم."
        ),
        (
            "Bij twijfel over juistheid, verantwoordelijkheid, vertrouwelijkheid "
            "etc. neem je contact op met de leerkracht."
        ): (
            "إذا كان لديك شك في الصحة أو المسؤولية أو السرية أو غير ذلك، فتواصل مع "
            "المعلّم."
        ),
        (
            "Bij overtreding van de regels bepaalt de schoolleiding of het bestuur "
            "daarover wordt geïnformeerd. Het hangt van de aard en de ernst van de "
            "overtreding af of de schoolleiding of het bestuur bepaalt welke "
            "sancties worden genomen; alle communicatie in dit opzicht wordt "
            "opgenomen in het leerlingdossier."
        ): (
            "إذا خالف أحدٌ القواعد، تقرر إدارة المدرسة هل يتم إبلاغ مجلس الإدارة "
            "بذلك. ويتوقف على نوع المخالفة ومدى خطورتها مَن يقرر العقوبات التي "
            "تُتخذ: إدارة المدرسة أو مجلس الإدارة. وتُحفظ كل المراسلات حول هذا "
            "الأمر في ملف التلميذ."
        ),
        "de leerkracht": "المعلّم",
    },
    "tr": {
        "Stichting Kalisto": "Kalisto Vakfı",
        "kalisto": "kalisto-tr",
        (
            "Stichting Kalisto Boeiend Basisonderwijs! heeft protocollen en "
            "gedragsregels. Hier lees je ze."
        ): (
            "Stichting Kalisto Boeiend Basisonderwijs! vakfının protokolleri ve "
            "davranış kuralları vardır. Bunları burada okuyabilirsiniz."
        ),
        "Protocol sociale media": "Sosyal medya protokolü",
        "protocol-sociale-media": "sosyal-medya-protokolu",
        (
            "Stichting Kalisto Boeiend Basisonderwijs! heeft een protocol voor het "
            "gebruik van sociale media. Daarbij horen gedragsregels voor leerlingen "
            "en ouders/verzorgers en voor medewerkers."
        ): (
            "Stichting Kalisto Boeiend Basisonderwijs! vakfının sosyal medya "
            "kullanımı için bir protokolü vardır. Bu protokolün yanında öğrenciler "
            "ve veliler için, ayrıca çalışanlar için davranış kuralları da vardır."
        ),
        "Gedragsregels gebruik social media voor leerlingen en ouders/verzorgers": (
            "Öğrenciler ve veliler için sosyal medya kullanımına ilişkin davranış "
            "kuralları"
        ),
        "gedragsregels-leerlingen-ouders": "davranis-kurallari-ogrenciler-veliler",
        "Taalfouten in regel 10 verbeterd. De inhoud is niet veranderd.": (
            "Kural 10'daki yazım hataları düzeltildi. İçerik değişmedi."
        ),
        (
            "Je kent het Protocol sociale media van stichting Kalisto Boeiend "
            "Basisonderwijs! (zie www.kalisto-basisonderwijs.nl) dat ook voor jouw "
            "school geldt en je houdt je daaraan. Dat betekent ook dat je je houdt "
            "aan de volgende regels."
        ): (
            "Stichting Kalisto Boeiend Basisonderwijs! vakfının sosyal medya "
            "protokolünü biliyorsunuz (www.kalisto-basisonderwijs.nl adresine "
            "bakın). Bu protokol sizin okulunuz için de geçerlidir ve siz ona "
            "uyarsınız. Bu, aşağıdaki kurallara da uyduğunuz anlamına gelir."
        ),
        (
            "Je handhaaft alle normaal geldende fatsoensnormen en wanneer je "
            "communiceert doe je dat met respect voor de school en de mensen die er "
            "leren en werken."
        ): (
            "Herkes için geçerli olan nezaket kurallarına uyarsınız. İletişim "
            "kurarken okula ve orada öğrenen ve çalışan insanlara saygı "
            "gösterirsiniz."
        ),
        (
            "Je bent altijd persoonlijk verantwoordelijk voor wat je communiceert "
            "via de social media."
        ): (
            "Sosyal medyada yazdığınız ve paylaştığınız her şeyden her zaman "
            "kişisel olarak siz sorumlusunuz."
        ),
        (
            "Je realiseert je dat alles wat je communiceert via de social media nog "
            "heel lang vindbaar blijft."
        ): (
            "Sosyal medyada yazdığınız ve paylaştığınız her şeyin çok uzun süre "
            "bulunabileceğinin farkındasınız."
        ),
        (
            "Je mag via social media over school gerelateerde onderwerpen "
            "communiceren, zo lang het geen vertrouwelijke of persoonsgebonden "
            "informatie is en als de naam van school niet wordt geschaad."
        ): (
            "Sosyal medyada okulla ilgili konular hakkında yazabilirsiniz. Ancak bu "
            "bilgiler gizli veya kişisel olmamalı ve okulun itibarına zarar "
            "vermemelidir."
        ),
        (
            "Je gaat niet in discussie met medewerkers van de school via de social "
            "media."
        ): "Okul çalışanlarıyla sosyal medyada tartışmaya girmezsiniz.",
        (
            "Je wordt geen “vrienden” met medewerkers van school via de social "
            "media voor school/stichting gerelateerde zaken."
        ): (
            "Okul veya vakıfla ilgili konular için okul çalışanlarıyla sosyal "
            "medyada “arkadaş” olmazsınız."
        ),
        (
            "Je publiceert beeld- of geluidsmateriaal over schoolzaken alleen na "
            "toestemming van betrokkenen."
        ): (
            "Okulla ilgili fotoğraf, video veya ses kayıtlarını yalnızca ilgili "
            "kişilerden izin aldıktan sonra paylaşırsınız."
        ),
        (
            "Je gebruikt social media in de les alleen wanneer dat functioneel is "
            "voor de les van dat moment met toestemming van de leerkracht."
        ): (
            "Derste sosyal medyayı yalnızca o anki ders için faydalı olduğunda ve "
            "öğretmenin izniyle kullanırsınız."
        ),
        (
            "Bij twijfel over juistheid, verantwoordelijkheid, vertrouwelijkheid "
            "etc. neem je contact op met de leerkracht."
        ): (
            "Doğruluk, sorumluluk, gizlilik vb. konularda emin değilseniz "
            "öğretmenle iletişime geçersiniz."
        ),
        (
            "Bij overtreding van de regels bepaalt de schoolleiding of het bestuur "
            "daarover wordt geïnformeerd. Het hangt van de aard en de ernst van de "
            "overtreding af of de schoolleiding of het bestuur bepaalt welke "
            "sancties worden genomen; alle communicatie in dit opzicht wordt "
            "opgenomen in het leerlingdossier."
        ): (
            "Kurallara uyulmadığında, okul yönetimi yönetim kuruluna bilgi verilip "
            "verilmeyeceğine karar verir. Hangi yaptırımların uygulanacağına okul "
            "yönetiminin mi yoksa yönetim kurulunun mu karar vereceği, ihlalin "
            "türüne ve ne kadar ciddi olduğuna bağlıdır. Bu konudaki tüm yazışmalar "
            "öğrencinin dosyasına konur."
        ),
        "de leerkracht": "öğretmen",
    },
    "pl": {
        "Stichting Kalisto": "Fundacja Kalisto",
        "kalisto": "kalisto-pl",
        (
            "Stichting Kalisto Boeiend Basisonderwijs! heeft protocollen en "
            "gedragsregels. Hier lees je ze."
        ): (
            "Stichting Kalisto Boeiend Basisonderwijs! ma procedury i zasady "
            "postępowania. Tutaj mogą je Państwo przeczytać."
        ),
        "Protocol sociale media": "Procedura dotycząca mediów społecznościowych",
        "protocol-sociale-media": "procedura-media-spolecznosciowe",
        (
            "Stichting Kalisto Boeiend Basisonderwijs! heeft een protocol voor het "
            "gebruik van sociale media. Daarbij horen gedragsregels voor leerlingen "
            "en ouders/verzorgers en voor medewerkers."
        ): (
            "Stichting Kalisto Boeiend Basisonderwijs! ma procedurę dotyczącą "
            "korzystania z mediów społecznościowych. Należą do niej zasady "
            "postępowania dla uczniów i rodziców/opiekunów oraz dla pracowników."
        ),
        "Gedragsregels gebruik social media voor leerlingen en ouders/verzorgers": (
            "Zasady postępowania przy korzystaniu z mediów społecznościowych dla "
            "uczniów i rodziców/opiekunów"
        ),
        "gedragsregels-leerlingen-ouders": "zasady-postepowania-uczniowie-rodzice",
        "Taalfouten in regel 10 verbeterd. De inhoud is niet veranderd.": (
            "Poprawiono błędy językowe w punkcie 10. Treść się nie zmieniła."
        ),
        (
            "Je kent het Protocol sociale media van stichting Kalisto Boeiend "
            "Basisonderwijs! (zie www.kalisto-basisonderwijs.nl) dat ook voor jouw "
            "school geldt en je houdt je daaraan. Dat betekent ook dat je je houdt "
            "aan de volgende regels."
        ): (
            "Znają Państwo procedurę dotyczącą mediów społecznościowych Stichting "
            "Kalisto Boeiend Basisonderwijs! (patrz: "
            "www.kalisto-basisonderwijs.nl), która obowiązuje także w Państwa "
            "szkole, i przestrzegają jej Państwo. Oznacza to także, że "
            "przestrzegają Państwo poniższych zasad."
        ),
        (
            "Je handhaaft alle normaal geldende fatsoensnormen en wanneer je "
            "communiceert doe je dat met respect voor de school en de mensen die er "
            "leren en werken."
        ): (
            "Przestrzegają Państwo ogólnie przyjętych zasad przyzwoitości. "
            "Porozumiewając się z innymi, okazują Państwo szacunek szkole oraz "
            "osobom, które się w niej uczą i pracują."
        ),
        (
            "Je bent altijd persoonlijk verantwoordelijk voor wat je communiceert "
            "via de social media."
        ): (
            "Zawsze ponoszą Państwo osobistą odpowiedzialność za wszystko, co piszą "
            "i publikują w mediach społecznościowych."
        ),
        (
            "Je realiseert je dat alles wat je communiceert via de social media nog "
            "heel lang vindbaar blijft."
        ): (
            "Mają Państwo świadomość, że wszystko, co piszą i publikują w mediach "
            "społecznościowych, można znaleźć jeszcze przez bardzo długi czas."
        ),
        (
            "Je mag via social media over school gerelateerde onderwerpen "
            "communiceren, zo lang het geen vertrouwelijke of persoonsgebonden "
            "informatie is en als de naam van school niet wordt geschaad."
        ): (
            "Mogą Państwo pisać w mediach społecznościowych o sprawach związanych "
            "ze szkołą, jeśli nie są to informacje poufne ani dane osobowe i jeśli "
            "nie szkodzi to dobremu imieniu szkoły."
        ),
        (
            "Je gaat niet in discussie met medewerkers van de school via de social "
            "media."
        ): (
            "Nie prowadzą Państwo dyskusji z pracownikami szkoły w mediach "
            "społecznościowych."
        ),
        (
            "Je wordt geen “vrienden” met medewerkers van school via de social "
            "media voor school/stichting gerelateerde zaken."
        ): (
            "W sprawach związanych ze szkołą lub fundacją nie dodają Państwo "
            "pracowników szkoły do „znajomych” w mediach społecznościowych."
        ),
        (
            "Je publiceert beeld- of geluidsmateriaal over schoolzaken alleen na "
            "toestemming van betrokkenen."
        ): (
            "Zdjęcia, filmy lub nagrania dźwiękowe dotyczące spraw szkolnych "
            "publikują Państwo tylko za zgodą osób, których one dotyczą."
        ),
        (
            "Je gebruikt social media in de les alleen wanneer dat functioneel is "
            "voor de les van dat moment met toestemming van de leerkracht."
        ): (
            "Z mediów społecznościowych na lekcji korzysta się tylko wtedy, gdy "
            "jest to przydatne na danej lekcji, i za zgodą nauczyciela."
        ),
        (
            "Bij twijfel over juistheid, verantwoordelijkheid, vertrouwelijkheid "
            "etc. neem je contact op met de leerkracht."
        ): (
            "W razie wątpliwości co do poprawności, odpowiedzialności, poufności "
            "itp. należy skontaktować się z nauczycielem."
        ),
        (
            "Bij overtreding van de regels bepaalt de schoolleiding of het bestuur "
            "daarover wordt geïnformeerd. Het hangt van de aard en de ernst van de "
            "overtreding af of de schoolleiding of het bestuur bepaalt welke "
            "sancties worden genomen; alle communicatie in dit opzicht wordt "
            "opgenomen in het leerlingdossier."
        ): (
            "W przypadku naruszenia zasad dyrekcja szkoły decyduje, czy "
            "poinformować o tym zarząd. Od rodzaju i wagi naruszenia zależy, kto "
            "decyduje o sankcjach: dyrekcja szkoły czy zarząd. Cała korespondencja "
            "w tej sprawie trafia do dokumentacji ucznia."
        ),
        "de leerkracht": "nauczyciel",
    },
    "uk": {
        "Stichting Kalisto": "Фонд Kalisto",
        "kalisto": "kalisto-uk",
        (
            "Stichting Kalisto Boeiend Basisonderwijs! heeft protocollen en "
            "gedragsregels. Hier lees je ze."
        ): (
            "У Stichting Kalisto Boeiend Basisonderwijs! є протоколи та правила "
            "поведінки. Тут ви можете їх прочитати."
        ),
        "Protocol sociale media": "Протокол щодо соціальних мереж",
        "protocol-sociale-media": "social-media-protocol-uk",
        (
            "Stichting Kalisto Boeiend Basisonderwijs! heeft een protocol voor het "
            "gebruik van sociale media. Daarbij horen gedragsregels voor leerlingen "
            "en ouders/verzorgers en voor medewerkers."
        ): (
            "У Stichting Kalisto Boeiend Basisonderwijs! є протокол щодо "
            "користування соціальними мережами. До нього належать правила поведінки "
            "для учнів і батьків/опікунів, а також для працівників."
        ),
        "Gedragsregels gebruik social media voor leerlingen en ouders/verzorgers": (
            "Правила поведінки в соціальних мережах для учнів і батьків/опікунів"
        ),
        "gedragsregels-leerlingen-ouders": "code-of-conduct-pupils-parents-uk",
        "Taalfouten in regel 10 verbeterd. De inhoud is niet veranderd.": (
            "Виправлено мовні помилки в правилі 10. Зміст не змінився."
        ),
        (
            "Je kent het Protocol sociale media van stichting Kalisto Boeiend "
            "Basisonderwijs! (zie www.kalisto-basisonderwijs.nl) dat ook voor jouw "
            "school geldt en je houdt je daaraan. Dat betekent ook dat je je houdt "
            "aan de volgende regels."
        ): (
            "Ви знаєте протокол щодо соціальних мереж Stichting Kalisto Boeiend "
            "Basisonderwijs! (див. www.kalisto-basisonderwijs.nl), який діє також у "
            "вашій школі, і ви його дотримуєтеся. Це також означає, що ви "
            "дотримуєтеся таких правил."
        ),
        (
            "Je handhaaft alle normaal geldende fatsoensnormen en wanneer je "
            "communiceert doe je dat met respect voor de school en de mensen die er "
            "leren en werken."
        ): (
            "Ви дотримуєтеся загальноприйнятих норм пристойності. Коли ви "
            "спілкуєтеся, ви робите це з повагою до школи та до людей, які в ній "
            "навчаються і працюють."
        ),
        (
            "Je bent altijd persoonlijk verantwoordelijk voor wat je communiceert "
            "via de social media."
        ): (
            "Ви завжди особисто відповідаєте за те, що пишете й публікуєте в "
            "соціальних мережах."
        ),
        (
            "Je realiseert je dat alles wat je communiceert via de social media nog "
            "heel lang vindbaar blijft."
        ): (
            "Ви розумієте, що все, що ви пишете й публікуєте в соціальних мережах, "
            "можна знайти ще дуже довго."
        ),
        (
            "Je mag via social media over school gerelateerde onderwerpen "
            "communiceren, zo lang het geen vertrouwelijke of persoonsgebonden "
            "informatie is en als de naam van school niet wordt geschaad."
        ): (
            "Ви можете писати в соціальних мережах на теми, пов’язані зі школою, "
            "якщо це не конфіденційна чи особиста інформація і якщо це не шкодить "
            "репутації школи."
        ),
        (
            "Je gaat niet in discussie met medewerkers van de school via de social "
            "media."
        ): "Ви не сперечаєтеся з працівниками школи в соціальних мережах.",
        (
            "Je wordt geen “vrienden” met medewerkers van school via de social "
            "media voor school/stichting gerelateerde zaken."
        ): (
            "Ви не стаєте «друзями» працівників школи в соціальних мережах у "
            "справах, пов’язаних зі школою чи фондом."
        ),
        (
            "Je publiceert beeld- of geluidsmateriaal over schoolzaken alleen na "
            "toestemming van betrokkenen."
        ): (
            "Ви публікуєте фото, відео чи аудіозаписи про шкільні справи лише за "
            "згодою людей, яких це стосується."
        ),
        (
            "Je gebruikt social media in de les alleen wanneer dat functioneel is "
            "voor de les van dat moment met toestemming van de leerkracht."
        ): (
            "Ви користуєтеся соціальними мережами на уроці лише тоді, коли це "
            "потрібно для цього уроку, і з дозволу вчителя."
        ),
        (
            "Bij twijfel over juistheid, verantwoordelijkheid, vertrouwelijkheid "
            "etc. neem je contact op met de leerkracht."
        ): (
            "Якщо ви сумніваєтеся щодо правильності, відповідальності, "
            "конфіденційності тощо, ви звертаєтеся до вчителя."
        ),
        (
            "Bij overtreding van de regels bepaalt de schoolleiding of het bestuur "
            "daarover wordt geïnformeerd. Het hangt van de aard en de ernst van de "
            "overtreding af of de schoolleiding of het bestuur bepaalt welke "
            "sancties worden genomen; alle communicatie in dit opzicht wordt "
            "opgenomen in het leerlingdossier."
        ): (
            "У разі порушення правил керівництво школи вирішує, чи повідомляти про "
            "це правління. Від характеру та серйозності порушення залежить, хто "
            "вирішує, які санкції застосувати: керівництво школи чи правління. Усі "
            "повідомлення з цього приводу додаються до особової справи учня."
        ),
        "de leerkracht": "вчитель",
    },
}
