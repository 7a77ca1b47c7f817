"""People's Daily entity reading: names as surname + given name, and each --pd-map rule."""

from __future__ import annotations

import pytest

from nlptk.errors import InputError
from nlptk.ner.pd import PD_MAPPINGS, parse_pd_map, pd_sentence
from nlptk.sequence.tags import bioes_to_spans


def _ents(pairs, mappings=()):
    chars, tags = pd_sentence(pairs, frozenset(mappings))
    return [("".join(chars[s:e]), t) for s, e, t in bioes_to_spans(tags)]


def test_a_list_of_names_is_several_people():
    pairs = [("江", "nr"), ("泽民", "nr"), ("李", "nr"), ("鹏", "nr"), ("欧阳", "nr"), ("修", "nr")]
    assert _ents(pairs) == [("江泽民", "PER"), ("李鹏", "PER"), ("欧阳修", "PER")]
    assert _ents([("克林顿", "nr"), ("李", "nr")]) == [("克林顿", "PER"), ("李", "PER")]


@pytest.mark.parametrize(
    ("mapping", "pairs", "off", "on"),
    [
        ("abbrev", [("中", "j"), ("美", "j"), ("关系", "n")], [], [("中", "LOC"), ("美", "LOC")]),
        ("abbrev", [("人大", "j")], [], []),
        ("theory", [("邓小平理论", "n")], [], [("邓小平", "PER")]),
        ("theory", [("基本理论", "n")], [], []),
        (
            "compound",
            [("中国", "ns"), ("共产党", "n"), ("成立", "v")],
            [("中国", "LOC")],
            [("中国共产党", "ORG")],
        ),
        (
            "compound",
            [("上海", "ns"), ("证券", "n"), ("交易所", "n")],
            [("上海", "LOC")],
            [("上海证券交易所", "ORG")],
        ),
        ("compound", [("中国", "ns"), ("经济", "n")], [("中国", "LOC")], [("中国", "LOC")]),
        (
            "time",
            [("１９９７年", "t"), ("１２月", "t"), ("，", "w"), ("今天", "t")],
            [],
            [("１９９７年１２月", "TIME"), ("今天", "TIME")],
        ),
        ("number", [("２０％", "m")], [], [("２０％", "PERCENT")]),
        ("number", [("百分之八十", "m")], [], [("百分之八十", "PERCENT")]),
        ("number", [("３００", "m"), ("万", "m"), ("元", "q")], [], [("３００万元", "MONEY")]),
        ("number", [("１２", "m"), ("公里", "q")], [], [("１２公里", "QUANTITY")]),
        ("number", [("三", "m"), ("个", "q"), ("人", "n")], [], []),
    ],
)
def test_each_mapping_is_off_unless_asked(mapping, pairs, off, on):
    assert _ents(pairs) == off
    assert _ents(pairs, {mapping}) == on


def test_parse_pd_map():
    assert parse_pd_map(None) == frozenset()
    assert parse_pd_map("all") == frozenset(PD_MAPPINGS)
    assert parse_pd_map(" time ,number") == {"time", "number"}
    with pytest.raises(InputError, match="unknown People's Daily mapping bogus"):
        parse_pd_map("time,bogus")


def test_train_and_eval_take_pd_map(tmp_path):
    from nlptk.ner.evaluate import evaluate_ner
    from nlptk.ner.train import train_ner

    line = "１９９７年/t  ，/w  中/j  美/j  在/p  北京/ns  签约/v  ，/w  江/nr  泽民/nr  出席/v"
    data = tmp_path / "pd.txt"
    data.write_text("\n".join([line] * 30) + "\n", encoding="utf-8")
    meta = train_ner(str(data), "pd", "zh", tmp_path / "m", pd_map=frozenset({"time", "abbrev"}))
    assert list(meta["data"]["pd_map"]) == ["abbrev", "time"]
    result = evaluate_ner(str(data), "pd", "zh", model=str(tmp_path / "m"), pd_map="time,abbrev")
    assert set(result["per_type"]) == {"TIME", "LOC", "PER"}
    assert result["data"]["pd_map"] == ["abbrev", "time"]
    only = evaluate_ner(
        str(data), "pd", "zh", model=str(tmp_path / "m"), pd_map="all", types="PER,LOC,ORG"
    )
    assert set(only["per_type"]) == {"LOC", "PER"}
