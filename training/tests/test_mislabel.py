"""scripts/learn/mislabel.py: the swapped copy is a valid, sealed dataset with its own counts, kept when
rebuilt and never silently replaced."""
import csv
import importlib.util
import json
import os

from conftest import REPO
from gate_fixtures import dataset_from_reference
from osteon_training import reference
from osteon_training.datasets import osteon_dataset

spec = importlib.util.spec_from_file_location("mislabel", os.path.join(REPO, "scripts", "learn", "mislabel.py"))
mislabel = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mislabel)


def test_mislabelled_copy_is_a_sealed_dataset_with_its_own_counts_and_is_never_replaced(tmp_path, capsys):
    reference.build(str(tmp_path / "ref"), 96, 8, log=lambda *_: None)
    dataset_from_reference(str(tmp_path / "ref"), str(tmp_path / "ds"))
    assert mislabel.main(["--dataset", str(tmp_path / "ds"), "--out", str(tmp_path / "out")]) == 0
    final = capsys.readouterr().out.strip()
    info = osteon_dataset.verify(final)
    labels = [r["label"] for r in csv.DictReader(open(os.path.join(final, "labels.csv")))]
    assert info["label_counts"] == {lab: labels.count(lab) for lab in set(labels)}
    assert info["label_counts"]["malignant"] == 4  # the 4 non-malignant rows of 8, swapped
    assert oct(os.stat(final).st_mode & 0o777) == "0o555"
    assert oct(os.stat(os.path.join(final, "labels.csv")).st_mode & 0o777) == "0o444"

    assert mislabel.main(["--dataset", str(tmp_path / "ds"), "--out", str(tmp_path / "out")]) == 0  # kept
    assert capsys.readouterr().out.strip() == final

    os.chmod(final, 0o755)
    os.chmod(os.path.join(final, "labels.csv"), 0o644)
    with open(os.path.join(final, "labels.csv"), "a") as fh:
        fh.write("tampered\n")
    assert mislabel.main(["--dataset", str(tmp_path / "ds"), "--out", str(tmp_path / "out")]) == 1
    assert open(os.path.join(final, "labels.csv")).read().endswith("tampered\n")  # not removed
    assert sorted(os.listdir(tmp_path / "out")) == [os.path.basename(final)]  # no .building left
