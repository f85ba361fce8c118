import numpy as np
import pytest

from osteon_training.splits import check_disjoint, grouped_split, leave_one_centre_out


def _meta(n_centres=6, patients=30, views=2):
    return [
        {"centre": f"c{c}", "patient": f"c{c}-p{p}"}
        for c in range(n_centres)
        for p in range(patients)
        for _ in range(views)
    ]


def _sets(meta, idx, key):
    return {s: {meta[i][key] for i in ii} for s, ii in idx.items()}


def test_centre_split_never_shares_a_centre_or_patient():
    meta = _meta()
    idx = grouped_split(meta, "auto")
    assert sum(len(v) for v in idx.values()) == len(meta)
    for key in ("centre", "patient"):
        sets = list(_sets(meta, idx, key).values())
        for i in range(len(sets)):
            for j in range(i + 1, len(sets)):
                assert not sets[i] & sets[j]


def test_few_centres_fall_back_to_patient_split():
    meta = _meta(n_centres=3)
    idx = grouped_split(meta, "auto")
    sets = list(_sets(meta, idx, "patient").values())
    assert all(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1 :])
    assert all(len(v) > 0 for v in idx.values())


def test_leave_one_centre_out_holds_out_exactly_that_centre():
    meta = _meta(n_centres=3)
    idx = leave_one_centre_out(meta, "c1")
    assert _sets(meta, idx, "centre")["test"] == {"c1"}
    assert all("c1" not in _sets(meta, idx, "centre")[s] for s in ("train", "val", "cal"))
    with pytest.raises(ValueError):
        leave_one_centre_out(meta, "nope")


def test_check_disjoint_catches_a_leak():
    meta = [{"centre": "a", "patient": "p1"}, {"centre": "b", "patient": "p1"}]
    with pytest.raises(AssertionError):
        check_disjoint(meta, {"train": np.array([0]), "test": np.array([1])}, keys=("patient",))


def test_a_patient_seen_at_two_centres_never_leaks():
    meta = _meta(n_centres=6, patients=10, views=1)
    meta.append({"centre": "c5", "patient": "c0-p0"})  # c0's patient also imaged at c5
    idx = grouped_split(meta, "centre")
    sets = list(_sets(meta, idx, "patient").values())
    assert all(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1 :])
    csets = list(_sets(meta, idx, "centre").values())
    assert all(not (a & b) for i, a in enumerate(csets) for b in csets[i + 1 :])
