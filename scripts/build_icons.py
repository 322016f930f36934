"""Build ``src/routix/icons/data/``: the curated hero icons, their index and their embeddings.

Build time only (Routix never runs this, and never downloads anything at run time). Inputs are
three npm packages, unpacked by hand::

    cd /tmp && npm pack fluentui-emoji@1.3.0 emojilib@4.0.3 unicode-emoji-json@0.9.0
    mkdir fluent emojilib uej
    tar xzf fluentui-emoji-1.3.0.tgz -C fluent
    tar xzf emojilib-4.0.3.tgz -C emojilib
    tar xzf unicode-emoji-json-0.9.0.tgz -C uej
    .venv/bin/python scripts/build_icons.py --fluent /tmp/fluent/package \\
        --emojilib /tmp/emojilib/package --unicode /tmp/uej/package

* ``fluentui-emoji`` (MIT, Microsoft's Fluent UI emoji as SVG): the ``modern`` style of each
  curated icon is rasterised with pyvips (its bundled SVG loader) so its long side is
  ``SIDE`` px, trimmed to its opaque pixels and stored as WebP (lossy colour at quality 90,
  lossless alpha: ~22 KB per icon against ~170 KB as PNG, no visible loss on the smooth
  gradients of this style).
* ``emojilib`` (MIT) gives each emoji's keywords, ``unicode-emoji-json`` (MIT) maps file
  names to emoji and Unicode groups; both only feed ``index.json``.

Outputs: ``<name>.webp`` per icon, ``index.json`` (``{"model", "side", "icons": [{"name",
"label", "topics", "keywords", "group", "file"}]}``: ``topics`` are the curated words below,
``keywords`` emojilib's others), ``vectors.npy`` (float32 ``(n, 384)``, the
L2-normalised all-MiniLM-L6-v2 embedding of each icon's :func:`icon_text`, row order of
``index.json``), ``LICENSE`` (the MIT licences of the artwork, its npm package and both
keyword sources); the README beside them is written by hand.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "routix" / "icons" / "data"
#: Long side of a shipped icon, px: a hero is at most ~700 px tall on a 1280x720 thumbnail.
SIDE = 768
#: WebP colour quality (alpha is lossless).
QUALITY = 90

#: Curated icons: fluent file name (without ``.svg``) -> extra topic words creators use.
#: The words come first in an icon's text, before emojilib's keywords.
CURATED: dict[str, str] = {
    # --- food and drink
    "spaghetti": "pasta, noodles, italian dinner, recipe",
    "pizza": "pizza night, italian, fast food, cheese",
    "hamburger": "burger, smash burger, fast food, cheeseburger",
    "french-fries": "fries, chips, fast food",
    "hot-dog": "hotdog, sausage, street food",
    "taco": "tacos, mexican food, street food",
    "burrito": "burrito, mexican, wrap",
    "sushi": "sushi, japanese food, raw fish",
    "steaming-bowl": "ramen, noodle soup, pho, asian food",
    "curry-rice": "curry, indian food, rice dish",
    "cooked-rice": "rice, asian meal",
    "bento-box": "bento, lunch box, meal prep",
    "pot-of-food": "stew, soup, one pot meal, cooking",
    "shallow-pan-of-food": "paella, skillet, one pan dinner",
    "cooking": "frying pan, egg, breakfast, cooking at home",
    "green-salad": "salad, healthy eating, vegan, diet, vegetables",
    "avocado": "avocado, healthy fat, vegan, guacamole",
    "broccoli": "broccoli, vegetables, vegan, healthy diet",
    "carrot": "carrot, vegetables, vegan",
    "leafy-green": "greens, kale, spinach, vegan, plant based",
    "tomato": "tomato, sauce, vegetables",
    "hot-pepper": "chili, spicy food, hot sauce challenge",
    "garlic": "garlic, seasoning, cooking",
    "red-apple": "apple, fruit, healthy snack",
    "banana": "banana, fruit, potassium",
    "strawberry": "strawberry, fruit, dessert",
    "watermelon": "watermelon, summer fruit",
    "grapes": "grapes, fruit, wine",
    "lemon": "lemon, citrus, sour",
    "pineapple": "pineapple, tropical fruit",
    "peach": "peach, fruit",
    "cherries": "cherries, fruit",
    "bread": "bread, sourdough, loaf, baking bread",
    "baguette-bread": "baguette, french bread, bakery",
    "croissant": "croissant, french pastry, breakfast",
    "pancakes": "pancakes, breakfast, brunch",
    "waffle": "waffles, breakfast",
    "egg": "egg, protein, breakfast",
    "bacon": "bacon, breakfast, keto",
    "cut-of-meat": "steak, beef, meat, grill",
    "meat-on-bone": "ribs, bbq, barbecue, meat",
    "poultry-leg": "chicken, fried chicken, drumstick",
    "cheese-wedge": "cheese, dairy",
    "sandwich": "sandwich, lunch",
    "dumpling": "dumplings, gyoza, dim sum",
    "birthday-cake": "cake, birthday cake, baking, celebration",
    "shortcake": "cake slice, dessert, baking",
    "cupcake": "cupcake, baking, muffin",
    "cookie": "cookies, chocolate chip cookie, baking",
    "doughnut": "donut, doughnut, sweet treat",
    "chocolate-bar": "chocolate, candy bar, sweets",
    "candy": "candy, sweets, sugar",
    "lollipop": "lollipop, candy",
    "ice-cream": "ice cream, dessert, gelato",
    "soft-ice-cream": "ice cream cone, soft serve",
    "pie": "pie, baking, thanksgiving",
    "popcorn": "popcorn, movie night, snacks",
    "hot-beverage": "coffee, latte, espresso, hot drink, cafe",
    "teacup-without-handle": "tea, green tea, matcha",
    "bubble-tea": "bubble tea, boba",
    "tropical-drink": "cocktail, summer drink",
    "wine-glass": "wine, red wine, tasting",
    "beer-mug": "beer, pub",
    "glass-of-milk": "milk, dairy, protein shake",
    "fork-and-knife-with-plate": "meal, dinner, restaurant, eating",
    "face-savoring-food": "yummy, delicious, tasty, taste test",
    "honey-pot": "honey, sweet",
    # --- money and business
    "money-bag": "money, cash, wealth, rich, savings",
    "money-with-wings": "losing money, spending, expenses, money flying away",
    "dollar-banknote": "dollar, cash, salary, income",
    "euro-banknote": "euro, cash",
    "coin": "bitcoin, crypto, cryptocurrency, ethereum, coin, token",
    "gem-stone": "diamond, gem, valuable, luxury, jewel",
    "credit-card": "credit card, debt, payment, shopping",
    "chart-increasing": "stocks going up, growth, profit, bull market, gains, chart up, price, rising, pump",
    "chart-decreasing": (
        "crash, stock market crash, crypto crash, falling prices, loss, bear market, recession, chart down"
    ),
    "bar-chart": "statistics, data, analytics, results, chart",
    "bank": "bank, banking, finance, loan, mortgage",
    "briefcase": "business, job, career, office work",
    "receipt": "receipt, bill, taxes, budget",
    "heavy-dollar-sign": "dollar sign, cost, pricing",
    "currency-exchange": "forex, exchange rate, trading currencies",
    "money-mouth-face": "getting rich, greed, money face",
    "handshake": "deal, partnership, agreement, negotiation",
    "house": "house, home, real estate, buying a house",
    "house-with-garden": "dream home, property, rental",
    "office-building": "office, company, corporation",
    "shopping-cart": "shopping, groceries, haul",
    "shopping-bags": "shopping haul, sale, retail",
    "wrapped-gift": "gift, giveaway, present",
    "ticket": "ticket, event, admission",
    "slot-machine": "gambling, casino, jackpot",
    "balance-scale": "law, justice, court, fair, compare",
    "crown": "king, queen, best, winner, royalty",
    "trophy": "trophy, winner, champion, first place, victory",
    "1st-place-medal": "gold medal, first place, number one",
    "sports-medal": "medal, achievement, award",
    "military-medal": "medal, honour, hero",
    # --- tech and science
    "laptop": "laptop, computer, mac, macbook, coding, work from home",
    "desktop-computer": "pc, windows pc, desktop pc, computer, gaming pc",
    "mobile-phone": "smartphone, phone, iphone, android, app",
    "keyboard": "keyboard, typing, mechanical keyboard",
    "computer-mouse": "mouse, computer",
    "video-game": (
        "video game, gaming, controller, gamepad, console, playstation, xbox, minecraft, fortnite, roblox, "
        "speedrun, gameplay"
    ),
    "joystick": "joystick, arcade, retro gaming",
    "robot": "robot, ai, chatgpt, artificial intelligence, chatbot, automation",
    "satellite": "satellite, space station, orbit",
    "satellite-antenna": "antenna, signal, communication",
    "battery": "battery, charging, power",
    "low-battery": "low battery, tired, drained",
    "electric-plug": "electricity, plug, power",
    "light-bulb": "idea, light bulb, tips, smart, invention, lightbulb moment",
    "gear": "settings, gear, engineering, how it works, mechanics",
    "hammer-and-wrench": "tools, repair, fix, diy, build",
    "wrench": "wrench, repair, fix, leak, leaking, plumbing, tap, faucet, pipe",
    "toolbox": "toolbox, diy, repair kit",
    "magnet": "magnet, attraction, physics",
    "microscope": "microscope, biology, lab, research",
    "telescope": "telescope, astronomy, stargazing",
    "test-tube": "test tube, experiment, chemistry",
    "alembic": "chemistry, lab, potion",
    "dna": "dna, genetics, biology, evolution",
    "atom-symbol": "atom, physics, quantum, nuclear, science",
    "brain": "brain, psychology, mind, intelligence, learning, memory",
    "anatomical-heart": "heart, anatomy, health, cardio",
    "lungs": "lungs, breathing, breathwork",
    "microbe": "virus, bacteria, germs, microbe, disease",
    "pill": "pill, medicine, supplements, vitamins",
    "syringe": "vaccine, injection, syringe",
    "stethoscope": "doctor, health, medicine, checkup",
    "rocket": "rocket, launch, spacex, startup, growth, to the moon",
    "ringed-planet": "planet, saturn, space, solar system, universe",
    "milky-way": "galaxy, milky way, universe, cosmos, deep space, black hole, spacetime",
    "comet": "comet, asteroid, meteor, space",
    "shooting-star": "shooting star, meteor, wish",
    "flying-saucer": "ufo, aliens, flying saucer, conspiracy",
    "alien": "alien, extraterrestrial, ufo",
    "alien-monster": "alien monster, retro game, space invader",
    "astronaut-default": "astronaut, space exploration, nasa, moon landing",
    "globe-showing-europe-africa": "earth, globe, world, planet earth, geography",
    "globe-showing-americas": "earth, world, america",
    "globe-with-meridians": "internet, worldwide, global",
    "world-map": "world map, countries, geography",
    "sun": "sun, sunshine, solar, summer, heat",
    "full-moon": "full moon, moon, lunar",
    "crescent-moon": "moon, sleep, night, bedtime, dreams, insomnia, rest",
    "new-moon-face": "moon face, night",
    "night-with-stars": "night sky, stars, sleep, bedtime story",
    "glowing-star": "star, glowing, shine",
    "star": "star, rating, favourite, review",
    "sparkles": "sparkles, magic, new, clean, shiny",
    "zzz": "sleep, sleeping, snore, tired, nap",
    "sleeping-face": "sleeping, deep sleep, nap, insomnia, rest",
    "bed": "bed, sleep, bedroom, rest",
    "alarm-clock": "alarm clock, wake up early, morning routine, 5am",
    "hourglass-not-done": "time, waiting, hourglass, patience",
    "stopwatch": "stopwatch, timer, speed, fast, minutes",
    "calendar": "calendar, days, challenge, schedule, date",
    "spiral-calendar": "calendar, planning, 30 day challenge",
    "tear-off-calendar": "calendar, day counter, daily",
    "camera": "camera, photography, photo",
    "camera-with-flash": "photography, flash, photoshoot",
    "movie-camera": "film, movie making, filmmaking, video",
    "clapper-board": "movie, film, cinema, director, action",
    "film-projector": "cinema, movie review, film history",
    "television": "tv, tv show, series, streaming, netflix",
    "videocassette": "vhs, retro, 90s",
    "radio": "radio, broadcast",
    "studio-microphone": "microphone, podcast, recording, studio, mic",
    "microphone": "karaoke, singing, mic",
    "headphone": "headphones, music, listening, audio, lofi",
    "musical-notes": "music, song, melody, playlist",
    "musical-note": "music note, song",
    "guitar": "guitar, rock, acoustic guitar, band",
    "musical-keyboard": "piano, keyboard, synth",
    "violin": "violin, classical music",
    "drum": "drums, drummer, beat",
    "saxophone": "saxophone, jazz",
    "trumpet": "trumpet, brass",
    "loudspeaker": "loudspeaker, announcement, loud",
    "megaphone": "megaphone, announcement, shout",
    "bell": "bell, notification, subscribe",
    "speech-balloon": "chat, comments, talk, conversation, discussion",
    "thought-balloon": "thinking, thoughts, opinion",
    "newspaper": "news, newspaper, headline, article",
    "rolled-up-newspaper": "news, daily paper",
    "books": "books, reading, study, library, learning",
    "open-book": "book, reading, story, novel",
    "closed-book": "book, manual",
    "notebook": "notebook, notes, journal",
    "memo": "notes, writing, checklist, to do",
    "pencil": "pencil, writing, drawing, homework",
    "fountain-pen": "pen, writing, signature",
    "paintbrush": "painting, art, brush",
    "artist-palette": "art, painting, colour, design, creative",
    "crayon": "crayon, drawing, kids",
    "straight-ruler": "ruler, measure, math",
    "triangular-ruler": "geometry, math, design",
    "abacus": "abacus, counting, math, maths",
    "graduation-cap": "graduation, school, university, college, degree, education",
    "school": "school, class, teacher",
    "backpack": "backpack, school, travel",
    "scroll": "scroll, history, ancient, old document",
    "classical-building": "ancient history, rome, roman empire, romans, greece, museum, government",
    "magnifying-glass-tilted-left": "search, investigate, detective, research, find",
    "key": "key, secret, unlock, solution",
    "locked": "lock, security, privacy, password",
    "shield": "shield, protection, security, defense",
    "package": "package, delivery, unboxing, box",
    "clipboard": "clipboard, checklist, plan",
    "pushpin": "pin, important, note",
    "link": "link, chain, connection",
    "puzzle-piece": "puzzle, problem solving, strategy",
    "chess-pawn": "chess, strategy, tactics",
    "game-die": "dice, board game, luck, random",
    "bullseye": "target, goal, aim, focus, bullseye",
    "compass": "compass, direction, navigation, adventure",
    "crystal-ball": "prediction, predictions, future, fortune telling, forecast",
    "magic-wand": "magic, trick, magician",
    "hundred-points": "100, perfect score, hundred",
    "high-voltage": "lightning, electric, energy, power, fast",
    "fire": "fire, hot, lit, trending, burning",
    "collision": "explosion, boom, crash, impact",
    "bomb": "bomb, explosive, danger",
    "dizzy": "dizzy, stars",
    "warning": "warning, danger, caution, alert",
    "no-entry": "stop, forbidden, no entry",
    "prohibited": "banned, prohibited, not allowed",
    "check-mark-button": "correct, done, yes, approved",
    "cross-mark": "wrong, no, mistake, fail",
    "red-question-mark": "question, why, mystery, quiz",
    "red-exclamation-mark": "important, attention, alert",
    "exclamation-question-mark": "what, shock, surprise",
    "vs-button": "versus, vs, battle, comparison",
    "red-heart": "love, heart, romance, favourite",
    "broken-heart": "heartbreak, breakup, sad",
    "sparkling-heart": "love, sparkle, cute",
    "heart-on-fire": "passion, burning love",
    "mending-heart": "healing, recovery, self care",
    # --- sport and fitness
    "flexed-biceps-default": "muscles, biceps, strong, gym, workout, strength",
    "person-lifting-weights-default": "weightlifting, gym, powerlifting, deadlift, squat, workout",
    "person-running-default": "running, jogging, cardio, marathon, 5k",
    "person-biking-default": "cycling, bike ride",
    "person-swimming-default": "swimming, pool",
    "person-climbing-default": "climbing, bouldering",
    "person-cartwheeling-default": "gymnastics, flexibility",
    "running-shoe": "running shoes, sneakers, jogging",
    "soccer-ball": "football, soccer, goal",
    "basketball": "basketball, nba, hoops",
    "american-football": "american football, nfl, super bowl",
    "baseball": "baseball, mlb",
    "tennis": "tennis, racket",
    "volleyball": "volleyball, beach",
    "boxing-glove": "boxing, fight, mma, punch, knockout",
    "martial-arts-uniform": "karate, martial arts, judo",
    "goal-net": "goal, score",
    "skateboard": "skateboard, skate tricks",
    "bicycle": "bicycle, bike, cycling",
    "racing-car": "racing, formula 1, f1, race car, fast car",
    "automobile": "car, driving, road trip",
    "sport-utility-vehicle": "suv, car review",
    "motorcycle": "motorcycle, motorbike, bike",
    "chequered-flag": "race, finish line, racing",
    "person-in-lotus-position-default": "meditation, yoga, mindfulness, zen, calm, breathing",
    "lotus": "lotus, meditation, calm, spiritual, zen",
    "yin-yang": "balance, harmony, zen",
    "folded-hands-default": "gratitude, prayer, thank you, namaste",
    "person-in-steamy-room-default": "sauna, spa, relax",
    "person-getting-massage-default": "massage, spa, self care",
    "person-taking-bath-default": "bath, relaxation, self care",
    "soap": "soap, hygiene, clean",
    "lotion-bottle": "lotion, skincare, moisturizer",
    "potted-plant": "plant, houseplant, growth, calm",
    "seedling": "seedling, growth, new beginning, gardening",
    "herb": "herb, plant, natural",
    "droplet": "water, drop, hydration, leak, leaking, drip",
    "water-wave": "wave, ocean, surf",
    "bubbles": "bubbles, clean, calm",
    "candle": "candle, calm, relaxing, dark, ritual",
    "feather": "feather, light, soft",
    "hot-springs": "hot springs, onsen, spa",
    # --- people and faces
    "face-screaming-in-fear": "scared, scream, terrified, horror, shocked",
    "exploding-head": "mind blown, shocking, unbelievable",
    "astonished-face": "shocked, surprised, wow, omg",
    "thinking-face": "thinking, question, hmm, wondering",
    "face-with-monocle": "analysis, inspect, curious",
    "nerd-face": "nerd, smart, study, geek",
    "smiling-face-with-sunglasses": "cool, confident, chill",
    "star-struck": "amazing, starstruck, wow",
    "partying-face": "party, celebration, birthday",
    "face-with-tears-of-joy": "funny, lol, laughing, comedy",
    "rolling-on-the-floor-laughing": "hilarious, comedy, funny",
    "loudly-crying-face": "crying, sad, emotional",
    "pleading-face": "please, cute, begging",
    "hot-face": "hot, heat, spicy, sweating",
    "cold-face": "cold, freezing, ice bath",
    "face-vomiting": "gross, disgusting, worst",
    "nauseated-face": "sick, disgusting",
    "sleepy-face": "sleepy, tired",
    "yawning-face": "yawning, bored, tired",
    "melting-face": "melting, heat, embarrassed",
    "shushing-face": "secret, quiet, shh",
    "zipper-mouth-face": "secret, silence",
    "lying-face": "lies, liar, fake",
    "angry-face": "angry, mad, rage",
    "face-with-symbols-on-mouth": "rage, swearing, furious",
    "smiling-face-with-horns": "devil, evil, mischief",
    "smiling-face-with-halo": "angel, innocent, good",
    "clown-face": "clown, joke, creepy clown",
    "cowboy-hat-face": "cowboy, western, yeehaw",
    "ghost": "ghost, paranormal, spooky, spirit, ghost story",
    "skull": "skull, horror, scary, death, danger, deadly, nightmare",
    "skull-and-crossbones": "poison, pirate, deadly, danger",
    "jack-o-lantern": "halloween, pumpkin, spooky",
    "bat": "bat, night, vampire, cave",
    "spider": "spider, creepy, scary",
    "spider-web": "cobweb, haunted, abandoned, creepy",
    "coffin": "coffin, death, funeral, vampire",
    "headstone": "grave, cemetery, graveyard, death",
    "derelict-house": "haunted house, abandoned house, creepy house",
    "castle": "castle, medieval, kingdom, fantasy",
    "dagger": "knife, dagger, murder, crime, true crime",
    "drop-of-blood": "blood, murder, crime",
    "person-zombie": "zombie, undead, apocalypse",
    "person-vampire-default": "vampire, dracula",
    "ogre": "monster, demon, ogre",
    "goblin": "goblin, monster, mask",
    "wilted-flower": "wilted, dying, sad, decay",
    "eye": "eye, watching, vision, see",
    "eyes": "eyes, look, watching, suspicious",
    "detective-default": "detective, investigation, mystery, case",
    "ninja-default": "ninja, stealth, martial arts",
    "person-superhero-default": "superhero, hero, powers",
    "person-supervillain-default": "villain, supervillain, evil",
    "person-mage-default": "wizard, mage, magic, fantasy",
    "cook-default": "chef, cook, cooking",
    "scientist-default": "scientist, research, lab",
    "technologist-default": "programmer, developer, coding, software engineer",
    "teacher-default": "teacher, lesson, class",
    "student-default": "student, studying, exam",
    "office-worker-default": "office, corporate, job",
    "health-worker-default": "doctor, nurse, hospital",
    "person-shrugging-default": "confused, idk, shrug",
    "person-facepalming-default": "facepalm, fail, mistake",
    "raising-hands-default": "celebrate, hooray, success",
    "clapping-hands-default": "applause, well done, clap",
    "thumbs-up-default": "good, approve, like, recommend",
    "thumbs-down-default": "bad, dislike, avoid",
    "victory-hand-default": "peace, victory",
    "oncoming-fist-default": "punch, fist bump",
    "index-pointing-up-default": "point, tip, number one",
    "waving-hand-default": "hello, hi, welcome, goodbye",
    "busts-in-silhouette": "people, community, team, audience",
    "speaking-head": "speaking, talk, voice, speech",
    "baby-default": "baby, parenting, newborn",
    "people-hugging": "hug, friendship, support",
    # --- animals and nature
    "dog-face": "dog, puppy, puppies, pet, dog training",
    "cat-face": "cat, kitten, pet",
    "dog": "dog, dog training",
    "cat": "cat, cats",
    "rabbit-face": "bunny, rabbit",
    "hamster": "hamster, pet",
    "fox": "fox, clever",
    "bear": "bear, wild",
    "panda": "panda, cute",
    "lion": "lion, king, brave",
    "tiger-face": "tiger, fierce",
    "wolf": "wolf, wild, howl",
    "horse-face": "horse, riding",
    "unicorn": "unicorn, fantasy, magic",
    "dragon": "dragon, fantasy, myth",
    "dragon-face": "dragon, chinese dragon",
    "t-rex": "dinosaur, t rex, jurassic, prehistoric",
    "sauropod": "dinosaur, brontosaurus, prehistoric",
    "owl": "owl, wise, night",
    "eagle": "eagle, freedom",
    "parrot": "parrot, bird",
    "penguin": "penguin, antarctica, cold",
    "frog": "frog, toad",
    "turtle": "turtle, slow",
    "snake": "snake, python, reptile",
    "shark": "shark, ocean danger",
    "spouting-whale": "whale, ocean",
    "dolphin": "dolphin, ocean",
    "octopus": "octopus, sea creature",
    "tropical-fish": "fish, aquarium, coral reef",
    "butterfly": "butterfly, transformation, change",
    "honeybee": "bee, honey, busy",
    "lady-beetle": "ladybug, insect",
    "ant": "ant, insects, small",
    "paw-prints": "pets, paws, animals",
    "monkey-face": "monkey, ape",
    "see-no-evil-monkey": "oops, embarrassed, cringe",
    "evergreen-tree": "tree, forest, pine, nature, camping",
    "deciduous-tree": "tree, nature, park",
    "palm-tree": "palm tree, tropical, beach, island",
    "cactus": "cactus, desert",
    "sunflower": "sunflower, summer, happy",
    "rose": "rose, romance, flower",
    "cherry-blossom": "cherry blossom, spring, japan, sakura",
    "tulip": "tulip, flower, spring",
    "four-leaf-clover": "luck, lucky, clover",
    "maple-leaf": "autumn, fall, leaves, canada",
    "fallen-leaf": "autumn, fall",
    "leaf-fluttering-in-wind": "wind, breeze, calm, nature",
    "mushroom": "mushroom, fungi, forest",
    "rock": "rock, stone, geology",
    "volcano": "volcano, eruption, lava",
    "mountain": "mountain, hiking, climb",
    "snow-capped-mountain": "mountains, alps, peak, summit",
    "camping": "camping, tent, outdoors",
    "national-park": "national park, nature, hiking trail",
    "desert-island": "island, beach, vacation, paradise",
    "beach-with-umbrella": "beach, vacation, summer holiday",
    "sunrise-over-mountains": "sunrise, morning, new day",
    "sunset": "sunset, evening, golden hour",
    "rainbow": "rainbow, hope, colourful",
    "cloud": "cloud, weather, cloud computing",
    "cloud-with-lightning-and-rain": "storm, thunderstorm, weather",
    "tornado": "tornado, disaster, chaos",
    "snowflake": "snow, winter, cold",
    "cyclone": "hurricane, cyclone, storm",
    "fog": "fog, mist, mystery",
    "ice": "ice, frozen, ice bath, cold plunge",
    # --- travel and places
    "airplane": "airplane, flight, travel, trip",
    "airplane-departure": "take off, departure, flying abroad",
    "luggage": "luggage, suitcase, packing, travel",
    "passport-control": "passport, border, customs",
    "statue-of-liberty": "new york, usa, america",
    "tokyo-tower": "tokyo, japan",
    "mount-fuji": "mount fuji, japan",
    "japanese-castle": "japan, castle",
    "moai": "easter island, mystery, ancient",
    "cityscape": "city, skyline, urban",
    "cityscape-at-dusk": "city at night, downtown",
    "bridge-at-night": "bridge, city lights",
    "hotel": "hotel, stay, resort",
    "tent": "tent, camping, festival",
    "ship": "ship, cruise, ocean travel",
    "sailboat": "sailing, boat",
    "bullet-train": "train, bullet train, rail travel",
    "locomotive": "train, steam train, railway",
    "bus": "bus, public transport",
    "taxi": "taxi, cab",
    "fuel-pump": "gas, fuel prices, petrol",
    "construction": "under construction, work in progress",
    "building-construction": "construction, building, renovation",
    "hospital": "hospital, emergency",
    "stadium": "stadium, arena, match",
    "circus-tent": "circus, show",
    "ferris-wheel": "fun fair, amusement park",
    "roller-coaster": "roller coaster, theme park, thrill",
    "performing-arts": "theatre, drama, acting",
    "framed-picture": "art, gallery, painting, museum",
    "cinema": "cinema, movies",
    "fireworks": "fireworks, celebration, new year",
    "party-popper": "party, celebration, congrats, announcement",
    "confetti-ball": "celebration, confetti, party",
    "balloon": "balloon, birthday, party",
    "christmas-tree": "christmas, holidays, xmas",
    "ring": "ring, engagement, wedding, proposal",
    "wedding": "wedding, marriage",
    "lipstick": "lipstick, makeup, beauty",
    "nail-polish-default": "nails, manicure, nail art",
    "high-heeled-shoe": "heels, fashion, shoes",
    "dress": "dress, fashion, outfit",
    "t-shirt": "t-shirt, clothing, outfit, merch",
    "jeans": "jeans, denim, fashion",
    "handbag": "handbag, designer bag, luxury",
    "sunglasses": "sunglasses, summer style",
    "glasses": "glasses, nerd, reading",
    "top-hat": "top hat, classy, magician",
    "billed-cap": "cap, streetwear",
    "running-shirt": "sports shirt, jersey",
    "scissors": "scissors, haircut, crafts, cut",
    "barber-pole": "barber, haircut",
    "mirror": "mirror, self reflection, beauty routine",
    "toothbrush": "toothbrush, dental care, morning routine",
    "broom": "cleaning, broom, tidy up",
    "sponge": "cleaning, sponge",
    "recycling-symbol": "recycling, sustainability, eco, zero waste",
    "teddy-bear": "teddy bear, kids, toy",
    "kite": "kite, wind",
    "yo-yo": "yo-yo, toy",
    "pinata": "pinata, party",
    "joker": "joker, wild card",
    "pool-8-ball": "pool, billiards, magic 8 ball",
    "bowling": "bowling, strike",
    "flashlight": "flashlight, torch, dark, search",
    "door": "door, enter, open door, opportunity",
    "window": "window, view",
    "couch-and-lamp": "living room, home decor, interior",
    "chair": "chair, furniture",
    "toilet": "toilet, bathroom",
    "bathtub": "bathtub, bath, relax",
    "axe": "axe, lumberjack, wood",
    "hammer": "hammer, build, construction",
    "nut-and-bolt": "engineering, mechanical, nuts and bolts",
    "ladder": "ladder, climb, career ladder, steps",
    "chains": "chains, locked, trapped",
    "broken-chain": "break free, freedom",
    "hook": "hook, catchy",
    "fishing-pole": "fishing, catch",
    "anchor": "anchor, sailor, stable",
    "bow-and-arrow": "archery, target",
    "crossed-swords": "battle, fight, sword, war, versus",
    "water-pistol": "water gun, summer fun",
    "military-helmet": "army, soldier, military, war",
    "police-car": "police, cops, arrest, chase",
    "ambulance": "ambulance, emergency",
    "fire-engine": "fire truck, firefighter",
    "oncoming-police-car": "police chase, crime",
    "identification-card": "id card, identity",
    "envelope": "email, letter, mail, newsletter",
    "e-mail": "email marketing, inbox",
    "inbox-tray": "inbox, mail",
    "file-folder": "files, folder, documents",
    "page-facing-up": "document, paper, resume, cv",
    "card-index-dividers": "organize, filing",
    "bookmark-tabs": "notes, study notes",
    "label": "price tag, label, sale",
    "infinity": "infinite, forever, unlimited",
    "peace-symbol": "peace",
    "om": "om, meditation, spiritual, yoga",
    "wind-chime": "wind chime, calm, zen",
    "hourglass-done": "time up, deadline",
    "watch": "watch, time, wristwatch",
    "mantelpiece-clock": "clock, time, history",
    "timer-clock": "timer, countdown",
    "thermometer": "temperature, heat wave, fever",
    "umbrella-with-rain-drops": "rain, rainy day, weather",
    "snowman": "snowman, winter",
    "sun-behind-cloud": "weather, partly cloudy",
}


def icon_name(file_stem: str) -> str:
    """Index name of an icon: the fluent file name without a ``-default`` skin-tone suffix."""
    return file_stem[: -len("-default")] if file_stem.endswith("-default") else file_stem


def icon_text(label: str, keywords: list[str]) -> str:
    """The text embedded for an icon: ``"<label>: <keyword>, <keyword>, ..."``."""
    return f"{label}: {', '.join(keywords)}"


def _keywords(
    stem: str, extra: str, lib: dict[str, list[str]], by_slug: dict[str, tuple[str, dict]]
) -> tuple[str, list[str], list[str], str]:
    """(label, topic words, emojilib keywords not among them, unicode group) of one icon."""
    slug = icon_name(stem).replace("-", "_")
    emoji, data = by_slug.get(slug, ("", {}))
    label = data.get("name") or icon_name(stem).replace("-", " ")
    topics = [w.strip().lower() for w in extra.split(",") if w.strip()]
    keywords: list[str] = []
    for w in lib.get(emoji, [])[:10]:
        w = w.replace("_", " ").lower()
        if w not in topics and w not in keywords and w != label:
            keywords.append(w)
    return label, topics, keywords[: max(0, 16 - len(topics))], data.get("group", "")


def _rasterise(svg: Path):
    """The SVG as an RGBA PIL image, long side ``SIDE`` px, trimmed to its opaque pixels."""
    import pyvips
    from PIL import Image

    probe = pyvips.Image.new_from_file(str(svg))
    scale = SIDE / max(probe.width, probe.height)
    image = pyvips.Image.new_from_file(str(svg), scale=scale)
    if image.bands == 3:
        image = image.bandjoin(255)
    pil = Image.frombytes("RGBA", (image.width, image.height), image.write_to_memory())
    box = pil.getchannel("A").point(lambda a: 255 if a > 8 else 0).getbbox()
    if box:
        pil = pil.crop(box)
    if max(pil.size) != SIDE:  # trimmed: grow back so the long side is SIDE again (re-rasterise)
        factor = SIDE / max(pil.size)
        image = pyvips.Image.new_from_file(str(svg), scale=scale * factor)
        if image.bands == 3:
            image = image.bandjoin(255)
        pil = Image.frombytes("RGBA", (image.width, image.height), image.write_to_memory())
        box = pil.getchannel("A").point(lambda a: 255 if a > 8 else 0).getbbox()
        if box:
            pil = pil.crop(box)
    return pil


def build(fluent: Path, emojilib: Path, unicode_json: Path, out: Path = OUT, *, rasterise: bool = True) -> int:
    """Write the icon files, ``index.json``, ``vectors.npy`` and ``LICENSE`` into ``out``;
    returns the number of icons. ``rasterise=False`` keeps the icon files and rewrites only
    the index and the vectors (after editing ``CURATED``'s words)."""
    sys.path.insert(0, str(ROOT / "src"))
    from routix.embed import get_embedder

    lib = json.loads((emojilib / "dist" / "emoji-en-US.json").read_text())
    by_slug = {d["slug"]: (e, d) for e, d in json.loads((unicode_json / "data-by-emoji.json").read_text()).items()}
    svgs = fluent / "icons" / "modern"
    out.mkdir(parents=True, exist_ok=True)
    if rasterise:
        for old in out.glob("*.webp"):
            old.unlink()
    rows, missing = [], []
    for stem, extra in CURATED.items():
        svg = svgs / f"{stem}.svg"
        if not svg.exists():
            missing.append(stem)
            continue
        label, topics, keywords, group = _keywords(stem, extra, lib, by_slug)
        name = icon_name(stem)
        if rasterise:
            image = _rasterise(svg)
            buf = io.BytesIO()
            image.save(buf, format="WEBP", quality=QUALITY, alpha_quality=100, method=4)
            (out / f"{name}.webp").write_bytes(buf.getvalue())
            print(f"{name:40s} {image.size} {len(buf.getvalue()) // 1024} KB")
        rows.append({"name": name, "label": label, "topics": topics, "keywords": keywords, "group": group,
                     "file": f"{name}.webp"})
    if missing:
        print("missing in fluentui-emoji:", ", ".join(missing))
    embedder = get_embedder()
    vectors = embedder.encode([icon_text(r["label"], r["topics"] + r["keywords"]) for r in rows]).astype(np.float32)
    np.save(out / "vectors.npy", vectors, allow_pickle=False)
    index = {"model": "all-MiniLM-L6-v2 int8", "side": SIDE, "source": "fluentui-emoji@1.3.0 icons/modern",
             "icons": rows}
    (out / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n")
    (out / "LICENSE").write_text(licence_text(fluent, emojilib, unicode_json))
    return len(rows)


#: The licence of the emoji artwork itself: Microsoft's fluentui-emoji repository, which the
#: npm package repackages (MIT, https://github.com/microsoft/fluentui-emoji).
MICROSOFT_MIT = """MIT License

Copyright (c) Microsoft Corporation.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def licence_text(fluent: Path, emojilib: Path, unicode_json: Path) -> str:
    """The licences of everything in ``data/``: the artwork (Microsoft), its npm package, and
    the two keyword sources that fed ``index.json``."""
    parts = [
        ("Fluent UI emoji artwork (github.com/microsoft/fluentui-emoji)", MICROSOFT_MIT),
        ("npm package fluentui-emoji 1.3.0 (the SVGs rasterised here)", (fluent / "LICENSE").read_text()),
        ("npm package emojilib 4.0.3 (keywords in index.json)", (emojilib / "LICENSE").read_text()),
        ("npm package unicode-emoji-json 0.9.0 (names and groups in index.json)",
         (unicode_json / "LICENSE").read_text()),
    ]
    return "\n\n".join(f"==== {title} ====\n\n{text.strip()}\n" for title, text in parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fluent", type=Path, required=True, help="unpacked fluentui-emoji package folder")
    parser.add_argument("--emojilib", type=Path, required=True, help="unpacked emojilib package folder")
    parser.add_argument("--unicode", type=Path, required=True, help="unpacked unicode-emoji-json package folder")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--index-only", action="store_true", help="keep the icon files, rewrite index and vectors")
    args = parser.parse_args()
    n = build(args.fluent, args.emojilib, args.unicode, args.out, rasterise=not args.index_only)
    print(f"{n} icons written to {args.out}")


if __name__ == "__main__":
    main()
