"""Data from Python: load_csv/save_csv, preprocessing, splits and the DataLoader.

The shipped data sets are checked against their known row, column and class counts (the
Rust tests in src/data/datasets.rs hold the same numbers), and against Python's own csv
module where a count is not a round number.
"""

import csv
import math
import os
import pathlib
from collections import Counter

import numpy as np
import pytest

import rusttorch as rt

DATA = pathlib.Path(__file__).parents[2] / "data"


def arr(t):
    return np.array(t.tolist())


def write(tmp_path, text, name="t.csv"):
    p = tmp_path / name
    p.write_bytes(text.encode() if isinstance(text, str) else text)
    return p


def csv_class_counts(name, column):
    with open(DATA / name, newline="") as f:
        return Counter(row[column] for row in csv.DictReader(f))


# --- the shipped data sets ---------------------------------------------------------------


def test_iris_150_rows_4_features_3_species_of_50():
    x, y, classes, names = rt.load_csv(DATA / "iris.csv", label="species", return_header=True)
    assert x.shape == (150, 4) and x.dtype == rt.float32
    assert y.shape == (150,) and y.dtype == rt.int64
    assert classes == ["setosa", "versicolor", "virginica"]
    assert names == ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert np.bincount(y.tolist()).tolist() == [50, 50, 50]
    np.testing.assert_array_equal(arr(x)[0], np.float32([5.1, 3.5, 1.4, 0.2]))
    assert y.tolist()[0] == 0 and y.tolist()[100] == 2


def test_iris_without_label_names_the_species_column():
    with pytest.raises(rt.CsvError) as e:
        rt.load_csv(str(DATA / "iris.csv"))
    msg = str(e.value)
    assert "iris.csv:2:5" in msg and '(column "species")' in msg and '"setosa"' in msg


def test_digits_1797_rows_64_pixels_10_labels():
    x, y, classes = rt.load_csv(DATA / "digits.csv", label="label")
    assert x.shape == (1797, 64)
    assert classes == [str(i) for i in range(10)]
    want = csv_class_counts("digits.csv", "label")
    got = np.bincount(y.tolist(), minlength=10)
    assert {str(i): int(c) for i, c in enumerate(got)} == dict(want)
    assert got.sum() == 1797
    px = arr(x)
    assert px.min() >= 0 and px.max() <= 16 and np.all(px == np.round(px))


def test_wine_178_rows_13_features_classes_59_71_48():
    x, y, classes = rt.load_csv(DATA / "wine.csv", label="class")
    assert x.shape == (178, 13)
    assert classes == ["0", "1", "2"]
    assert np.bincount(y.tolist()).tolist() == [59, 71, 48]
    np.testing.assert_array_equal(arr(x)[0, :3], np.float32([14.23, 1.71, 2.43]))
    # Without a label the numeric class column is just another feature (the original API).
    whole = rt.load_csv(DATA / "wine.csv", True, ",")
    assert whole.shape == (178, 14)
    np.testing.assert_array_equal(arr(whole)[:, 13], np.array(y.tolist(), dtype=float))


def test_breast_cancer_569_rows_30_features_212_malignant():
    x, y, classes = rt.load_csv(DATA / "breast_cancer.csv", label="malignant")
    assert x.shape == (569, 30)
    assert classes == ["0", "1"]
    assert np.bincount(y.tolist()).tolist() == [357, 212]
    assert dict(csv_class_counts("breast_cancer.csv", "malignant")) == {"0": 357, "1": 212}


def test_columns_label_by_index_dtype_and_header_names():
    x, names = rt.load_csv(
        DATA / "iris.csv",
        dtype=rt.float64,
        columns=["petal_width", 0],
        return_header=True,
    )
    assert x.dtype == rt.float64 and x.shape == (150, 2)
    assert names == ["petal_width", "sepal_length"]
    assert x.tolist()[0] == [0.2, 5.1]
    x, y, classes = rt.load_csv(DATA / "iris.csv", label=4, columns=[3], dtype="float64")
    assert x.shape == (150, 1) and len(classes) == 3 and y.shape == (150,)


def test_column_argument_errors():
    iris = DATA / "iris.csv"
    with pytest.raises(rt.CsvError, match="nope"):
        rt.load_csv(iris, columns=["nope"], label="species")
    with pytest.raises(rt.CsvError, match="out of range"):
        rt.load_csv(iris, columns=[9], label="species")
    with pytest.raises(rt.CsvError, match="selected twice"):
        rt.load_csv(iris, columns=[0, "sepal_length"], label="species")
    with pytest.raises(rt.CsvError, match="label column"):
        rt.load_csv(iris, label="kind")
    with pytest.raises(ValueError, match="load_csv: columns must be at least 0"):
        rt.load_csv(iris, columns=[-1], label="species")
    with pytest.raises(ValueError, match="out of range"):
        rt.load_csv(iris, columns=[2**70], label="species")
    with pytest.raises(TypeError, match="load_csv: columns"):
        rt.load_csv(iris, columns="sepal_length", label="species")
    with pytest.raises(TypeError, match="load_csv: columns"):
        rt.load_csv(iris, columns=[1.5], label="species")
    with pytest.raises(TypeError, match="load_csv: label"):
        rt.load_csv(iris, label=True)
    with pytest.raises(TypeError, match="load_csv: columns"):
        rt.load_csv(iris, columns=3, label="species")


# --- parsing real-world files -------------------------------------------------------------


def test_quotes_crlf_bom_spaces_and_blank_lines(tmp_path):
    text = (
        b"\xef\xbb\xbf"
        b'"a","b, with comma","c\r\nsplit"\r\n'
        b"\r\n"
        b' 1 ,"2", 3\r\n'
        b"   \r\n"
        b'4,"5",6e-1\r\n'
    )
    x, names = rt.load_csv(write(tmp_path, text), return_header=True)
    assert names == ["a", "b, with comma", "c\r\nsplit"]
    assert x.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, pytest.approx(0.6)]]


def test_no_header_semicolon_and_tab_delimiters(tmp_path):
    p = write(tmp_path, "1;2\n3;4\n")
    x, names = rt.load_csv(p, False, ";", return_header=True)
    assert x.tolist() == [[1.0, 2.0], [3.0, 4.0]] and names == ["0", "1"]
    p = write(tmp_path, "x\ty\n1\t2\n", "tab.tsv")
    assert rt.load_csv(os.fspath(p), delimiter="\t").tolist() == [[1.0, 2.0]]


def test_missing_values_are_nan_only_when_allowed(tmp_path):
    p = write(tmp_path, "a,b,c\n1,,3\nNA,5,nan\n7,null,9\n")
    x = np.array(rt.load_csv(p, allow_missing=True).tolist())
    want = np.array([[1, np.nan, 3], [np.nan, 5, np.nan], [7, np.nan, 9]])
    np.testing.assert_array_equal(x, want)
    with pytest.raises(rt.CsvError) as e:
        rt.load_csv(p)
    assert "t.csv:2:2" in str(e.value) and '(column "b")' in str(e.value)
    assert "allow_missing" in str(e.value)


def test_labels_sort_numerically_when_numeric(tmp_path):
    p = write(tmp_path, "x,y\n1,10\n2,2\n3,10\n")
    x, y, classes = rt.load_csv(p, label="y")
    assert classes == ["2", "10"] and y.tolist() == [1, 0, 1]


# --- errors -------------------------------------------------------------------------------


def test_missing_file_is_file_not_found(tmp_path):
    missing = tmp_path / "none.csv"
    with pytest.raises(FileNotFoundError) as e:
        rt.load_csv(missing)
    assert isinstance(e.value, OSError)
    assert str(e.value).startswith(f"load_csv: {missing}: cannot open: ")


def test_directory_is_a_directory_error(tmp_path):
    with pytest.raises(IsADirectoryError, match="load_csv"):
        rt.load_csv(tmp_path)


def test_unreadable_or_unwritable_file_is_permission_error(tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        p = write(tmp_path, "a\n1\n")
        p.chmod(0)
        try:
            with pytest.raises(PermissionError, match="load_csv"):
                rt.load_csv(p)
        finally:
            p.chmod(0o600)
    elif os.path.isdir("/sys/kernel"):
        # root reads any file, but cannot create files in sysfs.
        with pytest.raises(PermissionError, match="save_csv: /sys/kernel/rt.csv"):
            rt.save_csv(rt.tensor([1.0]), "/sys/kernel/rt.csv")
    else:
        pytest.skip("no way to provoke a permission error here")


def test_path_through_a_file_is_not_a_directory_error(tmp_path):
    p = write(tmp_path, "a\n1\n")
    with pytest.raises(NotADirectoryError, match="load_csv"):
        rt.load_csv(p / "x.csv")


def test_ragged_row_names_its_line(tmp_path):
    p = write(tmp_path, "a,b\n1,2\n\n3,4,5\n")
    with pytest.raises(rt.CsvError) as e:
        rt.load_csv(p)
    assert isinstance(e.value, ValueError)
    assert str(e.value) == f"load_csv: {p}:4: expected 2 fields, found 3"


def test_non_numeric_field_names_line_field_and_column(tmp_path):
    p = write(tmp_path, "a,b\n1,2\r\n3,abc\r\n")
    with pytest.raises(rt.CsvError) as e:
        rt.load_csv(p)
    assert str(e.value) == (
        f'load_csv: {p}:3:2 (column "b"): cannot parse "abc" as a number'
    )


def test_empty_and_header_only_files(tmp_path):
    with pytest.raises(rt.CsvError, match="the file is empty"):
        rt.load_csv(write(tmp_path, ""))
    with pytest.raises(rt.CsvError, match="the file is empty"):
        rt.load_csv(write(tmp_path, "\n\n  \n"))
    with pytest.raises(rt.CsvError, match="header but no data rows"):
        rt.load_csv(write(tmp_path, "a,b\n"))


def test_invalid_utf8_is_a_csv_error(tmp_path):
    with pytest.raises(rt.CsvError, match="UTF-8"):
        rt.load_csv(write(tmp_path, b"a,b\n1,\xff\n"))


def test_bad_arguments(tmp_path):
    p = write(tmp_path, "a,b\n1,2\n")
    for bad in [",,", "", "é", ";;"]:
        with pytest.raises(ValueError, match="delimiter"):
            rt.load_csv(p, delimiter=bad)
    for bad in ['"', "\n"]:
        with pytest.raises(ValueError, match="delimiter"):
            rt.load_csv(p, delimiter=bad)
    with pytest.raises(TypeError):
        rt.load_csv(p, delimiter=44)
    with pytest.raises(rt.DTypeError, match="float32 or float64"):
        rt.load_csv(p, dtype=rt.int64)
    with pytest.raises(TypeError, match="unknown dtype"):
        rt.load_csv(p, dtype="float16")
    with pytest.raises(TypeError):
        rt.load_csv(None)
    with pytest.raises(TypeError):
        rt.load_csv(12)


# --- save_csv -----------------------------------------------------------------------------


def test_save_then_load_round_trips_bit_exact(tmp_path, np_rng):
    p = tmp_path / "out.csv"
    vals = (np_rng.standard_normal((7, 3)) * 10.0 ** np_rng.integers(-8, 8, (7, 3))).tolist()
    vals[0][0] = 0.1
    vals[1][1] = -0.0
    for dtype in [rt.float32, rt.float64]:
        t = rt.tensor(vals, dtype=dtype)
        rt.save_csv(t, p, header=["a", "b c", 'q"'])
        back, names = rt.load_csv(p, dtype=dtype, return_header=True)
        assert names == ["a", "b c", 'q"']
        assert back.dtype == dtype
        assert back.tolist() == t.tolist()
        np.testing.assert_array_equal(np.signbit(arr(back)), np.signbit(arr(t)))


def test_save_csv_text_ints_rank1_and_nan(tmp_path):
    p = tmp_path / "o.csv"
    rt.save_csv(rt.tensor([[1, -2], [3, 4]]), p)
    assert p.read_text() == "1,-2\n3,4\n"
    rt.save_csv(rt.tensor([0.5, 2.0]), str(p), ["v"], ";")
    assert p.read_text() == "v\n0.5\n2\n"
    rt.save_csv([[1.0, math.nan]], p, ["a", "b"])
    assert p.read_text() == "a,b\n1,NaN\n"
    x = rt.load_csv(p, allow_missing=True).tolist()
    assert x[0][0] == 1.0 and math.isnan(x[0][1])


def test_save_csv_errors(tmp_path):
    p = tmp_path / "o.csv"
    with pytest.raises(ValueError, match="rank-1 or rank-2"):
        rt.save_csv(rt.tensor([[[1.0]]]), p)
    with pytest.raises(ValueError, match="header"):
        rt.save_csv(rt.tensor([[1.0, 2.0]]), p, header=["a"])
    with pytest.raises(TypeError):
        rt.save_csv(rt.tensor([[1.0, 2.0]]), p, header="ab")
    with pytest.raises(ValueError, match="delimiter"):
        rt.save_csv(rt.tensor([[1.0]]), p, delimiter="ab")
    with pytest.raises(FileNotFoundError, match="save_csv"):
        rt.save_csv(rt.tensor([[1.0]]), tmp_path / "no_dir" / "o.csv")
    with pytest.raises(IsADirectoryError, match="save_csv"):
        rt.save_csv(rt.tensor([[1.0]]), tmp_path)


# --- normalize and Standardizer ------------------------------------------------------------


def test_normalize_matches_numpy_population_std(np_rng):
    a = np_rng.standard_normal((5, 4)) * 3 + 2
    z, mean, std = rt.normalize(rt.tensor(a.tolist(), dtype=rt.float64))
    assert mean.shape == () and std.shape == ()
    np.testing.assert_allclose(mean.tolist(), a.mean(), rtol=1e-12)
    np.testing.assert_allclose(std.tolist(), a.std(), rtol=1e-12)
    np.testing.assert_allclose(arr(z), (a - a.mean()) / a.std(), rtol=1e-10, atol=1e-12)
    # The original API's float results: 0-d tensors that float() converts.
    assert float(mean.tolist()) == pytest.approx(a.mean())


def test_normalize_constant_gives_zeros_and_ints_become_float32():
    z, mean, std = rt.normalize(rt.tensor([[3.0, 3.0], [3.0, 3.0]]))
    assert z.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert mean.tolist() == 3.0 and std.tolist() == 0.0
    z, mean, std = rt.normalize([1, 2, 3])
    assert z.dtype == rt.float32
    np.testing.assert_allclose(arr(z), (np.arange(1, 4) - 2) / np.std([1, 2, 3]), rtol=1e-6)
    with pytest.raises(rt.ShapeError, match="normalize"):
        rt.normalize(rt.tensor([]))
    with pytest.raises(TypeError):
        rt.normalize(None)


def test_normalize_columns_matches_numpy(np_rng):
    a = np_rng.standard_normal((6, 3)) * [1.0, 10.0, 0.0] + [0.0, 5.0, 7.0]
    z, mean, std = rt.normalize_columns(rt.tensor(a.tolist(), dtype=rt.float64))
    np.testing.assert_allclose(arr(mean), a.mean(0), rtol=1e-12)
    np.testing.assert_allclose(arr(std), a.std(0), rtol=1e-12, atol=1e-15)
    want = (a - a.mean(0)) / np.where(a.std(0) == 0, 1, a.std(0))
    np.testing.assert_allclose(arr(z), want, rtol=1e-10, atol=1e-12)
    assert arr(z)[:, 2].tolist() == [0.0] * 6
    with pytest.raises(ValueError, match="0-d"):
        rt.normalize_columns(rt.tensor(1.0))
    with pytest.raises(rt.ShapeError, match="empty"):
        rt.normalize_columns(rt.tensor([]))


def test_standardizer_fit_transform_inverse(np_rng):
    train = np_rng.standard_normal((8, 2)) * [2.0, 0.5] + [1.0, -3.0]
    test = np_rng.standard_normal((3, 2))
    s = rt.Standardizer()
    assert "not fitted" in repr(s)
    with pytest.raises(ValueError, match="not fitted"):
        s.transform(test.tolist())
    with pytest.raises(AttributeError):
        s.mean
    assert s.fit(rt.tensor(train.tolist(), dtype=rt.float64)) is s
    np.testing.assert_allclose(arr(s.mean), train.mean(0), rtol=1e-12)
    np.testing.assert_allclose(arr(s.std), train.std(0), rtol=1e-12)
    z = s.transform(rt.tensor(test.tolist(), dtype=rt.float64))
    np.testing.assert_allclose(arr(z), (test - train.mean(0)) / train.std(0), rtol=1e-10)
    np.testing.assert_allclose(arr(s.inverse_transform(z)), test, rtol=1e-10, atol=1e-12)
    z2 = rt.Standardizer().fit_transform(rt.tensor(train.tolist(), dtype=rt.float64))
    np.testing.assert_allclose(arr(z2).mean(0), [0, 0], atol=1e-12)
    with pytest.raises(rt.ShapeError, match="Standardizer::transform"):
        s.transform(rt.tensor([[1.0, 2.0, 3.0]]))


# --- batches, shuffles, splits ------------------------------------------------------------


def test_create_batches_sizes_values_and_drop_last():
    x = rt.tensor([[i, 10 * i] for i in range(7)])
    b = rt.create_batches(x, 3)
    assert [t.shape for t in b] == [(3, 2), (3, 2), (1, 2)]
    assert all(t.dtype == rt.int64 for t in b)
    assert b[2].tolist() == [[6, 60]]
    assert sum((t.tolist() for t in b), []) == x.tolist()
    assert [t.shape[0] for t in rt.create_batches(x, 3, drop_last=True)] == [3, 3]
    assert len(rt.create_batches(x, 2**62)) == 1
    cube = rt.tensor(np.arange(24.0).reshape(4, 3, 2).tolist())
    assert [t.shape for t in rt.create_batches(cube, 2, True)] == [(2, 3, 2), (2, 3, 2)]
    assert rt.create_batches(rt.tensor([]), 4) == []


def test_create_batches_errors():
    x = rt.tensor([[1.0], [2.0]])
    for bad in [0, -1]:
        with pytest.raises(ValueError, match="batch_size must be at least 1"):
            rt.create_batches(x, bad)
    with pytest.raises(ValueError, match="out of range"):
        rt.create_batches(x, 2**70)
    with pytest.raises(TypeError):
        rt.create_batches(x, 2.0)
    with pytest.raises(TypeError):
        rt.create_batches(x, None)
    with pytest.raises(ValueError, match="0-d"):
        rt.create_batches(rt.tensor(1.0), 1)


def test_shuffle_indices_is_a_seeded_permutation():
    p = rt.shuffle_indices(100, 42)
    assert isinstance(p, list) and sorted(p) == list(range(100))
    assert p == rt.shuffle_indices(100, 42)
    assert p != rt.shuffle_indices(100, 43)
    assert p != list(range(100))
    assert rt.shuffle_indices(0, 1) == []
    assert rt.shuffle_indices(1, 1) == [0]
    assert rt.shuffle_indices(20, -1) == rt.shuffle_indices(20, 2**64 - 1)


def test_shuffle_indices_errors():
    with pytest.raises(ValueError, match="n must be at least 0"):
        rt.shuffle_indices(-1, 0)
    with pytest.raises(ValueError, match="out of range"):
        rt.shuffle_indices(2**70, 0)
    with pytest.raises(MemoryError, match="shuffle_indices"):
        rt.shuffle_indices(2**62, 0)
    with pytest.raises(ValueError, match="seed"):
        rt.shuffle_indices(3, 2**64)
    with pytest.raises(TypeError):
        rt.shuffle_indices(3, 1.5)
    with pytest.raises(TypeError):
        rt.shuffle_indices(None, 1)


def test_split_sizes_reproducible_disjoint_and_covering():
    data = rt.tensor([[i, -i] for i in range(20)])
    train, val, test = rt.train_val_test_split(data, 0.7, 0.15, True, 42)
    assert (train.shape, val.shape, test.shape) == ((14, 2), (3, 2), (3, 2))
    rows = [r[0] for part in (train, val, test) for r in part.tolist()]
    assert sorted(rows) == list(range(20))
    assert rows != list(range(20))
    assert all(r[1] == -r[0] for part in (train, val, test) for r in part.tolist())
    again = rt.train_val_test_split(data, 0.7, 0.15, True, 42)
    assert [t.tolist() for t in again] == [train.tolist(), val.tolist(), test.tolist()]
    other = rt.train_val_test_split(data, 0.7, 0.15, seed=7)
    assert other[0].tolist() != train.tolist()
    # Defaults: shuffle=True, seed=0.
    d1 = rt.train_val_test_split(data, 0.5, 0.25)
    d2 = rt.train_val_test_split(data, 0.5, 0.25, True, 0)
    assert [t.tolist() for t in d1] == [t.tolist() for t in d2]
    a, b, c = rt.train_val_test_split(data, 0.5, 0.25, shuffle=False)
    assert [r[0] for r in a.tolist()] == list(range(10))
    assert [r[0] for r in c.tolist()] == list(range(15, 20))


def test_split_invalid_ratios():
    data = rt.tensor([1.0, 2.0, 3.0])
    for tr, va in [(-0.1, 0.1), (1.1, 0.0), (0.8, 0.3), (math.nan, 0.1), (0.5, math.inf)]:
        with pytest.raises(ValueError, match="train_ratio"):
            rt.train_val_test_split(data, tr, va)
    with pytest.raises(ValueError, match="0-d"):
        rt.train_val_test_split(rt.tensor(1.0), 0.5, 0.2)
    with pytest.raises(TypeError):
        rt.train_val_test_split(data, "0.5", 0.2)


def test_split_xy_keeps_rows_paired():
    x = rt.tensor([[float(i), 2.0 * i] for i in range(30)])
    y = rt.tensor(list(range(30)))
    (xt, yt), (xv, yv), (xs, ys) = rt.train_val_test_split_xy(x, y, 0.6, 0.2, seed=3)
    assert (xt.shape, xv.shape, xs.shape) == ((18, 2), (6, 2), (6, 2))
    for xp, yp in [(xt, yt), (xv, yv), (xs, ys)]:
        assert [r[0] for r in xp.tolist()] == [float(v) for v in yp.tolist()]
    assert sorted(yt.tolist() + yv.tolist() + ys.tolist()) == list(range(30))
    # The same permutation as the single-tensor split with the same seed.
    assert rt.train_val_test_split(y, 0.6, 0.2, seed=3)[0].tolist() == yt.tolist()
    with pytest.raises(rt.ShapeError, match="train_val_test_split_xy"):
        rt.train_val_test_split_xy(x, rt.tensor([1, 2]), 0.5, 0.2)


# --- DataLoader ----------------------------------------------------------------------------


def epoch_labels(loader):
    return [y.tolist() for _, y in loader]


def test_dataloader_in_order_batches_and_len():
    x = rt.tensor([[i, i] for i in range(10)])
    y = rt.tensor(list(range(10)))
    loader = rt.DataLoader(x, y, 4)
    assert len(loader) == 3
    batches = list(loader)
    assert [b[0].shape for b in batches] == [(4, 2), (4, 2), (2, 2)]
    assert [b[1].tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert epoch_labels(loader) == epoch_labels(loader)
    dropped = rt.DataLoader(x, y, 4, drop_last=True)
    assert len(dropped) == 2 and [len(b) for b in epoch_labels(dropped)] == [4, 4]
    assert loader.batch_size == 4 and dropped.drop_last
    assert "batch_size=4" in repr(loader)


def test_dataloader_shuffled_epochs_differ_and_repeat_for_the_seed():
    x = rt.tensor([[float(i), 3.0 * i] for i in range(50)])
    y = rt.tensor(list(range(50)))
    loader = rt.DataLoader(x, y, 8, shuffle=True, seed=11)
    epochs = [epoch_labels(loader) for _ in range(3)]
    for e in epochs:
        assert sorted(sum(e, [])) == list(range(50))
        assert [len(b) for b in e] == [8] * 6 + [2]
    assert epochs[0] != epochs[1] != epochs[2]
    assert sum(epochs[0], []) != list(range(50))
    again = rt.DataLoader(x, y, 8, shuffle=True, seed=11)
    assert [epoch_labels(again) for _ in range(3)] == epochs
    other = rt.DataLoader(x, y, 8, shuffle=True, seed=12)
    assert epoch_labels(other) != epochs[0]
    for xb, yb in rt.DataLoader(x, y, 8, shuffle=True, seed=11):
        assert [r[0] for r in xb.tolist()] == [float(v) for v in yb.tolist()]
    dl = rt.DataLoader(x, y, 8, shuffle=True, seed=11, drop_last=True)
    e = epoch_labels(dl)
    assert len(dl) == 6 and len(e) == 6 and e == [b for b in epochs[0][:6]]


def test_dataloader_iterator_protocol():
    loader = rt.DataLoader([[1.0], [2.0], [3.0]], [0, 1, 2], 2)
    it = iter(loader)
    assert iter(it) is it
    assert it.__length_hint__() == 2
    next(it)
    assert it.__length_hint__() == 1
    next(it)
    with pytest.raises(StopIteration):
        next(it)


def test_dataloader_errors():
    x, y = rt.tensor([[1.0], [2.0]]), rt.tensor([0, 1])
    for bad in [0, -3]:
        with pytest.raises(ValueError, match="batch_size must be at least 1"):
            rt.DataLoader(x, y, bad)
    with pytest.raises(ValueError, match="out of range"):
        rt.DataLoader(x, y, 2**64)
    with pytest.raises(TypeError):
        rt.DataLoader(x, y, 1.0)
    with pytest.raises(rt.ShapeError, match="rows"):
        rt.DataLoader(x, rt.tensor([0, 1, 2]), 1)
    with pytest.raises(ValueError, match="0-d"):
        rt.DataLoader(rt.tensor(1.0), y, 1)
    with pytest.raises(ValueError, match="seed"):
        rt.DataLoader(x, y, 1, shuffle=True, seed=-(2**64))
    with pytest.raises(TypeError):
        rt.DataLoader(x, None, 1)


# --- the original report's data-loading example ------------------------------------------


def test_usage_example_load_normalize_split_batch():
    # As in the original RustTorch report: load_csv -> normalize -> split -> batches.
    data = rt.load_csv(str(DATA / "wine.csv"), True, ",")
    normalized, mean, std = rt.normalize(data)
    assert abs(float(arr(normalized).mean())) < 1e-5
    assert float(arr(normalized).std()) == pytest.approx(1.0, rel=1e-4)
    train, val, test = rt.train_val_test_split(normalized, 0.7, 0.15, True, 42)
    assert (train.shape[0], val.shape[0], test.shape[0]) == (124, 26, 28)
    batches = rt.create_batches(train, 32)
    assert [b.shape for b in batches] == [(32, 14)] * 3 + [(28, 14)]

    # And the per-column form with labels, as a training script would use it.
    x, y, classes = rt.load_csv(DATA / "wine.csv", label="class")
    (xt, yt), (xv, yv), _ = rt.train_val_test_split_xy(x, y, 0.7, 0.15, seed=0)
    scaler = rt.Standardizer().fit(xt)
    xt, xv = scaler.transform(xt), scaler.transform(xv)
    np.testing.assert_allclose(arr(xt).mean(0), 0, atol=1e-5)
    seen = 0
    for xb, yb in rt.DataLoader(xt, yt, 16, shuffle=True, seed=0):
        assert xb.shape[1] == 13 and xb.shape[0] == yb.shape[0]
        seen += xb.shape[0]
    assert seen == 124 and len(classes) == 3
