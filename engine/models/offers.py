"""The catalog as this computer sees it: which models are offered, and in what order.

``rank`` loads the catalog (``engine.models.catalog``), reads this computer
(``engine.models.hardware.detect_hardware``) and sorts the chat models with
``hardware.recommend``. The window's "Get more models" tab and first-run card and
``hisho models recommend`` all call it, so they offer the same models in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.models.catalog import Catalog, load_catalog
from engine.models.hardware import (
    BUNDLED_SPEED,
    Hardware,
    MeasuredSpeed,
    Recommendation,
    Tier,
    detect_hardware,
    recommend,
)


@dataclass(frozen=True, slots=True)
class Offers:
    """The catalog sorted for this computer."""

    catalog: Catalog
    hardware: Hardware
    ranked: tuple[Recommendation, ...]

    @property
    def recommended(self) -> Recommendation | None:
        first = self.ranked[0] if self.ranked else None
        return first if first is not None and first.tier is Tier.RECOMMENDED else None

    def find(self, entry_id: str) -> Recommendation | None:
        return next((r for r in self.ranked if r.entry.id == entry_id), None)


def rank(
    gpu_offload: bool,
    language: str,
    measured: MeasuredSpeed = BUNDLED_SPEED,
    catalog: Catalog | None = None,
) -> Offers:
    """The catalog's chat models sorted for this computer (``language``: the UI's, "en"
    or "ja"; ``gpu_offload``: the installed llama.cpp can use a GPU). Runs a program to
    ask about the GPU, so the window calls it on a worker."""
    catalog = catalog if catalog is not None else load_catalog()
    hardware = detect_hardware(gpu_offload)
    ranked = recommend(catalog.models(), hardware, language, measured)
    return Offers(catalog, hardware, tuple(ranked))
