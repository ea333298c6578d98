"""A small map of a business's kecamatan with its visit points, drawn on the server as inline
SVG from the Tangsel boundaries in `inventory/data/` (no tiles, no script, works offline)."""

import json
import math
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

BOUNDARIES = Path(__file__).parent / "data" / "tangsel-boundaries.geojson"
WIDTH = 300  # SVG user units; the picture scales to its box
MARGIN = 8


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    d: str  # SVG path
    highlighted: bool


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    latest: bool
    title: str


@dataclass(frozen=True)
class VisitMap:
    width: int
    height: int
    areas: list[Area]
    points: list[Point]
    outside: int  # visits whose position lies outside the drawn kecamatan's box


@cache
def _features() -> list[dict]:
    return json.loads(BOUNDARIES.read_text())["features"]


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@dataclass(frozen=True)
class _Frame:
    """A kecamatan's kelurahan drawn once: the projection and each area's path."""

    west: float
    east: float
    south: float
    north: float
    squeeze: float
    scale: float
    height: int
    paths: tuple  # (code, name, SVG path) per kelurahan

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round(MARGIN + (lon - self.west) * self.squeeze * self.scale, 1),
            round(MARGIN + (self.north - lat) * self.scale, 1),
        )


@cache
def _frame(kecamatan_code: str) -> _Frame | None:
    """Projected once per process: the boundaries are a file shipped with the code, and
    projecting every ring took a few milliseconds of every business page."""
    prefix = kecamatan_code + "."
    areas = [
        f for f in _features() if f["properties"]["level"] == "kelurahan" and f["properties"]["code"].startswith(prefix)
    ]
    if not areas:
        return None
    lons = [x for f in areas for ring in _rings(f["geometry"]) for x, _y in ring]
    lats = [y for f in areas for ring in _rings(f["geometry"]) for _x, y in ring]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    squeeze = math.cos(math.radians((north + south) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * squeeze)
    height = round((north - south) * scale + 2 * MARGIN)
    frame = _Frame(west, east, south, north, squeeze, scale, height, ())
    paths = []
    for f in areas:
        parts = []
        for ring in _rings(f["geometry"]):
            xy = [frame.project(lon, lat) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x},{y}" for x, y in xy) + " Z")
        paths.append((f["properties"]["code"], f["properties"]["name"], " ".join(parts)))
    return replace(frame, paths=tuple(paths))


def visit_map(
    *, kecamatan_code: str, kelurahan_code: str, positions: list[tuple[float, float, str]]
) -> VisitMap | None:
    """The kelurahan of `kecamatan_code` (the business's own highlighted) and `positions`
    ((latitude, longitude, title), newest first). None when the boundaries lack the kecamatan."""
    frame = _frame(kecamatan_code)
    if frame is None:
        return None
    west, east, south, north, project = frame.west, frame.east, frame.south, frame.north, frame.project
    drawn = [Area(code, name, path, code == kelurahan_code) for code, name, path in frame.paths]
    points, outside = [], 0
    for i, (lat, lon, title) in enumerate(positions):
        if not (west <= lon <= east and south <= lat <= north):
            outside += 1
            continue
        x, y = project(lon, lat)
        points.append(Point(x, y, i == 0, title))
    # The newest last, so it is drawn on top.
    points.sort(key=lambda p: p.latest)
    return VisitMap(WIDTH, frame.height, drawn, points, outside)
