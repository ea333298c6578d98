"""The city's map as SVG paths, drawn on the server from `regions/data/tangsel-boundaries.geojson`
(MIT, © 2024 Cahya DSN, licence in `regions/data/LICENSE-wilayah_boundaries`): no tile server,
no script. As the data's README advises, each kecamatan is filled through its kelurahan (the
kecamatan polygons are crude) and the kecamatan label sits at the kecamatan's centroid.

The geometry never changes at run time, so it is projected once per process."""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GEOJSON = Path(__file__).resolve().parent.parent / "regions" / "data" / "tangsel-boundaries.geojson"
WIDTH = 600  # the SVG's viewBox width; the height follows the city's shape


@dataclass(frozen=True)
class Area:
    code: str  # the kecamatan's Kemendagri code, 36.74.01
    name: str
    paths: tuple[str, ...]  # one per kelurahan
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Shape:
    width: int
    height: int
    areas: tuple[Area, ...]


def _rings(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@cache
def city_shape() -> Shape:
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    kelurahan = [f for f in features if f["properties"]["level"] == "kelurahan"]
    points = [pt for f in kelurahan for ring in _rings(f["geometry"]) for pt in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    # Equirectangular, with longitude shrunk by the cosine of the latitude: true to shape at
    # a city's size.
    squash = math.cos(math.radians((min_y + max_y) / 2))
    scale = WIDTH / ((max_x - min_x) * squash)
    height = round((max_y - min_y) * scale)

    def xy(lng: float, lat: float) -> tuple[float, float]:
        return round((lng - min_x) * squash * scale, 1), round((max_y - lat) * scale, 1)

    def path(geometry: dict) -> str:
        parts = []
        for ring in _rings(geometry):
            coords = [xy(*pt) for pt in ring]
            parts.append("M" + "L".join(f"{x},{y}" for x, y in coords) + "Z")
        return "".join(parts)

    by_code: dict[str, list[str]] = {}
    for f in kelurahan:
        by_code.setdefault(f["properties"]["code"].rsplit(".", 1)[0], []).append(path(f["geometry"]))
    areas = []
    for f in features:
        props = f["properties"]
        if props["level"] != "kecamatan":
            continue
        x, y = xy(*props["centroid"])
        areas.append(Area(props["code"], props["name"], tuple(by_code.get(props["code"], ())), x, y))
    return Shape(WIDTH, height, tuple(sorted(areas, key=lambda a: a.code)))
