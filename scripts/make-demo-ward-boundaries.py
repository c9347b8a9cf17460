#!/usr/bin/env python3
"""Write Resources/Seed/walsall-wards-2022.geojson: the 20 Walsall wards (December 2022
boundaries) for the demo's map, from ../shared/data/boundaries/walsall_wards_2022_geographr.geojson.
Keeps only each ward's code and name (WD22CD, WD22NM) and the geometry, with coordinates rounded
to 5 decimal places (about a metre), and the source and licence in the file's metadata, so the
demo draws a real choropleth of the wards out of the box. Standard library only.

    python3 scripts/make-demo-ward-boundaries.py
"""
import json
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SHARED = os.environ.get("COHESION_SHARED_DATA") or os.path.join(ROOT, "..", "shared", "data")
SOURCE = os.path.join(SHARED, "boundaries", "walsall_wards_2022_geographr.geojson")
TARGET = os.path.join(ROOT, "Resources", "Seed", "walsall-wards-2022.geojson")


def rounded(value):
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return round(value, 5)


def main():
    with open(SOURCE, encoding="utf-8") as f:
        source = json.load(f)
    features = []
    for feature in source["features"]:
        props = feature["properties"]
        features.append({
            "type": "Feature",
            "properties": {"WD22CD": props["WD22CD"], "WD22NM": props["WD22NM"]},
            "geometry": {"type": feature["geometry"]["type"], "coordinates": rounded(feature["geometry"]["coordinates"])},
        })
    features.sort(key=lambda f: f["properties"]["WD22CD"])
    out = {
        "type": "FeatureCollection",
        "name": "walsall_wards_2022_demo",
        "metadata": {
            "source": "Derived by scripts/make-demo-ward-boundaries.py from " + source["metadata"]["source"],
            "licence": source["metadata"]["licence"],
        },
        "features": features,
    }
    with open(TARGET, "w", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {TARGET}: {len(features)} wards")


if __name__ == "__main__":
    main()
