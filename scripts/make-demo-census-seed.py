#!/usr/bin/env python3
"""Make the demo's Census 2021 seed files for Walsall from the real ONS files.

Reads the ONS files in ../shared/data/census2021-walsall/ beside the project root (or in
$COHESION_SHARED_DATA/census2021-walsall) and writes derived ward- and district-level facts
to Resources/Seed/. The ONS files themselves are never copied into the repository.

    python3 scripts/make-demo-census-seed.py

Outputs (all in the ONS bulk layout `date,geography,geography code,<Topic: Category>...`):
  census2021-ts021-ward-walsall.csv     ethnic group, broad groups: sum of LSOAs per ward
  census2021-ts030-ward-walsall.csv     religion: sum of LSOAs per ward
  census2021-ts029-district-walsall.csv proficiency in English: sum of the 39 MSOAs
  census2021-ts004-district-walsall.csv country of birth, TS004 categories, from TS012 detailed
  census2021-age-sex-district-walsall.csv  sex by broad age (younger / working age / older)

Prints its checks and exits non-zero if any fails. Standard library only.
"""

import csv
import io
import os
import sys
from collections import OrderedDict

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SHARED = os.environ.get("COHESION_SHARED_DATA") or os.path.join(ROOT, "..", "shared", "data")
DATA = os.path.normpath(os.path.join(SHARED, "census2021-walsall"))
OUT = os.path.join(ROOT, "Resources", "Seed")

LOOKUP = "walsall_lsoa21_to_ward24_lookup.csv"
TS021 = "census2021-ts021-lsoa-walsall-broad.csv"
TS030 = "census2021-ts030-lsoa-walsall.csv"
TS029 = "census2021-ts029-msoa-walsall-subset.csv"
TS012 = "census2021-ts012-ltla-walsall-country-of-birth-detailed-long.csv"
AGE_SEX = "age_gender21_ltla21_walsall.csv"

DISTRICT_NAME = "Walsall"
DISTRICT_CODE = "E08000030"
CENSUS_DATE = "2021"
WARD_CODES = ["E050013%02d" % n for n in range(1, 21)]  # E05001301 ... E05001320

failures = []


def check(ok, message):
    print(("PASS  " if ok else "FAIL  ") + message)
    if not ok:
        failures.append(message)


def read_text(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        return f.read()


def read_rows(name):
    """Header line as written (without its newline), parsed header, and data rows."""
    text = read_text(name)
    header_line = text.split("\n", 1)[0].rstrip("\r")
    rows = list(csv.reader(io.StringIO(text)))
    return header_line, rows[0], [r for r in rows[1:] if r]


def as_int(value, where):
    """A count such as "6649" or "6649.0" as an int; anything fractional is an error."""
    number = float(value)
    if number != int(number):
        raise SystemExit("not a whole count: %r (%s)" % (value, where))
    return int(number)


def csv_text(header, rows):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write(name, header, rows):
    text = csv_text(header, rows)
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print("wrote Resources/Seed/%s (%d data rows)" % (name, len(rows)))
    return text


def ward_sums(input_name, lookup, output_name):
    """Sum an ONS bulk LSOA file's counts into wards; same header, one row per ward."""
    header_line, header, rows = read_rows(input_name)
    if header[:3] != ["date", "geography", "geography code"]:
        raise SystemExit("%s is not in the ONS bulk layout" % input_name)
    value_columns = len(header) - 3
    dates = {r[0] for r in rows}
    if len(dates) != 1:
        raise SystemExit("%s has more than one date: %s" % (input_name, sorted(dates)))
    date = dates.pop()

    sums = OrderedDict((code, [0] * value_columns) for code in sorted(lookup_names(lookup)))
    lsoa_totals = [0] * value_columns
    seen = set()
    for r in rows:
        lsoa = r[2]
        if lsoa not in lookup:
            raise SystemExit("%s: LSOA %s is not in the lookup" % (input_name, lsoa))
        if lsoa in seen:
            raise SystemExit("%s: LSOA %s appears twice" % (input_name, lsoa))
        seen.add(lsoa)
        ward_code = lookup[lsoa][0]
        for i, v in enumerate(r[3:]):
            n = as_int(v, "%s %s" % (input_name, lsoa))
            sums[ward_code][i] += n
            lsoa_totals[i] += n
    names = lookup_names(lookup)
    out_rows = [[date, names[code], code] + values for code, values in sums.items()]
    text = write(output_name, header, out_rows)

    out_header_line = text.split("\n", 1)[0]
    check(out_header_line == header_line, "%s header line equals %s header line" % (output_name, input_name))
    check(len(out_rows) == 20 and [r[2] for r in out_rows] == WARD_CODES,
          "%s has 20 ward rows, E05001301..E05001320 in order (%d rows)" % (output_name, len(out_rows)))
    check(len(seen) == 169 and seen == set(lookup), "%s: all 169 LSOAs of the lookup used once (%d)" % (input_name, len(seen)))
    ward_totals = [sum(r[3 + i] for r in out_rows) for i in range(value_columns)]
    check(ward_totals == lsoa_totals, "%s: ward sums equal the LSOA sums in every column" % output_name)
    return header, out_rows


def lookup_names(lookup):
    return {ward: name for ward, name in lookup.values()}


def load_lookup():
    _, header, rows = read_rows(LOOKUP)
    idx = {h: i for i, h in enumerate(header)}
    lookup = {}
    for r in rows:
        if r[idx["ltla24_code"]] != DISTRICT_CODE:
            raise SystemExit("lookup row outside Walsall: %r" % r)
        lookup[r[idx["lsoa21_code"]]] = (r[idx["ward24_code"]], r[idx["ward24_name"]])
    names = lookup_names(lookup)
    check(len(lookup) == 169 and sorted(names) == WARD_CODES,
          "lookup: 169 LSOAs into the 20 wards E05001301..E05001320 (%d LSOAs, %d wards)" % (len(lookup), len(names)))
    return lookup


def column(header, row, name):
    return row[header.index(name)]


def ts029_district():
    _, header, rows = read_rows(TS029)
    counts = [h for h in header[2:] if not h.startswith("Proportion")]
    top = ["Main language is English (English or Welsh in Wales)",
           "Main language is not English (English or Welsh in Wales)"]
    subs = [h for h in counts if h.startswith(top[1] + ": ")]
    sums = OrderedDict((h, 0) for h in counts)
    for r in rows:
        where = "%s %s" % (TS029, r[0])
        for h in counts:
            sums[h] += as_int(column(header, r, h), where)
        not_english = as_int(column(header, r, top[1]), where)
        if sum(as_int(column(header, r, h), where) for h in subs) != not_english:
            check(False, "%s: MSOA %s sub-categories sum to 'Main language is not English'" % (TS029, r[0]))
    total = sums[top[0]] + sums[top[1]]
    prefix = "Proficiency in English language: "
    out_header = ["date", "geography", "geography code",
                  prefix + "Total: All usual residents aged 3 and over"] + [prefix + h for h in counts]
    out_row = [CENSUS_DATE, DISTRICT_NAME, DISTRICT_CODE, total] + list(sums.values())
    write("census2021-ts029-district-walsall.csv", out_header, [out_row])
    check(len(rows) == 39 and len({r[0] for r in rows}) == 39, "%s: 39 distinct MSOAs summed (%d)" % (TS029, len(rows)))
    check(sum(sums[h] for h in subs) == sums[top[1]],
          "TS029: the four 'not English' sub-categories sum to 'Main language is not English' (%d)" % sums[top[1]])
    print("      TS029 total aged 3 and over: %d" % total)
    return out_header, out_row


# TS004 categories and the snake_case keys of the TS012 (detailed) long file that give exactly
# that figure. TS012 has no separate "British Overseas" category and does not split the EU
# countries that joined 2001-2011 into EU8 / EU2 / others (Cyprus, Malta), so TS004's EU8, EU2,
# "All other EU countries" and "British Overseas" are left out rather than guessed.
TS004_FROM_TS012 = [
    ("Europe", ["europe"]),
    ("Europe: United Kingdom", ["europe_united_kingdom"]),
    ("Europe: EU countries", ["europe_other_europe_eu_countries"]),
    # EU14 = the EU members of March 2001 other than the UK (Austria, Belgium, Denmark, Finland,
    # France, Germany, Greece, Ireland, Italy, Luxembourg, Netherlands, Portugal, Spain, Sweden).
    ("Europe: EU countries: European Union EU14",
     ["europe_other_europe_eu_countries_member_countries_in_march_2001"]),
    ("Europe: Non-EU countries", ["europe_other_europe_rest_of_europe"]),
    ("Africa", ["africa"]),
    ("Middle East and Asia", ["middle_east_and_asia"]),
    ("The Americas and the Caribbean", ["the_americas_and_the_caribbean"]),
    ("Antarctica and Oceania (including Australasia) and Other", ["antarctica_and_oceania", "other"]),
]
TS004_TOP_LEVEL = ["europe", "africa", "middle_east_and_asia", "the_americas_and_the_caribbean",
                   "antarctica_and_oceania", "other"]


def ts004_district():
    _, header, rows = read_rows(TS012)
    values = {}
    totals = set()
    for r in rows:
        if column(header, r, "ltla21_code") != DISTRICT_CODE:
            raise SystemExit("%s: row outside Walsall: %r" % (TS012, r))
        key = column(header, r, "country_of_birth")
        if key in values:
            raise SystemExit("%s: %s appears twice" % (TS012, key))
        values[key] = as_int(column(header, r, "value"), "%s %s" % (TS012, key))
        totals.add(as_int(column(header, r, "total_all_usual_residents"), TS012))
    if len(totals) != 1:
        raise SystemExit("%s: more than one total: %s" % (TS012, sorted(totals)))
    total = totals.pop()
    prefix = "Country of birth: "
    out_header = ["date", "geography", "geography code", prefix + "Total: All usual residents"]
    out_row = [CENSUS_DATE, DISTRICT_NAME, DISTRICT_CODE, total]
    for category, keys in TS004_FROM_TS012:
        missing = [k for k in keys if k not in values]
        if missing:
            raise SystemExit("%s: no %s for %s" % (TS012, missing, category))
        out_header.append(prefix + category)
        out_row.append(sum(values[k] for k in keys))
    write("census2021-ts004-district-walsall.csv", out_header, [out_row])
    check(sum(values[k] for k in TS004_TOP_LEVEL) == total,
          "TS012: the six top-level regions sum to total_all_usual_residents (%d)" % total)
    check(values["europe_united_kingdom"] + values["europe_other_europe"] == values["europe"],
          "TS012: Europe = United Kingdom + Other Europe")
    check(values["europe_other_europe_eu_countries"] + values["europe_other_europe_rest_of_europe"]
          == values["europe_other_europe"], "TS012: Other Europe = EU countries + Rest of Europe")
    return out_header, out_row


def age_sex_district():
    _, header, rows = read_rows(AGE_SEX)
    if len(rows) != 1 or column(header, rows[0], "ltla21_code") != DISTRICT_CODE:
        raise SystemExit("%s: expected one Walsall row" % AGE_SEX)
    r = rows[0]
    spec = [
        ("Total: All usual residents", "total_population"),
        ("Females", "total_females"),
        ("Females: Younger", "younger_females"),
        ("Females: Working age", "working_age_females"),
        ("Females: Older", "older_females"),
        ("Males", "total_males"),
        ("Males: Younger", "younger_males"),
        ("Males: Working age", "working_age_males"),
        ("Males: Older", "older_males"),
    ]
    v = {key: as_int(column(header, r, key), "%s %s" % (AGE_SEX, key)) for _, key in spec}
    out_header = ["date", "geography", "geography code"] + ["Age and sex: " + label for label, _ in spec]
    out_row = [CENSUS_DATE, DISTRICT_NAME, DISTRICT_CODE] + [v[key] for _, key in spec]
    write("census2021-age-sex-district-walsall.csv", out_header, [out_row])
    check(v["total_females"] + v["total_males"] == v["total_population"],
          "age/sex: females + males = total (%d)" % v["total_population"])
    for sex in ("females", "males"):
        bands = v["younger_" + sex] + v["working_age_" + sex] + v["older_" + sex]
        print("      note: %s younger + working age + older = %d, %d short of total_%s %d "
              "(the file's bands do not cover every age)" % (sex, bands, v["total_" + sex] - bands, sex, v["total_" + sex]))
    return out_header, out_row


def main():
    if not os.path.exists(os.path.join(DATA, LOOKUP)):
        print("ONS files not found in %s (set COHESION_SHARED_DATA to the shared data folder)" % DATA)
        return 2
    os.makedirs(OUT, exist_ok=True)
    print("reading %s" % DATA)
    lookup = load_lookup()

    h21, rows21 = ward_sums(TS021, lookup, "census2021-ts021-ward-walsall.csv")
    total21 = sum(r[3] for r in rows21)
    check(h21[3] == "Ethnic group: Total: All usual residents" and total21 == 284157,
          "TS021 ward totals sum to 284,157 (%s)" % format(total21, ","))
    check(all(r[3] == sum(r[4:]) for r in rows21), "TS021: each ward's total equals the sum of its five groups")

    h30, rows30 = ward_sums(TS030, lookup, "census2021-ts030-ward-walsall.csv")
    christian = sum(r[h30.index("Religion: Christian")] for r in rows30)
    muslim = sum(r[h30.index("Religion: Muslim")] for r in rows30)
    total30 = sum(r[3] for r in rows30)
    check(christian == 126915, "TS030 Christian sums to 126,915 (%s)" % format(christian, ","))
    check(muslim == 32107, "TS030 Muslim sums to 32,107 (%s)" % format(muslim, ","))
    check(all(r[3] == sum(r[4:]) for r in rows30), "TS030: each ward's total equals the sum of its ten categories")
    print("      TS030 ward totals sum to %s (TS021: %s; ONS perturbs each table independently)"
          % (format(total30, ","), format(total21, ",")))

    ts029_district()
    ts004_district()
    age_sex_district()

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
