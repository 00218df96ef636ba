"""Neighbourhoods made of LSOAs: an officer names a set of LSOAs (by searching the register, by
uploading a list of codes, or by starting from one LSOA and adding the LSOAs near it), and the
register combines their figures by one stated method (docs/register.md, "Neighbourhoods made of
LSOAs"):

- **Weights**: each LSOA's mid-2022 population (IoD2025 File 7's denominator). If any LSOA has
  no population, every LSOA weighs the same, and the page says so ("equal weights").
- **Scores**: the weighted mean of the LSOAs' IMD scores, and of their CNI scores, of one
  edition each (LSOAs of another edition are left out, and counted).
- **Re-ranked against England**: the combined score's rank among every LSOA of that edition in
  the register (1 + the number of LSOAs with a higher score), and its decile, ceil(10 x rank /
  the number of LSOAs). Ranks are never averaged: a mean of ranks is not a rank of anything.
- **Doubly disadvantaged share**: the share of its people (of its LSOAs, under equal weights)
  living in LSOAs that are doubly disadvantaged in their own right.

Limits: a mean score is less extreme than its most deprived LSOAs, so a neighbourhood's decile
is usually no worse than its worst LSOA's; it places the neighbourhood among LSOAs (of about
1,500 people), not among areas of its own size; and the register has no adjacency data, so
"nearby" LSOAs are those of the same local authority with the nearest codes."""

from __future__ import annotations

import re
from collections import Counter

from django.db import IntegrityError, transaction
from django.utils import timezone

from cwf.accounts import permissions
from cwf.accounts.models import User
from cwf.core.errors import DomainError

from ..models import LsoaNeighbourhood, Neighbourhood

LSOA_CODE = re.compile(r"\bE01\d{6}\b", re.IGNORECASE)
CODE_FILE_MAX_BYTES = 1024 * 1024


def codes_in(text: str) -> list[str]:
    """Every LSOA code in a pasted list or an uploaded file (any separator, any columns), in
    order, each once."""
    return list(dict.fromkeys(code.upper() for code in LSOA_CODE.findall(text or "")))


def codes_in_upload(upload) -> list[str]:
    if upload is None:
        return []
    if upload.size > CODE_FILE_MAX_BYTES:
        raise DomainError("The list of codes is too large: keep it under 1 MB.", field="file")
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    codes = codes_in(text)
    if not codes:
        raise DomainError("The file has no LSOA codes in it (E01 and six digits).", field="file")
    return codes


def _lsoas(codes: list[str]) -> list[Neighbourhood]:
    wanted = list(dict.fromkeys(code.strip().upper() for code in codes if code.strip()))
    if not wanted:
        raise DomainError("Choose at least one LSOA.", field="codes")
    found = {n.code: n for n in Neighbourhood.objects.filter(code__in=wanted, kind="lsoa")}
    missing = [code for code in wanted if code not in found]
    if missing:
        shown = ", ".join(missing[:20]) + (
            f" and {len(missing) - 20} more" if len(missing) > 20 else ""
        )
        raise DomainError(
            f"Not LSOAs in the register: {shown}. Check the codes, or import IoD2025 File 7 first.",
            field="codes",
        )
    return [found[code] for code in wanted]


def lsoa_neighbourhood_create(*, actor: User, name: str, codes: list[str]) -> LsoaNeighbourhood:
    permissions.require_officer(actor, to="build neighbourhoods")
    name = name.strip()
    if not name:
        raise DomainError("Give the neighbourhood a name.", field="name")
    lsoas = _lsoas(codes)
    try:
        with transaction.atomic():
            area = LsoaNeighbourhood.objects.create(name=name, created_by=actor)
            area.lsoas.set(lsoas)
            combine(area)
    except IntegrityError:
        raise DomainError(
            f"There is already a neighbourhood called {name}.", field="name"
        ) from None
    return area


def lsoa_neighbourhood_change(
    *, actor: User, area_id: int, add: list[str] = (), remove: list[str] = ()
) -> LsoaNeighbourhood:
    """Add and remove LSOAs; its partnerships' neighbourhoods follow."""
    permissions.require_officer(actor, to="change neighbourhoods")
    with transaction.atomic():
        area = LsoaNeighbourhood.objects.select_for_update().get(pk=area_id)
        if add:
            area.lsoas.add(*_lsoas(list(add)))
        if remove:
            area.lsoas.remove(*Neighbourhood.objects.filter(code__in=list(remove)))
        if not area.lsoas.exists():
            raise DomainError("A neighbourhood needs at least one LSOA.", field="codes")
        _recombined(area)
    return area


def lsoa_neighbourhood_set(*, actor: User, area_id: int, codes: list[str]) -> LsoaNeighbourhood:
    """Make the neighbourhood exactly these LSOAs (a partnership's edit form names them all);
    its figures are recombined and its partnerships' neighbourhoods follow."""
    permissions.require_officer(actor, to="change neighbourhoods")
    lsoas = _lsoas(codes)
    with transaction.atomic():
        area = LsoaNeighbourhood.objects.select_for_update().get(pk=area_id)
        area.lsoas.set(lsoas)
        _recombined(area)
    return area


def _recombined(area: LsoaNeighbourhood) -> None:
    combine(area)
    lsoas = list(area.lsoas.all())
    for partnership in area.partnerships.all():
        partnership.neighbourhoods.set(lsoas)


def nearby_lsoas(*, code: str, exclude=(), limit: int = 12) -> list[Neighbourhood]:
    """The register has no adjacency data (which LSOAs touch). The honest alternative: the LSOAs
    of the same local authority with the nearest codes (codes were given out area by area, so
    near codes are often, not always, near on the map)."""
    start = Neighbourhood.objects.filter(code=code.upper(), kind="lsoa").first()
    if start is None or not start.local_authority_code:
        return []
    number = int(start.code[3:])
    same_la = Neighbourhood.objects.filter(
        kind="lsoa", local_authority_code=start.local_authority_code
    ).exclude(code__in=[start.code, *exclude])
    return sorted(same_la, key=lambda n: (abs(int(n.code[3:]) - number), n.code))[:limit]


def combine(area: LsoaNeighbourhood) -> LsoaNeighbourhood:
    """Compute and store the neighbourhood's combined figures (the module's docstring says how)."""
    lsoas = list(area.lsoas.all())
    known = [n.population for n in lsoas if n.population is not None]
    area.population_missing = len(lsoas) - len(known)
    area.population = sum(known) if known else None
    by_population = bool(lsoas) and area.population_missing == 0 and sum(known) > 0
    area.weighting = (
        LsoaNeighbourhood.Weighting.POPULATION
        if by_population
        else LsoaNeighbourhood.Weighting.EQUAL
    )

    def weight(n: Neighbourhood) -> float:
        return float(n.population) if by_population else 1.0

    for index in ("imd", "cni"):
        editions = Counter(
            getattr(n, f"{index}_edition")
            for n in lsoas
            if getattr(n, f"{index}_score") is not None
        )
        edition = editions.most_common(1)[0][0] if editions else ""
        scored = [
            n
            for n in lsoas
            if getattr(n, f"{index}_score") is not None
            and getattr(n, f"{index}_edition") == edition
        ]
        total = sum(weight(n) for n in scored)
        score = rank = decile = out_of = None
        if scored and total > 0:
            score = sum(weight(n) * getattr(n, f"{index}_score") for n in scored) / total
            england = Neighbourhood.objects.filter(
                kind="lsoa", **{f"{index}_edition": edition, f"{index}_score__isnull": False}
            )
            out_of = england.count()
            rank = 1 + england.filter(**{f"{index}_score__gt": score}).count()
            decile = -(-10 * rank // out_of)
        setattr(area, f"{index}_edition", edition)
        setattr(area, f"{index}_score", score)
        setattr(area, f"{index}_rank", rank)
        setattr(area, f"{index}_decile", decile)
        setattr(area, f"{index}_out_of", out_of)

    total = sum(weight(n) for n in lsoas)
    area.doubly_share = (
        sum(weight(n) for n in lsoas if n.doubly_disadvantaged) / total if total else None
    )
    main = max(lsoas, key=lambda n: (n.population or 0, [-ord(c) for c in n.code]), default=None)
    area.local_authority_name = main.local_authority_name if main else ""
    area.region = main.region if main else ""
    area.computed_at = timezone.now()
    area.save()
    return area


def lsoa_neighbourhoods_refresh() -> int:
    """After an import: every neighbourhood of LSOAs recomputed from the register's figures."""
    areas = list(LsoaNeighbourhood.objects.prefetch_related("lsoas"))
    for area in areas:
        combine(area)
    return len(areas)
