"""The rubric (ids, groups, labels, weights), read once from ``data/rubric.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from pipeline.config import PACKAGE_DATA

VERDICTS = ("yes", "partial", "no")


@dataclass(frozen=True)
class Criterion:
    id: str
    group: str  # "end" | "start"
    label: str


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    verdict_points: dict[str, float]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    def group_of(self, criterion_id: str) -> str:
        return self[criterion_id].group

    def __getitem__(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(f"unknown criterion {criterion_id!r}; known: {', '.join(self.ids)}")

    def group_size(self, group: str) -> int:
        return sum(1 for c in self.criteria if c.group == group)

    def totals(self, verdicts: dict[str, str]) -> dict[str, float | int]:
        """Totals as the rubric prints them: ``end x/4``, ``start y/5``, overall /9."""
        sums = {"end": 0.0, "start": 0.0}
        for criterion in self.criteria:
            sums[criterion.group] += self.verdict_points[verdicts[criterion.id]]
        return {
            "end": sums["end"],
            "end_of": self.group_size("end"),
            "start": sums["start"],
            "start_of": self.group_size("start"),
            "overall": sums["end"] + sums["start"],
            "overall_of": len(self.criteria),
        }


@lru_cache(maxsize=1)
def load_rubric() -> Rubric:
    raw = yaml.safe_load((PACKAGE_DATA / "rubric.yaml").read_text(encoding="utf-8"))
    criteria = tuple(Criterion(**row) for row in raw["criteria"])
    points = {str(k): float(v) for k, v in raw["verdict_points"].items()}
    return Rubric(criteria=criteria, verdict_points=points)


CRITERIA_IDS: tuple[str, ...] = (
    "end_qi_law_enforcement",
    "end_qi_public_employees",
    "end_qi_state_constitution",
    "no_liability_caps",
    "failure_to_intervene",
    "full_compensation",
    "attorney_fees",
    "individual_accountability",
    "public_records",
)
