"""Natural-language descriptions of every Brief label, embedded once and matched by cosine.

Each label has 2-4 descriptions in the words creators use; a prompt's score for a label is
its best cosine against that label's descriptions. ``VISUAL_ELEMENTS`` is the vocabulary of
``Brief.visual_elements`` the offline planner emits.
"""

from __future__ import annotations

CATEGORY_TEXTS: dict[str, tuple[str, ...]] = {
    "gaming": (
        "video game gameplay thumbnail, esports, fortnite, minecraft, call of duty, roblox",
        "gamer with a controller, boss fight, speedrun, winning a match, let's play",
        "streamer playing a new game on PC or console, ranked, victory royale",
        "survival mode build, crafting, open world, multiplayer clips, snipes and headshots",
    ),
    "tech": (
        "technology review of a new smartphone, laptop or gadget, unboxing",
        "tech news about AI, computers, chips, software and apps",
        "comparing phones, gpus and headphones, specs and benchmarks",
        "smart home, home server, raspberry pi, handheld pc, setup tour, future technology",
    ),
    "vlog": (
        "daily vlog, a day in my life, my morning routine",
        "personal story video, moving house, life update, storytime with friends and family",
        "vlogger filming their week, trying something new, challenge with friends",
        "wedding, birthday party, family trip, hanging out with friends, new baby, personal milestone",
    ),
    "tutorial": (
        "step by step how-to tutorial, learn to do it yourself",
        "beginner guide, tips and tricks, how to edit in photoshop or excel",
        "walkthrough showing how to fix, build or set up something, DIY",
        "design tricks in canva, productivity software lessons, learn a skill fast, hacks that work",
    ),
    "reaction": (
        "reacting to a video, shocked face reaction, first time watching",
        "my honest reaction to a trailer, meme or viral clip, react video",
        "surprised expression, can't believe what happened, jaw drop",
        "rating and ranking my viewers' submissions, reviewing fan content, judging setups",
    ),
    "podcast": (
        "podcast episode cover art with host and guest, interview, conversation",
        "talk show discussion, two people with microphones, full episode",
        "audio show artwork for spotify and apple podcasts",
        "true crime podcast, comedy podcast, business podcast artwork, weekly show",
    ),
    "finance": (
        "personal finance, making money, investing in stocks and crypto",
        "stock market, bitcoin, passive income, budgeting, getting rich",
        "business, side hustle, saving money, debt, real estate, wealth",
        "how much a creator earns, salary reveal, buying a house, net worth, economy",
    ),
    "fitness": (
        "workout at the gym, fitness training, lifting weights, muscles",
        "weight loss transformation, home workout, abs, running, body",
        "bodybuilding, exercise routine, cardio, yoga, healthy athlete",
        "diet and training plan, dumbbells, stretching, sports performance, calisthenics",
    ),
    "travel": (
        "travel vlog exploring a country, beaches, mountains, cities abroad",
        "backpacking trip, best places to visit, vacation, hotel, flight",
        "adventure around the world, road trip, travel guide to a destination",
        "exploring caves, islands and national parks, first class flight, hidden gems abroad",
    ),
    "food": (
        "cooking recipe in the kitchen, delicious meal, baking",
        "food review, trying street food, restaurant, taste test, mukbang",
        "chef making burgers, pizza, pasta, dessert, easy dinner",
        "ice cream, snacks and fast food tier list, meal prep, grocery haul, tasting menu",
    ),
    "education": (
        "educational explainer about history, maths, language and geography",
        "lesson for students, learning a subject, study tips, exam, school",
        "documentary style explanation of how things work, simply explained facts",
        "ancient civilisations, how things are made, the math behind everyday life, geography",
    ),
    "news": (
        "breaking news report, current events, politics, headline",
        "news update, what just happened in the world, election, scandal",
        "journalist commentary on a controversy, latest announcement",
        "company fined by regulators, court ruling, investigation, floods and disasters today",
    ),
    "music": (
        "music video, new song, album release, singer, band",
        "guitar, piano, producing beats, DJ, concert, cover song",
        "lo-fi beats, hip hop, rap, playlist, artist, studio session",
        "writing a song, first single, singing, music production, vinyl records",
    ),
    "beauty": (
        "makeup tutorial, skincare routine, beauty products, cosmetics",
        "fashion, hairstyle, nails, outfit, get ready with me, glow up",
        "lipstick, eyeshadow, foundation review, beauty haul",
        "red carpet looks, celebrity style, fashion week, beauty hacks, perfume collection",
    ),
    "horror": (
        "horror story, scary creepypasta, haunted house, ghosts and demons, paranormal activity",
        "true crime mystery, creepy unsolved case, serial killer, dark and disturbing",
        "scary video at 3am, nightmares, zombie apocalypse, monsters lurking in the dark",
        "horror movie review, halloween scary stories, cursed places, abandoned asylum",
    ),
    "science": (
        "space exploration documentary, nasa, rockets, planets, galaxies and black holes",
        "astronomy and the universe, stars, the moon, a mission to mars, astronauts",
        "science experiments, physics, chemistry, biology, scientists discover something new",
        "quantum physics, dna and evolution, how the universe began, dinosaurs and fossils",
    ),
    "wellness": (
        "guided meditation for sleep, mindfulness, breathing exercises, calm your mind",
        "self care routine, mental health, anxiety and stress relief",
        "healthy habits, sleep better, relaxing sounds for deep sleep, yoga nidra",
        "wellbeing, journaling, gratitude, slow living, a peaceful spa day",
    ),
}

MOOD_TEXTS: dict[str, tuple[str, ...]] = {
    "energetic": (
        "energetic, hype, exciting, explosive action, fast and loud",
        "intense, crazy, insane, epic, adrenaline, high energy",
    ),
    "dramatic": (
        "dramatic, intense contrast, shocking, high stakes, tension",
        "epic cinematic drama, danger, conflict, serious consequences",
    ),
    "playful": (
        "playful, fun, funny, silly, colourful, cartoon, goofy",
        "lighthearted, cute, joyful, happy, comedy, prank",
    ),
    "calm": (
        "calm, chill, relaxing, peaceful, quiet, soft and gentle",
        "minimal and serene, slow, soothing, lo-fi, meditation",
    ),
    "serious": (
        "serious, professional, informative, analytical, trustworthy",
        "sober, corporate, factual, expert, important topic",
    ),
    "mysterious": (
        "mysterious, dark, eerie, secret, unknown, creepy, horror",
        "mystery, hidden truth, unsolved, spooky, shadowy, suspense",
    ),
    "inspiring": (
        "inspiring, motivational, uplifting, success, transformation",
        "aspirational, dream big, achievement, hopeful, beautiful journey",
    ),
    "cozy": (
        "cozy, warm, homey, comforting, autumn, blanket, coffee",
        "wholesome, snug, soft warm light, relaxing at home",
    ),
}

STYLE_TEXTS: dict[str, tuple[str, ...]] = {
    "bold": (
        "bold, big loud text, high contrast, saturated colours, eye-catching",
        "punchy youtube thumbnail with huge letters and strong outlines",
    ),
    "neon": (
        "neon glow, cyberpunk, synthwave, glowing lights at night",
        "neon pink and cyan, electric glowing signs, futuristic",
    ),
    "cinematic": (
        "cinematic, movie poster, film look, dramatic lighting, epic",
        "widescreen film still, moody colour grading, trailer style",
    ),
    "minimal": (
        "minimal, clean and simple, lots of white space, few elements",
        "minimalist, flat, understated, simple typography",
    ),
    "retro": (
        "retro, vintage, 80s or 90s, old school, pixel art, vhs",
        "nostalgic, grainy film, throwback, classic arcade",
    ),
    "clean": (
        "clean, professional, tidy, modern corporate look",
        "sleek, polished, crisp and well organised",
    ),
    "comic": (
        "comic book, cartoon, pop art, manga, halftone, speech bubbles",
        "illustrated, anime, doodle, hand drawn, sticker style",
    ),
    "luxury": (
        "luxury, premium, elegant, gold and black, expensive, rich",
        "high-end, classy, glamorous, sophisticated, designer",
    ),
}

#: Vocabulary of ``Brief.visual_elements``.
VISUAL_ELEMENT_TEXTS: dict[str, tuple[str, ...]] = {
    "explosions": ("big explosions, blast, fiery explosion, debris",),
    "fire": ("flames, burning fire, blazing inferno",),
    "lightning": ("lightning bolts, electric sparks, thunder storm",),
    "smoke": ("smoke, fog, mist, haze",),
    "neon": ("neon lights, glowing neon signs",),
    "money": ("money, cash, dollar bills, coins, gold bars",),
    "charts": ("stock charts, graphs going up, trading candles",),
    "gadgets": ("smartphone, laptop, gadgets, devices",),
    "code": ("computer code, programming, terminal screen",),
    "weapons": ("guns, swords, weapons, battle gear",),
    "trophy": ("trophy, winner medal, first place, victory",),
    "food": ("delicious food, burger, pizza, dessert plate",),
    "nature": ("forest, trees, flowers, nature landscape",),
    "mountains": ("mountains, snowy peaks, hiking trail",),
    "ocean": ("ocean, beach, sea waves, tropical island",),
    "city": ("city skyline, skyscrapers, streets at night",),
    "space": ("outer space, planets, stars, galaxy, rocket",),
    "microphone": ("microphone, podcast mic, recording studio",),
    "headphones": ("headphones, music notes, speakers",),
    "weights": ("dumbbells, barbell, gym weights",),
    "books": ("books, notebook, school desk, pencil",),
    "sparkles": ("sparkles, glitter, shiny stars",),
    "arrows": ("red arrows and circles pointing at something",),
    "hearts": ("hearts, love, romance",),
    "skull": ("skull, creepy horror, ghost",),
    "cars": ("sports car, racing cars, supercar",),
}

#: Generic requests that name no topic, mood or style. A label's mean cosine over them is its
#: bias (how much any thumbnail request resembles it); the planner subtracts part of it.
NEUTRAL_PROMPTS: tuple[str, ...] = (
    "a youtube thumbnail for my new video",
    "thumbnail for my channel",
    "make me a cover image",
    "a thumbnail with my face and big text",
    "design a thumbnail for this video",
    "an eye-catching thumbnail",
)

VISUAL_ELEMENTS: tuple[str, ...] = tuple(VISUAL_ELEMENT_TEXTS)
