#!/usr/bin/env python3
"""Prints the service's search latencies beside the floor's (plain Lucene, in-process) as a Markdown table, with the
product's targets checked: at one client p50 <= 10 ms, p99 <= 50 ms and both within 3x of the floor; at four
clients p99 <= 50 ms and at least 150 requests/s.

    bench/compare.py SERVICE_TSV FLOOR_TSV

SERVICE_TSV: `shape clients requests/s p50 p99` a line, latencies as wrk prints them (77.00us, 4.60ms, 1.20s).
FLOOR_TSV: the floor's --out file.
"""
import csv
import sys

LABELS = {"one": "search, one term", "two": "search, two terms", "phrase": "search, phrase",
          "filtered": "search + speaker + 1-year range", "facets": "search + all facets"}
P50_MAX, P99_MAX, FLOOR_RATIO_MAX = 10.0, 50.0, 3.0
P99_MAX_4, RPS_MIN_4 = 50.0, 150.0


def ms(wrk):
    """A wrk latency in milliseconds."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60000.0)):
        if wrk.endswith(unit):
            return float(wrk[:-len(unit)]) * factor
    raise ValueError(f"not a wrk latency: {wrk}")


def fmt(value):
    return f"{value:.2f} ms" if value >= 0.1 else f"{value * 1000:.0f} us"


def main():
    service = {}
    with open(sys.argv[1]) as f:
        for shape, clients, rps, p50, p99 in csv.reader(f, delimiter="\t"):
            service[(shape, int(clients))] = (float(rps), ms(p50), ms(p99))
    with open(sys.argv[2]) as f:
        floor = {row["shape"]: row for row in csv.DictReader(f, delimiter="\t")}

    print("| search shape | service p50 | service p99 | floor p50 | floor p99 | p50 ratio | p99 ratio"
          " | 1 client: target | 4 clients: requests/s, p99 | 4 clients: target |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    if ("trivial", 1) in service:
        _, t50, t99 = service[("trivial", 1)]
        rps4 = service.get(("trivial", 4), (0, 0, 0))
        print(f"| HTTP alone (trivial endpoint) | {fmt(t50)} | {fmt(t99)} | | | | | | "
              f"{rps4[0]:.0f}, {fmt(rps4[2])} | |")
    missed = 0
    for shape, label in LABELS.items():
        if (shape, 1) not in service or shape not in floor:
            continue
        _, s50, s99 = service[(shape, 1)]
        f50, f99 = float(floor[shape]["p50_ms"]), float(floor[shape]["p99_ms"])
        r50, r99 = s50 / f50, s99 / f99
        why = [text for failed, text in ((s50 > P50_MAX, f"p50 > {P50_MAX:.0f} ms"),
                                         (s99 > P99_MAX, f"p99 > {P99_MAX:.0f} ms"),
                                         (r50 > FLOOR_RATIO_MAX, f"p50 > {FLOOR_RATIO_MAX:.0f}x floor"),
                                         (r99 > FLOOR_RATIO_MAX, f"p99 > {FLOOR_RATIO_MAX:.0f}x floor")) if failed]
        one = "met" if not why else "missed: " + ", ".join(why)
        four, four_target = "", ""
        if (shape, 4) in service:
            rps4, _, p99_4 = service[(shape, 4)]
            why4 = [text for failed, text in ((p99_4 > P99_MAX_4, f"p99 > {P99_MAX_4:.0f} ms"),
                                              (rps4 < RPS_MIN_4, f"< {RPS_MIN_4:.0f} requests/s")) if failed]
            four = f"{rps4:.0f}, {fmt(p99_4)}"
            four_target = "met" if not why4 else "missed: " + ", ".join(why4)
            missed += bool(why4)
        missed += bool(why)
        print(f"| {label} | {fmt(s50)} | {fmt(s99)} | {fmt(f50)} | {fmt(f99)} | {r50:.1f}x | {r99:.1f}x"
              f" | {one} | {four} | {four_target} |")
    print()
    print(f"Targets: at 1 client p50 <= {P50_MAX:.0f} ms, p99 <= {P99_MAX:.0f} ms, each within {FLOOR_RATIO_MAX:.0f}x"
          f" of the floor's; at 4 clients p99 <= {P99_MAX_4:.0f} ms and >= {RPS_MIN_4:.0f} requests/s."
          f" {'All met.' if not missed else f'{missed} missed.'}")


if __name__ == "__main__":
    main()
