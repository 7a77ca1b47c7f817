"""ner: entities from People's Daily 1998 ``word/tag`` lines, and the switchable mappings
that bring its annotation closer to other corpora's (MSRA NER) or add the course's time and
number types.

The base reading: ``nr`` → PER, ``ns`` → LOC, ``nt`` → ORG. The corpus writes a Chinese
name as two ``nr`` tokens (surname, given name: ``江/nr 泽民/nr``), so an ``nr`` token of one
or two characters after a surname token of one or two completes that person; lists of names
often have nothing between them (``江/nr 泽民/nr 李/nr 鹏/nr 乔/nr 石/nr``: three people, 344
such runs in the corpus), and foreign names are single tokens with the ``·`` inside
(``沃纳·福诺斯/nr``). Each ``ns``
and ``nt`` token is an entity of its own: ``中国/ns 北京/ns`` is two places.

``PD_MAPPINGS`` (each off unless asked for, ``--pd-map NAME,...``):

- ``abbrev``: a one-character ``j`` (abbreviation) token is a place — ``中/j 美/j 关系``,
  ``京/j 九/m 铁路/n``. 97% of PD98's one-character ``j`` tokens are country, province or
  city abbreviations, and MSRA tags them LOC (445 of its 2,886 test LOCs are one character).
- ``theory``: the name inside an ``n`` token of 5+ characters ending in 理论 or 思想 is a
  person — ``邓小平理论/n`` → [邓小平]PER 理论. PD98 keeps the doctrine as one common noun;
  MSRA tags the name.
- ``compound``: a place or organisation token followed by at most four place, organisation
  or noun tokens, the last an organisation word (an ``nt`` token or one of ``ORG_HEADS``:
  共产党 政府 大学 委员会 银行 …), is one organisation — ``中国/ns 共产党/n`` →
  [中国共产党]ORG, ``北京/ns 大学/n``, ``上海/ns 证券/n 交易所/n``. This copy of PD98 has
  no bracketed compounds (``[中国/ns 政府/n]nt``); MSRA tags the whole compound.
- ``time``: a run of adjacent ``t`` (time word) tokens is one TIME —
  ``１９９７年/t １２月/t ３１日/t``, ``今天/t``, ``春节/t``.
- ``number``: a run of adjacent ``m`` (numeral) tokens is a PERCENT when it holds ``％``/``%``
  or starts with 百分之 (``２０％``, ``百分之八十``); with the ``q`` token after it, a MONEY
  when that is a currency (``CURRENCIES``: ``３００/m 万/m 元/q``, ``５/m 亿/m 美元/q``) and a
  QUANTITY when it is a unit of measure (``UNITS``: ``１２/m 公里/q``, ``３０/m 吨/q``). A
  numeral with a counting classifier (``三/m 个/q``, ``５/m 次/q``) or on its own stays
  ``O``: it counts, it does not measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nlptk.errors import InputError
from nlptk.readers.names import completes_name
from nlptk.sequence.tags import spans_to_bioes

__all__ = [
    "PD_TYPES",
    "PD_MAPPINGS",
    "PD_RULES",
    "ORG_HEADS",
    "CURRENCIES",
    "UNITS",
    "parse_pd_map",
    "pd_sentence",
]

#: People's Daily proper-noun tags and the entity type each becomes.
PD_TYPES = {"nr": "PER", "ns": "LOC", "nt": "ORG"}

#: ``--pd-map`` names and their rules in one line (the model card's copy; the module
#: docstring has the reasons).
PD_RULES = {
    "abbrev": "a one-character j (abbreviation) token is LOC",
    "theory": "the name inside an n token of 5+ characters ending in 理论/思想 is PER",
    "compound": "an ns/nt token and up to four ns/nt/n/nz tokens ending in an organisation "
    "word (an nt token or one of ORG_HEADS) are one ORG",
    "time": "a run of adjacent t tokens is one TIME",
    "number": "an m run holding ％ or starting with 百分之 is PERCENT; an m run and the q "
    "after it is MONEY (q in CURRENCIES) or QUANTITY (q in UNITS)",
}
#: ``--pd-map`` names.
PD_MAPPINGS = tuple(PD_RULES)

#: Nouns that end an organisation name (``compound``).
_HEADS = (
    "共产党 党 政府 国会 议会 人大 政协 委员会 常委会 代表大会 大学 学院 中学 小学 学校 "
    "银行 公司 集团 总公司 工厂 厂 医院 研究所 研究院 科学院 交易所 协会 学会 联合会 "
    "基金会 总会 部 局 厅 署 院 所 办 军区 法院 检察院 电视台 电台 报社 出版社 "
    "组织 联盟 中心 办公室 总局 警方 军队 海军 空军 陆军 解放军 武警 航空公司 铁路局"
)
ORG_HEADS = frozenset(_HEADS.split())

#: ``q`` tokens that make a number MONEY.
_CURRENCIES = (
    "元 美元 日元 马克 英镑 法郎 卢布 港元 港币 加元 澳元 欧元 铢 盾 里拉 比索 卢比 "
    "韩元 先令 新元 台币 兰特 第纳尔 林吉特 比塞塔 克朗 角"
)
CURRENCIES = frozenset(_CURRENCIES.split())

#: ``q`` tokens that make a number a QUANTITY (units of measure).
_UNITS = (
    "米 公里 千米 厘米 毫米 海里 英里 吨 万吨 公斤 千克 克 斤 公斤级 亩 公顷 平方米 "
    "平方公里 立方米 升 千瓦 千瓦时 瓦 伏 摄氏度 马力 兆瓦 桶 英尺 磅 立方"
)
UNITS = frozenset(_UNITS.split())

_THEORY = ("理论", "思想")
_COMPOUND_TAGS = frozenset({"ns", "nt", "n", "nz"})


def parse_pd_map(names: str | Iterable[str] | None) -> frozenset[str]:
    """``--pd-map abbrev,compound`` (or ``all``) as a set of ``PD_MAPPINGS`` names.

    >>> sorted(parse_pd_map("time, number"))
    ['number', 'time']
    """
    if names is None:
        return frozenset()
    items = names.split(",") if isinstance(names, str) else list(names)
    out = {n.strip() for n in items if n.strip()}
    if "all" in out:
        return frozenset(PD_MAPPINGS)
    unknown = sorted(out - set(PD_MAPPINGS))
    if unknown:
        raise InputError(
            f"unknown People's Daily mapping {', '.join(unknown)}; choose from "
            f"{', '.join(PD_MAPPINGS)} or all"
        )
    return frozenset(out)


def _number(pairs: Sequence[tuple[str, str]], i: int) -> tuple[int, str] | None:
    """The end token index and type of a numeric entity starting at ``pairs[i]`` (an
    ``m`` run, not preceded by another ``m``), or ``None``."""
    j = i
    while j < len(pairs) and pairs[j][1] == "m":
        j += 1
    text = "".join(w for w, _ in pairs[i:j])
    if "％" in text or "%" in text or text.startswith("百分之"):
        return j, "PERCENT"
    if j < len(pairs) and pairs[j][1] == "q":
        if pairs[j][0] in CURRENCIES:
            return j + 1, "MONEY"
        if pairs[j][0] in UNITS:
            return j + 1, "QUANTITY"
    return None


def _compound(pairs: Sequence[tuple[str, str]], i: int) -> int | None:
    """The end token index of a ``compound`` organisation starting at ``pairs[i]`` (an
    ``ns``/``nt`` token): up to four place, organisation or noun tokens follow, and the
    first organisation word among them (an ``nt`` token or one of ``ORG_HEADS``) ends it."""
    for k in range(i + 1, min(i + 5, len(pairs))):
        word, tag = pairs[k]
        if tag not in _COMPOUND_TAGS:
            return None
        if tag == "nt" or word in ORG_HEADS:
            return k + 1
    return None


def pd_sentence(
    pairs: Sequence[tuple[str, str]], mappings: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """Characters and BIOES tags of one People's Daily line (``(word, tag)`` pairs), with
    the ``mappings`` (names of ``PD_MAPPINGS``) applied.

    >>> chars, tags = pd_sentence([("江", "nr"), ("泽民", "nr"), ("在", "p"), ("北京", "ns")])
    >>> "".join(chars), tags
    ('江泽民在北京', ['B-PER', 'I-PER', 'E-PER', 'O', 'B-LOC', 'E-LOC'])
    >>> pd_sentence([("中国", "ns"), ("共产党", "n")], frozenset({"compound"}))[1]
    ['B-ORG', 'I-ORG', 'I-ORG', 'I-ORG', 'E-ORG']
    """
    pairs = list(pairs)
    starts = [0]
    for word, _ in pairs:
        starts.append(starts[-1] + len(word))
    spans: list[tuple[int, int, str]] = []
    prev_tag = ""
    i = 0
    while i < len(pairs):
        word, tag = pairs[i]
        end, etype = i + 1, PD_TYPES.get(tag)
        if etype == "PER" and completes_name(pairs, i):
            spans[-1] = (spans[-1][0], starts[end], etype)
            prev_tag = tag
            i = end
            continue
        if tag in ("ns", "nt") and "compound" in mappings:
            stop = _compound(pairs, i)
            if stop is not None:
                end, etype = stop, "ORG"
        elif tag == "j" and len(word) == 1 and "abbrev" in mappings:
            etype = "LOC"
        elif tag == "n" and "theory" in mappings and len(word) >= 5 and word.endswith(_THEORY):
            spans.append((starts[i], starts[end] - 2, "PER"))
        elif tag == "t" and "time" in mappings:
            while end < len(pairs) and pairs[end][1] == "t":
                end += 1
            etype = "TIME"
        elif tag == "m" and "number" in mappings and prev_tag != "m":
            found = _number(pairs, i)
            if found is not None:
                end, etype = found
        if etype is not None:
            spans.append((starts[i], starts[end], etype))
        prev_tag = pairs[end - 1][1]
        i = end
    return [ch for word, _ in pairs for ch in word], spans_to_bioes(starts[-1], spans)
