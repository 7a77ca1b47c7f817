"""People's Daily names whole: the one surname + given-name rule the NER and the segmentation
readers share, on lines copied from the corpus (199801.txt lines 2, 28 and 184)."""

from pathlib import Path

import pytest

from nlptk.errors import InputError
from nlptk.ner.pd import pd_sentence
from nlptk.readers.names import completes_name, join_names
from nlptk.readers.words import parse_pd_line, read_segmented

# 199801.txt line 2, line 28 (a list of sixteen people, nothing between them), and a piece of
# line 184 (a foreign name is one token; a two-character reporter's name follows 记者).
LINE_2 = "中共中央/nt  总书记/n  、/w  国家/n  主席/n  江/nr  泽民/nr"
LINE_28 = (
    "江/nr  泽民/nr  李/nr  鹏/nr  乔/nr  石/nr  朱/nr  镕基/nr  李/nr  瑞环/nr  刘/nr  华清/nr  "
    "尉/nr  健行/nr  李/nr  岚清/nr  与/p  万/m  名/q  首都/n  各界/r  群众/n"
)
LINE_184 = "（/w  记者/n  谷/nr  利源/nr  ）/w  所长/n  沃纳·福诺斯/nr  今天/t"


@pytest.mark.parametrize(
    "line, words",
    [
        (LINE_2, ["中共中央", "总书记", "、", "国家", "主席", "江泽民"]),
        (
            LINE_28,
            ["江泽民", "李鹏", "乔石", "朱镕基", "李瑞环", "刘华清", "尉健行", "李岚清"]
            + ["与", "万", "名", "首都", "各界", "群众"],
        ),
        (LINE_184, ["（", "记者", "谷利源", "）", "所长", "沃纳·福诺斯", "今天"]),
    ],
)
def test_names_whole_joins_known_pd98_lines(line: str, words: list[str]) -> None:
    joined = join_names(parse_pd_line(line))
    assert [w for w, _ in joined] == words
    assert all(t == "nr" for w, t in joined if w in ("江泽民", "李鹏", "谷利源"))


def test_names_long_tokens_and_runs_do_not_join() -> None:
    # a three-character token is no surname; after a joined name the next nr starts afresh
    pairs = [("欧阳修", "nr"), ("文", "nr"), ("在", "p"), ("张", "nr"), ("三", "nr"), ("丰", "nr")]
    assert [completes_name(pairs, i) for i in range(6)] == [False] * 4 + [True, False]
    assert [w for w, _ in join_names(pairs)] == ["欧阳修", "文", "在", "张三", "丰"]


def test_names_ner_reader_uses_the_same_rule() -> None:
    # one PER span per joined word, on the sixteen-person line
    pairs = parse_pd_line(LINE_28)
    chars, tags = pd_sentence(pairs)
    people = [w for w, t in join_names(pairs) if t == "nr"]
    assert tags.count("B-PER") == len(people) == 8
    assert len(chars) == sum(len(w) for w, _ in pairs)


def test_names_read_segmented_whole_and_split(tmp_path: Path) -> None:
    path = tmp_path / "pd.txt"
    path.write_text(LINE_2 + "\n", encoding="utf-8")
    ((_, split_words, _),) = read_segmented(str(path), "pd")
    ((_, whole_words, whole_tags),) = read_segmented(str(path), "pd", names="whole")
    assert split_words[-2:] == ["江", "泽民"]
    assert whole_words[-1] == "江泽民" and whole_tags is not None and whole_tags[-1] == "nr"
    with pytest.raises(InputError, match="names"):
        list(read_segmented(str(path), "pd", names="joined"))
