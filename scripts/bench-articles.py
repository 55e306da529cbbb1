#!/usr/bin/env python3
"""Invented articles for scripts/bench-web.sh: N JSON article files in DIR.

Each story gets invented names of its own (a person, a town, a project), so stories are as
distinct as real ones and the clusterer keeps them apart; 2-5 outlets tell each, a day or two
apart, with a differing crowd figure now and then. Same N, same files (a fixed seed).

    python3 scripts/bench-articles.py DIR N
"""
import datetime
import json
import random
import sys

out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
outlets = ["Daily Lantern", "Harbor Ledger", "Metro Sentinel", "Valley Courier",
           "Coast Gazette", "Northline Post", "River Times", "Summit Herald"]
things = ["rail line", "bridge", "ferry terminal", "library", "water plant", "tram depot",
          "school", "harbour wall", "wind farm", "market hall"]
verbs = ["opened", "closed", "reopened", "inaugurated", "shut"]
loaded = ["", "Controversial: ", "", "Embattled ", ""]


def word():
    syllables = rnd.randrange(2, 4)
    return "".join(rnd.choice("bdfgklmnprstvz") + rnd.choice("aeiou")
                   for _ in range(syllables)).capitalize()


start = datetime.date(2026, 1, 1)
i = 0
story = 0
while i < n:
    story += 1
    who, town, project = f"{word()} {word()}", word(), word()
    thing, verb = rnd.choice(things), rnd.choice(verbs)
    day = start + datetime.timedelta(days=story // 3)
    crowd = rnd.randrange(5, 80) * 100
    for k in range(rnd.randrange(2, 6)):
        if i >= n:
            break
        outlet = outlets[(story + k) % len(outlets)]
        count = crowd + rnd.choice([0, 0, 500, -300])
        verdict = rnd.choice(["costly", "overdue", "a fiasco", "necessary"])
        text = (
            f"{rnd.choice(loaded)}Mayor {who} {verb} the {project} {thing} in {town} on Monday.\n\n"
            f"About {count:,} people attended the ceremony in {town}, organisers said.\n\n"
            f"\"This is a good day for {town},\" {who} said. "
            f"Critics called the {project} {thing} {verdict}.\n\n"
            f"Work on the {project} {thing} took {rnd.randrange(2, 9)} years "
            f"and cost {rnd.randrange(10, 90)} million."
        )
        doc = {
            "title": f"{who} {verb} {town}'s {project} {thing}",
            "source": outlet,
            "published": str(day + datetime.timedelta(days=k % 2)),
            "text": text,
            "url": f"https://{outlet.lower().replace(' ', '')}.example.invalid/{story}/{k}",
        }
        with open(f"{out}/{i:06d}.json", "w") as f:
            json.dump(doc, f)
        i += 1
