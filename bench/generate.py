#!/usr/bin/env python3
"""Generates a realistic, reproducible Verbatim data set as CSV files, ready for bench/load-h2.sh.

Speakers (a sprinkle with non-ASCII names), events over 25 years, and statements of 10-50 words drawn from a
Zipf-distributed English vocabulary, with topics and one or two sources each. Same seed, same data.

    bench/generate.py --statements 1000000 --out bench/data
"""
import argparse
import csv
import os
import random
import unicodedata
from datetime import date, timedelta

COMMON = """the of and to in a is that for it as was with be by on not he this are or his from at which but have an
they you were her she there been one all we their has would when if so no will more can said who about what out up
them some could into only other new than then its also time people may over after two first years way well our
government president minister talks war peace ceasefire ukraine russia nato allies security defence defense
support sanctions trade agreement meeting summit diplomacy diplomatic europe european union united states china
energy economy border troops military aid negotiations leaders foreign secretary state department spokesperson
readout call discussed reaffirm commitment partners alliance spending burden sharing fair share strategic
partnership investment bilateral regional global challenges solutions priority immediate end fighting conflict
crisis humanitarian refugees elections democracy parliament chancellor prime kremlin moscow kyiv washington
brussels ankara istanbul london paris berlin warsaw hague antalya minister's strong stronger effective must
should ready engage coordination unified actions commitments outreach backed real true hollow emboldened stakes
higher game today tomorrow week weekend month year historic important clear firm decision ultimatum challenge
meet direct ready host negotiations progress steps next together continue work everything nothing never always
""".split()

SYLLABLES = "ka lo mi ne ra to su vi de ba co fi ge hu ja ke li mo nu pa qui re sa te ul ve wo xi ya zu".split()
FIRST = "Anna Marco David Friedrich Volodymyr Emmanuel Keir Donald Tammy Scott Ursula Mark Jens Kaja Antony Olaf".split()
LAST = "Rubio Lammy Merz Zelensky Macron Starmer Tusk Bruce Cullinane Leyen Rutte Stoltenberg Kallas Blinken".split()
NON_ASCII = ["Recep Tayyip Erdoğan", "Radosław Sikorski", "Dmytro Kuleba", "Annalena Baerbock", "Jean-Noël Barrot",
             "Łukasz Nowak", "Søren Gade", "José Manuel Albares", "Mélanie Joly", "Hakan Fidan"]
PUBLISHERS = ["Kyiv Post", "Reuters", "Associated Press", "Agence France-Presse", "BBC News", "Le Monde",
              "Der Spiegel", "The Guardian", "Politico Europe", "Anadolu Agency", "Ukrainska Pravda", "DW"]
KINDS = ["QUOTE", "PARTIAL_QUOTE", "PARAPHRASE", "READOUT", "PRESS_STATEMENT"]
EVENT_KINDS = ["MEETING", "SUMMIT", "PHONE_CALL", "PRESS_BRIEFING", "INTERVIEW", "VISIT", "PRESS_RELEASE", "SPEECH"]
TOPICS = ["ukraine", "russia", "nato", "ceasefire", "sanctions", "trade", "energy", "defence", "diplomacy",
          "elections", "migration", "climate", "china", "middle east", "burden sharing", "aid", "security"]
NOW = "2026-01-01 00:00:00+00"


def fold_words(text):
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("ß", "ss").lower()
    return " ".join("".join(c if c.isalnum() else " " for c in stripped).split())


def uid(kind, n):
    return f"{n:08x}-0000-7000-8{kind:03x}-000000000000"


def vocabulary(rng, size):
    words = list(dict.fromkeys(COMMON))
    while len(words) < size:
        words.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    weights = [1.0 / (rank + 1) ** 1.07 for rank in range(len(words))]
    return words, weights


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--speakers", type=int, default=5_000)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", default="bench/data")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    words, weights = vocabulary(rng, 20_000)

    def open_csv(name, header):
        f = open(os.path.join(args.out, name + ".csv"), "w", newline="", encoding="utf-8")
        w = csv.writer(f)
        w.writerow(header)
        return f, w

    f, w = open_csv("speaker", ["ID", "NAME", "KIND", "TITLE", "AFFILIATION", "COUNTRY", "WIKIDATA_ID", "SEARCH_TEXT",
                                "VERSION", "CREATED_AT", "UPDATED_AT"])
    for i in range(args.speakers):
        if i % 100 == 0:
            name = NON_ASCII[(i // 100) % len(NON_ASCII)] + f" {i}"
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        kind = "ORGANIZATION" if i % 10 == 0 else "PERSON"
        w.writerow([uid(1, i), name, kind, "Minister", "Government", "US", "", " " + fold_words(name), 0, NOW, NOW])
    f.close()

    start = date(2001, 1, 1)
    f, w = open_csv("event", ["ID", "NAME", "KIND", "START_DATE", "END_DATE", "CITY", "COUNTRY", "DESCRIPTION",
                              "SEARCH_TEXT", "VERSION", "CREATED_AT", "UPDATED_AT"])
    event_dates = []
    for i in range(args.events):
        day = start + timedelta(days=rng.randrange(25 * 365))
        event_dates.append(day)
        name = f"{rng.choice(EVENT_KINDS).replace('_', ' ').title()} on {rng.choice(TOPICS)} {i}"
        w.writerow([uid(2, i), name, rng.choice(EVENT_KINDS), day.isoformat(), "", "Brussels", "BE", "",
                    " " + fold_words(name) + " brussels", 0, NOW, NOW])
    f.close()

    fs, ws = open_csv("statement", ["ID", "TEXT", "KIND", "SPEAKER_ID", "SPEAKER_ROLE", "ON_BEHALF_OF_ID", "STATED_ON",
                                    "EVENT_ID", "CONTEXT", "LANGUAGE", "VERSION", "CREATED_AT", "UPDATED_AT"])
    ft, wt = open_csv("statement_topic", ["STATEMENT_ID", "LIST_INDEX", "TOPIC"])
    fo, wo = open_csv("statement_source", ["STATEMENT_ID", "LIST_INDEX", "PUBLISHER", "URL", "AUTHOR", "PUBLISHED_ON"])
    ids = open(os.path.join(args.out, "statement-ids.txt"), "w")
    speaker_weights = [1.0 / (rank + 1) for rank in range(args.speakers)]
    batch = 10_000
    for base in range(0, args.statements, batch):
        n = min(batch, args.statements - base)
        lengths = [rng.randint(10, 50) for _ in range(n)]
        drawn = rng.choices(words, weights=weights, k=sum(lengths))
        speakers = rng.choices(range(args.speakers), weights=speaker_weights, k=n)
        offset = 0
        for j in range(n):
            i = base + j
            text = " ".join(drawn[offset:offset + lengths[j]])
            offset += lengths[j]
            text = text[0].upper() + text[1:] + "."
            event = rng.randrange(args.events)
            stated = event_dates[event]
            sid = uid(3, i)
            ws.writerow([sid, text, rng.choice(KINDS), uid(1, speakers[j]), "Minister", "", stated.isoformat(),
                         uid(2, event), "", "en", 0, NOW, NOW])
            for k, topic in enumerate(rng.sample(TOPICS, rng.randint(0, 3))):
                wt.writerow([sid, k, topic])
            for k in range(2 if i % 20 == 0 else 1):
                wo.writerow([sid, k, rng.choice(PUBLISHERS), f"https://news.example.org/{i}/{k}", "", stated.isoformat()])
            ids.write(sid + "\n")
    for f in (fs, ft, fo, ids):
        f.close()


if __name__ == "__main__":
    main()
