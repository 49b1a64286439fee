#!/usr/bin/env python3
"""Writes the benchmark's request list, drawn from a generated data set: one request a line, `shape TAB path`.

bench/run.sh sends these paths to the service with wrk, shape by shape, and the floor (bench/floor) runs the search
shapes of the same file in-process on plain Lucene, so both answer exactly the same requests. Same data and seed,
same list.

    bench/queries.py --gen target/bench/generated-200000 --out target/bench/queries-200000.tsv
"""
import argparse
import random

# Words of the generated vocabulary that news about diplomacy uses; all occur in the data, some in event names too.
WORDS = "ceasefire peace sanctions energy security trade defence aid elections border troops crisis".split()
FACETS = "speaker,event,kind,topic,year,publisher"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gen", required=True, help="the directory bench/generate.py wrote")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--gets", type=int, default=2000, help="how many statements get by id draws from")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(f"{args.gen}/statement-ids.txt") as f:
        statement_ids = f.read().split()
    with open(f"{args.gen}/speaker-ids.txt") as f:
        speaker_ids = f.read().split()
    # The first speaker says the most (the generator draws speakers Zipf-like): a filter that keeps some hits.
    speaker = speaker_ids[0]

    rows = [("trivial", "/q/health/live")]
    rows += [("get", f"/api/v1/statements/{i}")
             for i in rng.sample(statement_ids, min(args.gets, len(statement_ids)))]
    rows += [("by-speaker", f"/api/v1/statements?speakerId={s}") for s in speaker_ids[:200]]
    rows += [("one", f"/api/v1/statements?q={a}") for a in WORDS]
    pairs = [(a, b) for a in WORDS for b in WORDS if a != b]
    rows += [("two", f"/api/v1/statements?q={a}+{b}") for a, b in pairs]
    rows += [("phrase", f"/api/v1/statements?q=%22{a}+{b}%22") for a, b in pairs]
    rows += [("filtered", f"/api/v1/statements?q={a}+{b}&speakerId={speaker}&from=2010-01-01&to=2010-12-31")
             for a, b in pairs]
    rows += [("facets", f"/api/v1/statements?q={a}+{b}&facets={FACETS}") for a, b in pairs]
    with open(args.out, "w") as out:
        out.writelines(f"{shape}\t{path}\n" for shape, path in rows)


if __name__ == "__main__":
    main()
