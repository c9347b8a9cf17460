#!/usr/bin/env python3
"""Synthetic residents' survey for benchmarking `cohesion survey weight` against R's survey::rake.

    bench/survey-data.py N OUTDIR

Writes OUTDIR/responses.csv (id, age_sex, ethnic_group, ward and an answer column that is not a
weighting variable) and OUTDIR/targets.csv (variable, category, population) with Walsall-like
populations: 20 wards of about 14,000 adults each, ethnic groups White 76%, Asian 15%, Black 4%,
Mixed 3%, Other 2%. The sample is skewed the way a postal survey's is: older people, women,
White residents and the leafier wards answer more, and Asian residents live mostly in four
central wards, so the variables are correlated and raking has work to do. Each margin's total
differs from the wards' by up to 0.3%, as ONS's perturbed tables do. A fixed seed makes every
run with the same N the same.
"""
import csv
import os
import random
import sys

WARDS = [
    "Aldridge Central and South", "Aldridge North and Walsall Wood", "Bentley and Darlaston North",
    "Birchills Leamore", "Blakenall", "Bloxwich East", "Bloxwich West", "Brownhills",
    "Darlaston South", "Paddock", "Palfrey", "Pelsall", "Pheasey Park Farm", "Pleck",
    "Rushall-Shelfield", "Short Heath", "St Matthew's", "Streetly", "Willenhall North", "Willenhall South",
]
CENTRAL = {"Palfrey", "Pleck", "St Matthew's", "Birchills Leamore"}
LEAFY = {"Aldridge Central and South", "Streetly", "Pheasey Park Farm", "Pelsall", "Paddock"}
ETHNIC = {"White": 0.76, "Asian": 0.15, "Black": 0.04, "Mixed": 0.03, "Other": 0.02}
AGE_SEX = {"Female 16-44": 0.245, "Female 45+": 0.265, "Male 16-44": 0.25, "Male 45+": 0.24}
# How much more (or less) likely than average each group is to answer.
RESPONSE_ETHNIC = {"White": 1.25, "Asian": 0.6, "Black": 0.55, "Mixed": 0.7, "Other": 0.5}
RESPONSE_AGE_SEX = {"Female 16-44": 0.8, "Female 45+": 1.5, "Male 16-44": 0.55, "Male 45+": 1.2}


def weighted_choice(rng, shares):
    keys = list(shares)
    return rng.choices(keys, weights=[shares[k] for k in keys])[0]


def ethnic_shares(ward):
    """Asian residents concentrated in the central wards, keeping the district's 15%."""
    shares = dict(ETHNIC)
    if ward in CENTRAL:
        shares["Asian"], shares["White"] = 0.42, 0.49
    else:
        shares["Asian"], shares["White"] = 0.0825, 0.8275
    return shares


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: survey-data.py N OUTDIR")
    n, outdir = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261207)
    os.makedirs(outdir, exist_ok=True)

    ward_population = {w: rng.randint(12_500, 15_800) for w in WARDS}
    total = sum(ward_population.values())

    def perturbed(shares):
        factor = 1 + rng.uniform(-0.003, 0.003)
        return {k: round(v * total * factor) for k, v in shares.items()}

    with open(os.path.join(outdir, "targets.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["variable", "category", "population"])
        for category, population in perturbed(AGE_SEX).items():
            out.writerow(["age_sex", category, population])
        for category, population in perturbed(ETHNIC).items():
            out.writerow(["ethnic_group", category, population])
        for ward, population in ward_population.items():
            out.writerow(["ward", ward, population])

    ward_response = {w: (1.4 if w in LEAFY else 0.7 if w in CENTRAL else 1.0) * ward_population[w] for w in WARDS}
    with open(os.path.join(outdir, "responses.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["id", "age_sex", "ethnic_group", "ward", "agree_get_on"])
        for i in range(1, n + 1):
            ward = weighted_choice(rng, ward_response)
            shares = ethnic_shares(ward)
            ethnic = weighted_choice(rng, {k: v * RESPONSE_ETHNIC[k] for k, v in shares.items()})
            age_sex = weighted_choice(rng, {k: v * RESPONSE_AGE_SEX[k] for k, v in AGE_SEX.items()})
            agree = "yes" if rng.random() < (0.8 if age_sex.endswith("45+") else 0.7) else "no"
            out.writerow([f"R{i:06d}", age_sex, ethnic, ward, agree])


if __name__ == "__main__":
    main()
