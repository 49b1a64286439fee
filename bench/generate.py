#!/usr/bin/env python3
"""Generates a realistic, reproducible Verbatim data set as NDJSON, one import record per line (POST /api/v1/imports).

~5,000 speakers (a sprinkle with non-ASCII names), ~50,000 events over 25 years, and statements of 10-150 words drawn
from a Zipf-distributed English vocabulary, with topics and sources; about 2% are the same words reported again by
another outlet, which the import merges into one statement with several sources. Speakers and events are described
inline, with fixed ids, so that request files can name them. Same seed, same data.

    bench/generate.py --statements 1000000 --out bench/data
"""
import argparse
import json
import os
import random
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

    speakers = []
    for i in range(args.speakers):
        if i % 100 == 0:
            name = NON_ASCII[(i // 100) % len(NON_ASCII)] + f" {i}"
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        kind = "ORGANIZATION" if i % 10 == 0 else "PERSON"
        speakers.append({"id": uid(1, i), "name": name, "kind": kind})
    start = date(2001, 1, 1)
    events = []
    for i in range(args.events):
        day = start + timedelta(days=rng.randrange(25 * 365))
        kind = rng.choice(EVENT_KINDS)
        name = f"{kind.replace('_', ' ').title()} on {rng.choice(TOPICS)} {i}"
        events.append({"id": uid(2, i), "name": name, "kind": kind, "startDate": day.isoformat()})

    out = open(os.path.join(args.out, "statements.ndjson"), "w", encoding="utf-8")
    ids = open(os.path.join(args.out, "statement-ids.txt"), "w")
    with open(os.path.join(args.out, "speaker-ids.txt"), "w") as f:
        f.writelines(s["id"] + "\n" for s in speakers)
    speaker_weights = [1.0 / (rank + 1) for rank in range(args.speakers)]
    batch = 10_000
    previous = []
    for base in range(0, args.statements, batch):
        n = min(batch, args.statements - base)
        # Mostly short statements, some long ones: 10 to 150 words.
        lengths = [min(150, 10 + int(rng.expovariate(1 / 18))) for _ in range(n)]
        drawn = rng.choices(words, weights=weights, k=sum(lengths))
        chosen = rng.choices(range(args.speakers), weights=speaker_weights, k=n)
        offset = 0
        for j in range(n):
            i = base + j
            if previous and i % 50 == 49:
                # The same words again, from another outlet: merged by the import into one statement.
                record = dict(rng.choice(previous))
                record["externalId"] = f"gen-{i}"
                record["text"] = record["text"].upper()
                record["sources"] = [{"publisher": rng.choice(PUBLISHERS),
                                      "url": f"https://news.example.org/{i}/0",
                                      "publishedOn": record["statedOn"]}]
                del record["id"]
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                continue
            text = " ".join(drawn[offset:offset + lengths[j]])
            offset += lengths[j]
            text = text[0].upper() + text[1:] + "."
            event = events[rng.randrange(args.events)]
            sid = uid(3, i)
            record = {
                "externalId": f"gen-{i}",
                "id": sid,
                "text": text,
                "kind": rng.choice(KINDS),
                "speaker": speakers[chosen[j]],
                "speakerRole": "Minister",
                "statedOn": event["startDate"],
                "event": event,
                "language": "en",
                "topics": rng.sample(TOPICS, rng.randint(0, 3)),
                "sources": [{"publisher": rng.choice(PUBLISHERS), "url": f"https://news.example.org/{i}/{k}",
                             "publishedOn": event["startDate"]} for k in range(2 if i % 20 == 0 else 1)],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            ids.write(sid + "\n")
            if len(previous) < 1000:
                previous.append(record)
            elif rng.random() < 0.01:
                previous[rng.randrange(1000)] = record
    out.close()
    ids.close()


if __name__ == "__main__":
    main()
