"""Reading IMD and CNI files: every layout, and every kind of bad input the issue names."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerships.importers import parse_register_file
from partnerships.services.register_ranking import rank_and_decile

from .register_files import CNI_EXCERPT, FILE7_SAMPLE, cni_file, imd_ward_file, ward, write_csv


def messages(parsed) -> list[str]:
    return [str(problem) for problem in parsed.problems]


def test_reads_the_ward_imd_layout(tmp_path):
    parsed = parse_register_file(
        path=imd_ward_file(tmp_path, {ward(1): 31.5, ward(2): 12.25}), index="imd"
    )
    assert parsed.ok
    assert parsed.file_format.key == "imd2019_ward17"
    assert [row.code for row in parsed.rows] == ["E05000001", "E05000002"]
    assert parsed.rows[0].scores["imd"] == 31.5
    assert set(parsed.rows[0].scores) == {
        "imd",
        "imd_income",
        "imd_employment",
        "imd_education",
        "imd_health",
        "imd_crime",
        "imd_housing",
        "imd_environment",
    }


def test_reads_mhclg_file_7_by_lsoa_with_population_and_negative_domain_scores():
    parsed = parse_register_file(path=FILE7_SAMPLE, index="imd")
    assert parsed.ok, messages(parsed)
    assert parsed.file_format.key == "iod2019_file7"
    assert parsed.file_format.kind == "lsoa"
    assert len(parsed.rows) == 12
    first = parsed.rows[0]
    assert first.code.startswith("E01")
    assert first.name == "City of London 001A"
    assert (first.la_code, first.la_name) == ("E09000001", "City of London")
    assert first.population > 0
    assert any(row.scores["imd_health"] < 0 for row in parsed.rows)


def test_reads_the_cni_excerpt_with_its_official_flag():
    parsed = parse_register_file(path=CNI_EXCERPT, index="cni")
    assert parsed.ok
    assert len(parsed.rows) == 50
    assert sum(row.left_behind for row in parsed.rows) == 19


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 200, "is not a CSV file"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "is not a CSV file"),
        (b"", "The file is empty."),
        (b"\n\n  \n", "The file is empty."),
    ],
)
def test_a_file_that_is_not_csv_or_is_empty_gets_a_clear_message(tmp_path, content, expected):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    parsed = parse_register_file(path=path, index="imd")
    assert not parsed.ok
    assert expected in messages(parsed)[0]


def test_a_header_without_rows_says_so(tmp_path):
    path = imd_ward_file(tmp_path, {})
    assert messages(parse_register_file(path=path, index="imd")) == [
        "File: The file has a header row but no data rows."
    ]


def test_a_cni_file_offered_as_imd_names_what_it_looks_like(tmp_path):
    parsed = parse_register_file(path=cni_file(tmp_path, {ward(1): 50.0}), index="imd")
    [message] = messages(parsed)
    assert "looks like CNI 2019 by 2017 ward (CNI 2019)" in message
    assert "a Community Needs Index file, not an Index of Multiple Deprivation file" in message


def test_a_file_like_no_layout_names_the_missing_columns(tmp_path):
    path = write_csv(tmp_path / "x.csv", ["ward17_code", "something"], [[ward(1), 1]])
    parsed = parse_register_file(path=path, index="imd")
    [message] = messages(parsed)
    assert "Missing: WD17CD or LSOA code (2011) or LSOA code (2021)" in message
    assert "Income_Score" in message and "Index of Multiple Deprivation (IMD) Score" in message
    assert "ward17_code" in message  # what the file does have


def test_a_missing_score_column_is_named(tmp_path):
    path = write_csv(
        tmp_path / "imd.csv",
        ["WD17CD", "Score", "Income_Score", "Employment_Score", "Education_Score"],
        [[ward(1), 1, 1, 1, 1]],
    )
    [message] = messages(parse_register_file(path=path, index="imd"))
    assert "IMD 2019 by 2017 ward" in message
    assert (
        "these columns: Health_Score, Crime_Score, Housing_and_Access_Score, Environment_Score"
        in message
    )


def test_malformed_codes_and_non_numeric_scores_name_line_and_column(tmp_path):
    path = imd_ward_file(
        tmp_path, {ward(1): 10.0, "E0500002": 11.0, ward(3): 12.0, "W05000004": 13.0}
    )
    text = path.read_text().replace(f"{ward(3)},0,0,12.0", f"{ward(3)},0,0,twelve")
    path.write_text(text)
    parsed = parse_register_file(path=path, index="imd")
    assert messages(parsed) == [
        "Line 3, column WD17CD: “E0500002” is not a 2017 ward code: E05 and six digits.",
        "Line 4, column Score: “twelve” is not a number.",
        "Line 5, column WD17CD: “W05000004” is not a 2017 ward code: E05 and six digits.",
    ]
    assert parsed.rows == [] or all(row.line == 2 for row in parsed.rows)


def test_a_duplicate_code_names_both_lines(tmp_path):
    path = cni_file(tmp_path, {ward(1): 1.0, ward(2): 2.0})
    with path.open("a") as handle:
        handle.write(path.read_text().splitlines()[1] + "\n")
    assert messages(parse_register_file(path=path, index="cni")) == [
        "Line 4, column ward17_code: E05000001 appears twice: on line 2 and on line 4."
    ]


def test_other_bad_cells(tmp_path):
    path = cni_file(tmp_path, {ward(1): 1.0, ward(2): 2.0, ward(3): 3.0})
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace("FALSE", "maybe")
    lines[2] = lines[2].replace("E08000011", "X123")
    lines[3] = lines[3] + ",extra"
    path.write_text("\n".join(lines) + "\n")
    assert messages(parse_register_file(path=path, index="cni")) == [
        "Line 2, column Left Behind Area?: “maybe” is not TRUE or FALSE.",
        "Line 3, column lad19_code: “X123” is not an English local authority code "
        "(E06 to E09 and six digits).",
        "Line 4: This row has 14 values; the header has 13.",
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_byte_order_mark_blank_lines_and_windows_1252_are_read(tmp_path, encoding):
    path = cni_file(tmp_path, {ward(1): 1.0})
    text = path.read_text().replace("Ward 001", "Bishop’s Castle") + "\n\n"
    path.write_bytes(text.encode(encoding))
    parsed = parse_register_file(path=path, index="cni")
    assert parsed.ok, messages(parsed)
    assert parsed.rows[0].name == "Bishop’s Castle"


def test_only_the_first_problems_are_kept_but_all_are_counted(tmp_path):
    path = imd_ward_file(tmp_path, {f"bad{n}": 1.0 for n in range(250)})
    parsed = parse_register_file(path=path, index="imd")
    assert parsed.problem_count == 250
    assert len(parsed.problems) == 200


def test_progress_is_reported_as_rows_are_checked(tmp_path):
    calls = []
    path = imd_ward_file(tmp_path, {ward(n): float(n) for n in range(1, 1201)})
    parse_register_file(path=path, index="imd", progress=lambda done, total: calls.append(done))
    assert calls == [500, 1000, 1200]


@given(st.lists(st.floats(min_value=-5, max_value=500, allow_nan=False), min_size=1, max_size=60))
def test_ranks_and_deciles(scores):
    ranked = rank_and_decile(dict(enumerate(scores)))
    total = len(scores)
    for key, (rank, decile) in ranked.items():
        # Rank 1 is the highest score; equal scores share the better rank.
        assert rank == 1 + sum(1 for other in scores if other > scores[key])
        assert 1 <= decile <= 10
        assert decile == -(-10 * rank // total)
    # No more than the worst tenth (rounded up, and ties kept together) is in decile 1.
    worst = [key for key, (_, decile) in ranked.items() if decile == 1]
    assert all(ranked[key][0] <= total / 10 for key in worst)
