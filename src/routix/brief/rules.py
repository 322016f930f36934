"""Keyword rules: strong, explainable evidence layered on top of embedding similarity.

Every table maps a label to regular-expression fragments matched case-insensitively as whole
words (not preceded or followed by a letter, digit or underscore). ``KeywordTable.hits``
reports, per label, the distinct words found and where the first one is, so callers can boost
scores and keep mention order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "gaming": (
        r"gam(?:e|es|er|ers|ing|eplay)", r"fortnite", r"minecraft", r"roblox", r"valorant", r"warzone",
        r"call of duty", r"cod", r"gta", r"apex legends", r"league of legends", r"esports?", r"speedrun\w*",
        r"boss fights?", r"controller", r"ps5", r"xbox", r"nintendo", r"elden ring", r"zelda", r"pok[eé]mon",
        r"let'?s play", r"victory royale", r"twitch", r"steam deck", r"noob", r"pvp", r"fps",
        r"clutch", r"1v1", r"ranked", r"mario", r"sonic", r"halo", r"overwatch", r"counter-?strike", r"cs2",
        r"skyrim", r"fifa", r"rocket league", r"among us", r"hardcore", r"pro players?", r"aim", r"boss",
    ),
    "tech": (
        r"tech", r"technology", r"iphone\w*", r"android", r"smartphones?", r"phones?", r"laptops?", r"macbook\w*",
        r"gpus?", r"cpus?", r"gadgets?", r"unboxing", r"ai", r"chatgpt", r"apps?", r"software", r"samsung",
        r"pixel \d+", r"specs", r"robots?", r"vr headset", r"smartwatch", r"pc build",
        r"cameras?", r"battery", r"chips?", r"processors?", r"keyboards?", r"monitors?", r"galaxy s\d+",
        r"earbuds", r"airpods", r"tablets?", r"ipad\w*", r"computers?", r"pc", r"electric cars?",
    ),
    "vlog": (
        r"vlogs?", r"vlogging", r"day in (?:my|the) life", r"morning routine", r"night routine", r"storytime",
        r"life update", r"my week", r"moving (?:out|house|in)", r"weekend", r"my family", r"girlfriend",
        r"boyfriend", r"diary", r"24 hours",
        r"days? off", r"with me", r"spend (?:a|the) day", r"my life", r"life as an?", r"roommates?",
        r"(?:apartment|house|room) tour", r"sunday", r"saturday", r"week in my life", r"we moved",
    ),
    "tutorial": (
        r"tutorials?", r"how to", r"how-to", r"step by step", r"guide", r"beginners?", r"tips", r"diy",
        r"set ?up", r"install\w*", r"walkthrough", r"photoshop", r"excel", r"blender", r"premiere pro",
        r"learn how",
        r"learn(?:ing)? (?:to|how)", r"in \d+ (?:minutes|seconds|steps)", r"easy way", r"course", r"masterclass",
        r"\d+ ways to", r"for dummies", r"from (?:zero|scratch)", r"explained step",
    ),
    "reaction": (
        r"react(?:s|ing|ion|ions)?", r"first time (?:watching|hearing|listening|seeing)", r"shocked", r"can'?t believe",
        r"jaw drop\w*", r"omg", r"reacts? to",
        r"for the first time", r"my reaction", r"responding to", r"roasting", r"rating your",
    ),
    "podcast": (
        r"podcasts?", r"episodes?", r"ep\.? ?\d+", r"guests?", r"interviews?", r"hosts?", r"talk show",
        r"sit-?down", r"conversation",
        r"season \d+", r"our show", r"the show", r"co-?hosts?", r"deep (?:talk|conversation)s?", r"pod",
    ),
    "finance": (
        r"financ\w*", r"money", r"stocks?", r"stock market", r"crypto\w*", r"bitcoin", r"ethereum", r"invest\w*",
        r"budget\w*", r"income", r"salary", r"rich", r"millionaires?", r"side hustles?", r"debt", r"savings?",
        r"real estate", r"trading", r"dividends?", r"wealth", r"passive income", r"retire\w*", r"taxes",
        r"rental", r"propert(?:y|ies)", r"landlord", r"mortgage", r"loans?", r"credit (?:card|score)s?",
        r"paychecks?", r"401k", r"roth", r"index funds?", r"etfs?", r"net worth", r"profit\w*", r"revenue",
        r"bills?", r"rent or buy", r"prices?",
        r"\$\d[\d,.]*k?",
    ),
    "fitness": (
        r"fitness", r"workouts?", r"gym", r"exercis\w*", r"abs", r"muscles?", r"weight loss", r"lose weight",
        r"fat loss", r"bodybuild\w*", r"cardio", r"yoga", r"marathon", r"push-?ups", r"squats?", r"protein",
        r"calisthenics", r"lifting", r"deadlifts?", r"bench press", r"hiit",
        r"pull-?ups?", r"chin-?ups?", r"leg day", r"reps", r"hypertrophy", r"shredded", r"bulk(?:ing)?",
        r"stretch(?:es|ing)?", r"pilates", r"crossfit", r"running", r"\d+k run", r"athletes?", r"six pack",
    ),
    "travel": (
        r"travel\w*", r"trips?", r"vacation", r"holiday", r"backpack\w*", r"flights?", r"hotels?", r"airbnb",
        r"destinations?", r"abroad", r"road trip", r"tour", r"passport", r"japan", r"tokyo", r"paris",
        r"bali", r"italy", r"thailand", r"iceland", r"europe", r"new york", r"dubai",
        r"visit\w*", r"things to do in", r"explor\w*", r"itinerary", r"countries", r"abroad", r"lisbon",
        r"london", r"rome", r"barcelona", r"mexico", r"vietnam", r"korea", r"seoul", r"greece", r"norway",
        r"peru", r"morocco", r"egypt", r"india", r"new zealand", r"australia", r"hawaii", r"switzerland",
        r"maldives", r"santorini", r"kyoto", r"amsterdam", r"prague", r"istanbul", r"van ?life",
    ),
    "food": (
        r"food", r"recipes?", r"cook\w*", r"bak(?:e|ing|ed)", r"kitchen", r"chef", r"meals?", r"dinner",
        r"lunch", r"breakfast", r"pizza", r"burgers?", r"pasta", r"sushi", r"desserts?", r"cakes?",
        r"taste test", r"mukbang", r"restaurants?", r"street food", r"vegan", r"snacks?", r"ramen",
        r"eat(?:ing)?", r"what i eat", r"tasty", r"delicious", r"spicy", r"bbq", r"grill\w*", r"steak",
        r"chicken", r"noodles", r"cookies?", r"bread", r"sourdough", r"fries", r"smash burgers?", r"menu",
    ),
    "education": (
        r"explain\w*", r"history", r"maths?", r"lessons?",
        r"study", r"students?", r"exams?", r"school", r"university", r"facts", r"documentary",
        r"educational", r"lecture",
        r"how does", r"why (?:is|do|does|are|did)", r"what is", r"history of",
        r"theory", r"ancient", r"empire", r"geography", r"grammar", r"languages?", r"smarter",
    ),
    "horror": (
        r"horror", r"scary", r"creepy", r"creepypastas?", r"haunted", r"ghosts?", r"paranormal", r"demons?",
        r"possess(?:ed|ion)", r"exorcis\w*", r"cursed", r"nightmares?", r"zombies?", r"serial killers?",
        r"true crime", r"murders?", r"3 ?am", r"spooky", r"terrifying", r"disturbing", r"halloween",
        r"monsters?", r"asylum", r"cryptids?", r"skinwalkers?", r"urban legends?", r"slasher", r"poltergeist",
    ),
    "science": (
        r"science", r"scien\w+", r"space", r"nasa", r"spacex", r"rockets?", r"planets?", r"galax\w*",
        r"universe", r"astronom\w*", r"astronauts?", r"black holes?", r"mars", r"moon landing", r"telescopes?",
        r"james webb", r"physics", r"chemistry", r"biology", r"quantum", r"dna", r"evolution",
        r"experiments?", r"labs?", r"atoms?", r"molecules?", r"cosmos", r"solar system", r"asteroids?",
        r"comets?", r"nebula\w*", r"big bang", r"dinosaurs?", r"fossils?", r"elements?", r"periodic table",
        r"the science of", r"neuroscience", r"volcano\w*", r"supernova\w*",
    ),
    "wellness": (
        r"meditat\w*", r"mindful\w*", r"wellness", r"well-?being", r"self[- ]care", r"sleep\w*", r"insomnia",
        r"breath\w*", r"anxiety", r"stress", r"mental health", r"journal\w*", r"gratitude", r"affirmations?",
        r"healing", r"spa", r"yoga nidra", r"calm your mind", r"therapy", r"burn-?out", r"detox",
        r"slow living", r"healthy habits?", r"relaxation", r"mindset", r"inner peace", r"bedtime",
    ),
    "news": (
        r"news", r"breaking", r"headlines?", r"politic\w*", r"elections?", r"announc\w*", r"scandal",
        r"controvers\w*", r"just happened", r"lawsuit", r"reported", r"president", r"government",
        r"summit", r"laws?", r"bill", r"war", r"protest\w*", r"court", r"ceasefire", r"senate",
        r"congress", r"ministers?", r"layoffs?", r"earthquake", r"latest updates?",
    ),
    "music": (
        r"music", r"songs?", r"albums?", r"beats?", r"lo-?fi", r"hip hop", r"rap", r"rappers?", r"singers?",
        r"band", r"guitar", r"piano", r"drums?", r"dj", r"concert", r"producer", r"playlist", r"remix",
        r"music video", r"mixtape", r"vocals?",
        r"tracks?", r"synth\w*", r"producing", r"melod\w*", r"chords?", r"ukulele", r"violin",
        r"sing(?:ing)?", r"karaoke", r"lyrics", r"(?:piano|guitar|acoustic) covers?", r"new single",
    ),
    "beauty": (
        r"makeup", r"make-up", r"skincare", r"skin care", r"beauty", r"cosmetics", r"lipstick", r"eyeshadow",
        r"foundation", r"mascara", r"nails?", r"hairstyles?", r"haircut", r"fashion", r"outfits?", r"grwm",
        r"get ready with me", r"glow up", r"haul",
        r"hair\w*", r"curly", r"frizz\w*", r"perfume", r"skin", r"acne", r"lashes", r"brows", r"manicure",
        r"wigs?", r"bridal", r"glam", r"nail art",
    ),
}

MOOD_KEYWORDS: dict[str, tuple[str, ...]] = {
    "energetic": (
        r"hype\w*", r"energetic", r"high energy", r"exciting", r"explosive", r"explosions?", r"action", r"insane",
        r"crazy", r"intense", r"fast", r"wild", r"extreme", r"adrenaline",
    ),
    "dramatic": (
        r"dramatic", r"drama", r"shocking", r"danger\w*", r"high stakes", r"tension", r"betray\w*", r"exposed",
    ),
    "playful": (
        r"fun", r"funny", r"playful", r"silly", r"cute", r"goofy", r"cartoon\w*", r"comedy", r"pranks?", r"memes?",
        r"colou?rful",
    ),
    "calm": (
        r"calm\w*", r"chill", r"relax\w*", r"peaceful", r"quiet", r"soft", r"gentle", r"minimal\w*", r"serene",
        r"sooth\w*", r"lo-?fi", r"meditat\w*", r"zen", r"sleep", r"mindful\w*", r"bedtime",
    ),
    "serious": (r"serious", r"professional", r"informative", r"analysis", r"expert", r"corporate", r"formal"),
    "mysterious": (
        r"myster\w*", r"dark", r"moody", r"eerie", r"creepy", r"spooky", r"horror", r"secrets?", r"unsolved",
        r"haunted", r"ghosts?", r"unknown",
    ),
    "inspiring": (r"inspir\w*", r"motivat\w*", r"uplifting", r"success\w*", r"dreams?", r"journey", r"transformation"),
    "cozy": (
        r"cozy", r"cosy", r"warm", r"autumn", r"comfy", r"comforting", r"wholesome", r"homey", r"hygge", r"rainy day",
    ),
}

STYLE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "bold": (r"bold", r"loud", r"big text", r"punchy", r"high contrast", r"eye-?catching", r"vibrant"),
    "neon": (r"neon", r"cyberpunk", r"synthwave", r"glow\w*", r"futuristic"),
    "cinematic": (r"cinematic", r"movie", r"film", r"trailer", r"poster"),
    "minimal": (r"minimal\w*", r"simple", r"white space", r"flat"),
    "retro": (r"retro", r"vintage", r"80s", r"90s", r"old school", r"pixel art", r"vhs", r"nostalgi\w*", r"arcade"),
    "clean": (r"clean", r"professional", r"sleek", r"modern", r"corporate", r"polished"),
    "comic": (r"comic\w*", r"cartoon\w*", r"pop art", r"manga", r"anime", r"halftone", r"doodle\w*", r"illustrated"),
    "luxury": (r"luxur\w*", r"premium", r"elegant", r"gold(?:en)?", r"classy", r"glamorous", r"expensive", r"high-end"),
}

ELEMENT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "explosions": (r"explosions?", r"explod\w*", r"blasts?", r"boom", r"kaboom"),
    "fire": (r"fire", r"flames?", r"burning", r"blazing", r"inferno", r"lava"),
    "lightning": (r"lightning", r"thunder\w*", r"electric\w*", r"storms?"),
    "smoke": (r"smoke", r"smoky", r"fog", r"mist"),
    "neon": (r"neon", r"glowing lights?", r"cyberpunk"),
    "money": (r"money", r"cash", r"dollars?", r"coins?", r"millionaires?"),
    "charts": (r"charts?", r"graphs?", r"stocks?", r"stock market", r"trading"),
    "gadgets": (r"phones?", r"iphone\w*", r"smartphones?", r"laptops?", r"gadgets?", r"tablets?", r"computers?"),
    "code": (r"code", r"coding", r"programming", r"programmers?", r"python", r"javascript"),
    "weapons": (r"guns?", r"swords?", r"weapons?", r"rifles?", r"snipers?"),
    "trophy": (r"troph(?:y|ies)", r"medals?", r"winners?", r"victory", r"champions?", r"first place"),
    "food": (r"burgers?", r"pizza", r"cakes?", r"pasta", r"sushi", r"desserts?", r"ramen", r"tacos?"),
    "nature": (r"nature", r"forests?", r"trees", r"flowers", r"jungle", r"garden"),
    "mountains": (r"mountains?", r"hiking", r"peaks?", r"alps"),
    "ocean": (r"ocean", r"beach(?:es)?", r"sea", r"waves", r"island", r"tropical", r"underwater"),
    "city": (r"city", r"skyline", r"skyscrapers?", r"downtown", r"streets"),
    "space": (r"space", r"planets?", r"galax\w*", r"rockets?", r"astronauts?", r"nasa", r"moon", r"mars"),
    "microphone": (r"microphones?", r"mics?"),
    "headphones": (r"headphones", r"music notes", r"speakers"),
    "weights": (r"dumbbells?", r"barbells?", r"weights"),
    "books": (r"books?", r"notebooks?", r"textbooks?"),
    "sparkles": (r"sparkl\w*", r"glitter", r"shiny"),
    "arrows": (r"arrows?", r"circled", r"pointing"),
    "hearts": (r"hearts?", r"valentine\w*"),
    "skull": (r"skulls?", r"skeletons?", r"zombies?"),
    "cars": (r"cars?", r"supercars?", r"racing", r"lamborghini", r"ferrari", r"drift\w*"),
}

#: Words that raise energy by one step each (distinct words, at most +3).
INTENSE_WORDS = (
    r"insane", r"crazy", r"epic", r"extreme", r"hype\w*", r"explosive", r"explosions?", r"fire", r"flames?", r"intense",
    r"massive", r"huge", r"ultimate", r"wild", r"fast", r"loud", r"action", r"shocking", r"chaos", r"destroy\w*",
    r"high energy", r"energetic",
)
#: Words that lower energy by one step each (distinct words, at most -3).
QUIET_WORDS = (
    r"calm\w*", r"chill", r"minimal\w*", r"soft", r"quiet", r"gentle", r"relax\w*", r"peaceful", r"subtle",
    r"slow", r"cozy", r"cosy", r"serene", r"sooth\w*", r"muted",
)
#: Base energy (1..10) of each mood before intensity words, "!" and capitals.
MOOD_ENERGY: dict[str, int] = {
    "energetic": 8, "dramatic": 7, "playful": 6, "inspiring": 6,
    "mysterious": 5, "serious": 4, "cozy": 3, "calm": 3,
}

_SQUARE = re.compile(
    r"\b(?:square|1:1|3000\s*x\s*3000|album (?:art|artwork|cover)|cover art|spotify|apple podcasts?"
    r"|podcast (?:cover|art|artwork|logo|image|tile))\b"
    r"|\bcover\b.*\b(?:podcast|album|episode)\b|\b(?:podcast|album|episode)\b.*\bcover\b",
    re.IGNORECASE,
)
_YOUTUBE = re.compile(r"\b(?:youtube|yt|16:9)\b", re.IGNORECASE)
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
#: Capitalised words that are names, not shouting.
_ACRONYMS = frozenset(
    {"GTA", "GPU", "CPU", "NASA", "DIY", "POV", "USA", "CEO", "FPS", "PVP", "RGB", "HDR", "NBA", "NFL",
     "UFC", "ASMR", "GRWM", "HIIT", "PS5", "ETF", "NFT", "BTC", "ETH", "SEO", "FAQ", "VHS", "LOL", "OMG"}
)


def _compile(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Hits:
    """Distinct matched words of one label and the position of the first one (characters)."""

    words: tuple[str, ...]
    first: int


class KeywordTable:
    """A compiled label -> keywords table. ``hits(text)`` finds each label's matches."""

    def __init__(self, table: dict[str, tuple[str, ...]]) -> None:
        self._patterns = {label: _compile(words) for label, words in table.items()}

    def hits(self, text: str) -> dict[str, Hits]:
        """Labels with at least one keyword in ``text`` -> their ``Hits``."""
        out: dict[str, Hits] = {}
        for label, pattern in self._patterns.items():
            matches = list(pattern.finditer(text))
            if matches:
                words = tuple(dict.fromkeys(m.group(0).lower() for m in matches))
                out[label] = Hits(words, matches[0].start())
        return out


CATEGORY_RULES = KeywordTable(CATEGORY_KEYWORDS)
MOOD_RULES = KeywordTable(MOOD_KEYWORDS)
STYLE_RULES = KeywordTable(STYLE_KEYWORDS)
ELEMENT_RULES = KeywordTable(ELEMENT_KEYWORDS)
_INTENSE = _compile(INTENSE_WORDS)
_QUIET = _compile(QUIET_WORDS)


def energy(mood: str, text: str, *, loud_text: str | None = None) -> int:
    """Energy 1 (calm) .. 10 (explosive).

    ``MOOD_ENERGY[mood]`` + 1 per distinct intensity word (max +3) - 1 per distinct quiet word
    (max -3) + 1 per "!" (max +2) + 1 per ALL-CAPS word of 3+ letters that is not a known
    acronym (max +2), clamped to 1..10.
    ``loud_text`` (default ``text``) is where "!" and capitals are counted; pass the prompt
    without its title so a shouted title does not count as an energetic request.
    """
    loud = text if loud_text is None else loud_text
    up = len({m.group(0).lower() for m in _INTENSE.finditer(text)})
    down = len({m.group(0).lower() for m in _QUIET.finditer(text)})
    value = MOOD_ENERGY[mood] + min(up, 3) - min(down, 3)
    shouted = [w for w in _CAPS_WORD.findall(loud) if w not in _ACRONYMS]
    value += min(loud.count("!"), 2) + min(len(shouted), 2)
    return max(1, min(10, value))


def wants_square(text: str) -> bool:
    """True when ``text`` asks for a square cover (podcast cover, album art, 1:1, Spotify ...)
    and does not name YouTube or 16:9."""
    return bool(_SQUARE.search(text)) and not _YOUTUBE.search(text)
