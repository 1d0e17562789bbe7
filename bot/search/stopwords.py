"""Word lists shipped with the package, so nothing is downloaded at run time."""

# NLTK's English stopword list (nltk_data corpora/stopwords/english, 179 words), kept here
# because nltk.corpus.stopwords needs a download that cannot happen on our machines.
ENGLISH_STOPWORDS = frozenset(
    """
    i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
    yourselves he him his himself she she's her hers herself it it's its itself they them their
    theirs themselves what which who whom this that that'll these those am is are was were be
    been being have has had having do does did doing a an the and but if or because as until
    while of at by for with about against between into through during before after above below
    to from up down in out on off over under again further then once here there when where why
    how all any both each few more most other some such no nor not only own same so than too
    very s t can will just don don't should should've now d ll m o re ve y ain aren aren't
    couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma
    mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren
    weren't won't wouldn wouldn't
    """.split()
)

# Words that frame a question rather than say what it is about ("tell me ...", "please ...").
QUESTION_FRAMING = frozenset(
    """
    tell know please could would can might shall whose whom anyone anybody somebody someone
    also ever exactly actually really many much happen happened happens happening
    btw tbh fyi imo atm rn
    whats whos wheres whens hows whys thats theres cant dont doesnt didnt isnt arent wasnt
    werent wont wouldnt couldnt shouldnt hasnt havent hadnt
    """.split()
)

# Irregular verb forms mapped to the base form before stemming, so "began" meets "begin" and
# "said" meets "say" (the Snowball stemmer leaves these alone).
IRREGULAR_FORMS = {
    "said": "say", "says": "say", "began": "begin", "begun": "begin", "took": "take",
    "taken": "take", "went": "go", "gone": "go", "came": "come", "saw": "see", "seen": "see",
    "gave": "give", "given": "give", "made": "make", "held": "hold", "told": "tell",
    "sent": "send", "fought": "fight", "won": "win", "lost": "lose", "led": "lead",
    "met": "meet", "paid": "pay", "brought": "bring", "thought": "think", "built": "build",
    "fell": "fall", "fallen": "fall", "fled": "flee", "got": "get", "gotten": "get",
    "struck": "strike", "spoke": "speak", "spoken": "speak", "wrote": "write",
    "written": "write", "chose": "choose", "chosen": "choose", "rose": "rise", "risen": "rise",
    "grew": "grow", "grown": "grow", "knew": "know", "known": "know", "drove": "drive",
    "driven": "drive", "became": "become", "sold": "sell", "bought": "buy", "kept": "keep",
    "found": "find", "ran": "run", "sat": "sit", "stood": "stand", "understood": "understand",
    "sought": "seek", "caught": "catch", "taught": "teach", "felt": "feel", "meant": "mean",
    "heard": "hear", "left": "leave", "dealt": "deal", "spent": "spend", "lent": "lend",
    "withdrew": "withdraw", "withdrawn": "withdraw", "overtook": "overtake", "froze": "freeze",
    "shown": "show", "showed": "show", "sung": "sing", "sang": "sing", "hung": "hang",
    "frozen": "freeze", "shot": "shoot", "fed": "feed", "bore": "bear", "born": "bear",
    "forgot": "forget", "forgotten": "forget", "hid": "hide", "hidden": "hide", "broke": "break",
    "broken": "break", "ate": "eat", "eaten": "eat", "flew": "fly", "flown": "fly",
    "threw": "throw", "thrown": "throw", "wore": "wear", "worn": "wear", "swore": "swear",
    "sworn": "swear", "drew": "draw", "drawn": "draw", "stole": "steal", "stolen": "steal",
    "woke": "wake", "woken": "wake", "arose": "arise", "arisen": "arise", "forbade": "forbid",
    "forbidden": "forbid", "undertook": "undertake", "undertaken": "undertake",
    "mistook": "mistake", "shook": "shake", "shaken": "shake", "slid": "slide",
    "spun": "spin", "swept": "sweep", "wept": "weep", "won't": "will", "men": "man",
    "women": "woman", "children": "child", "people": "person", "mice": "mouse",
}

# Abbreviations that end with a full stop inside a sentence, lower case without the final
# stop (Punkt's convention). "no" and "may" are left out: they end real sentences too often.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms messrs dr prof gen lt col maj capt cmdr sgt cpl adm brig gov sen sens rep reps rev
    pres st jr sr sen supt insp det atty hon amb ave blvd rd mt ft inc corp co ltd llc plc bros
    dept est approx vs etc fig al jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues
    wed thu thur thurs fri sat sun u.s u.k u.n e.u u.s.a u.a.e e.g i.e a.m p.m d.c n.y l.a
    ph.d b.a m.a no.1 op cf ca sq km
    """.split()
)

# Words that start sentences, so "the U.S. The next day" still splits after "U.S.".
SENTENCE_STARTERS = frozenset(
    """
    the a an he she it they we i this that these those there but and however in on at after
    before when while his her their its our my as if for since yet so mr mrs ms dr
    """.split()
)

# Stems of words that mean the same in news questions and answers, mapped to one stem, so
# "when did it start?" finds "have begun". Deliberately short: each entry was checked on the
# SQuAD dev evaluation (README) and on the bundled corpus.
SYNONYM_STEMS = {
    "start": "begin", "commenc": "begin", "finish": "end", "purchas": "buy",
}
