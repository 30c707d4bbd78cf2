"""Which existing records an imported document names: plans, commitments, committees,
people and organisations, compared with `core.text.arabic.match_key` (one normalisation:
hamza seats, ة/ه, ى/ي, harakat, the years of a plan left out) and then by likeness
(difflib's ratio of the keys), so "لما قطيشات" finds "لمى قطيشات" and the 5th plan written
with and without "2021-2025" is one plan. What matches nothing is reported as new; the
importer creates it only when it is accepted."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core.models import Commitment, Committee, Organisation, Person, Plan
from ogp_desktop.core.text.arabic import match_key

SIMILAR_NAME = 0.88  # people and organisations: one letter in ten may differ
SIMILAR_TITLE = 0.85  # plans, commitments and committees


@dataclass
class Match:
    """How one name written in the document was resolved."""

    kind: str  # plan | commitment | committee | person | organisation
    written: str
    record_id: int | None = None
    record_name: str | None = None
    how: str = "new"  # same (the same name) | number (the plan's or commitment's number) |
    #                   similar (a likeness: a guess to review) | new

    @property
    def new(self) -> bool:
        return self.record_id is None


def likeness(a: str, b: str) -> float:
    """0 … 1: how alike two names are once normalised (1: the same key)."""
    ka, kb = match_key(a), match_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    return difflib.SequenceMatcher(None, ka, kb).ratio()


def numbers(name: str) -> set[int]:
    """The ordinal words and numbers in a name (years left out): "لجنة تنفيذ الالتزام
    الرابع" holds 4. Two names that hold different ones are different records however
    alike the rest of their letters is."""
    from ogp_desktop.core.archive.labels import ordinal

    return {n for w in match_key(name).split() if (n := ordinal(w)) is not None}


def best(written: str, candidates: list[tuple[int, str]], threshold: float) -> tuple[int, str, float] | None:
    """The candidate (id, name) most like `written`, if at least `threshold` alike (and not
    of another number: the first and the fourth commitment's committees differ)."""
    found: tuple[int, str, float] | None = None
    key = match_key(written)
    mine = numbers(written)
    for record_id, name in candidates:
        if match_key(name) == key:
            score = 1.0
        elif mine and (theirs := numbers(name)) and theirs != mine:
            continue
        else:
            score = likeness(written, name)
        if score >= threshold and (found is None or score > found[2]):
            found = (record_id, name, score)
    return found


def _resolved(kind: str, written: str, hit: tuple[int, str, float] | None) -> Match:
    if hit is None:
        return Match(kind, written)
    return Match(kind, written, hit[0], hit[1], "same" if hit[2] >= 1.0 else "similar")


def match_plan(session: Session, written: str, ordinal: int | None) -> Match:
    """By the plan's number ("الرابعة" is plan 4) first, else by its title."""
    plans = list(session.execute(select(Plan.id, Plan.title, Plan.ordinal)))
    if ordinal is not None:
        for pid, title, number in plans:
            if number == ordinal:
                return Match("plan", written, pid, title, "number")
    return _resolved("plan", written, best(written, [(p, t) for p, t, _ in plans], SIMILAR_TITLE))


def match_commitment(session: Session, plan_id: int | None, written: str,
                     number: int | None) -> Match:
    if plan_id is None:
        return Match("commitment", written)
    rows = list(session.execute(select(Commitment.id, Commitment.title, Commitment.number)
                                .where(Commitment.plan_id == plan_id)))
    if number is not None:
        for cid, title, n in rows:
            if n == number:
                return Match("commitment", written, cid, title, "number")
    return _resolved("commitment", written, best(written, [(c, t) for c, t, _ in rows], SIMILAR_TITLE))


def match_committee(session: Session, written: str, *, plan_id: int | None,
                    commitment_id: int | None) -> Match:
    """The committee of that name; else the one of the commitment; else one of the plan
    whose name holds every word written ("مجموعة العمل الوطنية" of the 5th plan is
    "مجموعة العمل الوطنية للخطة الوطنية الخامسة")."""
    rows = list(session.execute(select(Committee.id, Committee.name, Committee.plan_id,
                                       Committee.commitment_id)))
    key = match_key(written)
    for cid, name, _p, _c in rows:
        if match_key(name) == key:
            return Match("committee", written, cid, name, "same")
    if commitment_id is not None:
        linked = [(cid, name) for cid, name, _p, c in rows if c == commitment_id]
        if len(linked) == 1:
            return Match("committee", written, linked[0][0], linked[0][1], "similar")
    words = set(key.split())
    if plan_id is not None and words:
        holding = [(cid, name) for cid, name, p, _c in rows
                   if p == plan_id and words <= set(match_key(name).split())]
        if len(holding) == 1:
            return Match("committee", written, holding[0][0], holding[0][1], "similar")
    return _resolved("committee", written,
                     best(written, [(c, n) for c, n, _p, _cc in rows], SIMILAR_TITLE))


class Directory:
    """The people and organisations, read once per import (a batch reads them per file,
    as earlier files of the batch may have added some)."""

    def __init__(self, session: Session) -> None:
        self.people = [(i, n) for i, n in session.execute(select(Person.id, Person.name))]
        self.organisations = [(i, n) for i, n in session.execute(
            select(Organisation.id, Organisation.name))]
        self._people_keys = {match_key(n): (i, n) for i, n in self.people}
        self._org_keys = {match_key(n): (i, n) for i, n in self.organisations}

    def person(self, written: str) -> Match:
        hit = self._people_keys.get(match_key(written))
        if hit is not None:
            return Match("person", written, hit[0], hit[1], "same")
        return _resolved("person", written, best(written, self.people, SIMILAR_NAME))

    def organisation(self, written: str) -> Match:
        hit = self._org_keys.get(match_key(written))
        if hit is not None:
            return Match("organisation", written, hit[0], hit[1], "same")
        return _resolved("organisation", written, best(written, self.organisations, SIMILAR_NAME))
