"""segment: Chinese word segmentation — the ``Segmenter`` API and module-level shortcuts.

>>> from nlptk import Segmenter
>>> Segmenter().cut("我来到北京清华大学")
['我', '来到', '北京', '清华大学']
"""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from nlptk.cache import cached
from nlptk.errors import DictFormatError, InputError, NlptkError
from nlptk.io import numbered_lines
from nlptk.segment.dictionary import MAX_FREQ, MAX_WORD, held_entries, iter_dict_entries
from nlptk.segment.engine import (
    MODES,
    Engine,
    Token,
    WidthNormalizingEngine,
    kernel_name,
    load_engine,
)
from nlptk.segment.fold import normalizer

if TYPE_CHECKING:
    from nlptk.segment.hmm import BMESParams, HMMParams
    from nlptk.sequence.perceptron import Perceptron

__all__ = [
    "Token",
    "Segmenter",
    "PerceptronSegmenter",
    "default_segmenter",
    "cut",
    "tokenize",
    "cut_lines",
    "jieba_sources",
    "main_dict_words",
    "check_mode",
    "describe_default_dictionary",
]

#: Bumped whenever the cached HMM format changes.
_HMM_CACHE = "jieba-hmm-3"


def jieba_sources() -> tuple[Path, Path]:
    """Paths of the dictionary and the HMM folder that the installed jieba package ships.

    Located without importing jieba (its import builds nothing, but costs start-up time).
    """
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise NlptkError("the jieba package is not installed; pass a dictionary with --dict")
    root = Path(next(iter(spec.submodule_search_locations)))
    return root / "dict.txt", root / "finalseg"


def _read_text_lines(path: Path) -> Iterator[str]:
    """Lines of a dictionary file; a missing file or a bad byte is an ``InputError`` that
    names the file (and the line). Dictionaries are UTF-8, so the input-text hint about
    ``--encoding`` does not apply."""
    try:
        for _, line in numbered_lines(str(path)):
            yield line
    except InputError as exc:
        exc.hint = "dictionary files must be UTF-8"
        raise


def main_dict_words(path: Path) -> Iterator[tuple[str, int]]:
    """``(word, freq)`` pairs of a main dictionary; every line needs a frequency, and the
    frequencies must add up to at most ``MAX_FREQ`` (the compiled kernel's total is a
    64-bit integer)."""
    total = 0
    entries = held_entries(iter_dict_entries(_read_text_lines(path), str(path)), str(path))
    for line_no, (word, freq, _tag) in enumerate(entries, 1):
        if freq is None:
            raise DictFormatError(str(path), line_no, word, "a main dictionary needs a frequency")
        total += freq
        if total > MAX_FREQ:
            raise DictFormatError(
                str(path), line_no, word, f"the frequencies add up to more than {MAX_FREQ}"
            )
        yield word, freq


class _JiebaHMM:
    """jieba's ``finalseg/prob_*.py`` tables (one literal dict each, ``P={...}``), parsed on
    first use: the compiled engine loads its packed copy from the cache instead (``sources``
    names the files it is keyed on). Parsing takes a fifth of a second, so the parsed tables
    are cached too, in a plain format (``_hmm_to_bytes``) read back only after the entry's
    checksum passed."""

    def __init__(self, folder: Path) -> None:
        self.sources = tuple(folder / f"prob_{name}.py" for name in ("start", "trans", "emit"))
        self._params: BMESParams | None = None

    def _parsed(self) -> BMESParams:
        if self._params is None:

            def parse() -> bytes:
                import ast

                from nlptk.segment.hmm import BMESParams

                texts = [f.read_text(encoding="utf-8") for f in self.sources]
                start, trans, emit = (ast.literal_eval(t[t.index("P=") + 2 :]) for t in texts)
                return _hmm_to_bytes(BMESParams(start=start, trans=trans, emit=emit))

            self._params = cached(
                _HMM_CACHE, self.sources, parse, _hmm_from_bytes, what="the HMM cache (once)"
            )
        return self._params

    @property
    def start(self) -> Mapping[str, float]:
        return self._parsed().start

    @property
    def trans(self) -> Mapping[str, Mapping[str, float]]:
        return self._parsed().trans

    @property
    def emit(self) -> Mapping[str, Mapping[str, float]]:
        return self._parsed().emit


def _hmm_to_bytes(hmm: BMESParams) -> bytes:
    """A JSON line (start and transition log-probabilities, the emitted characters of each
    state) and then the emission log-probabilities as little-endian float64, state by state:
    reading it back is a tenth of parsing the same numbers from JSON."""
    from nlptk.sequence.tags import BMES

    head = {
        "start": dict(hmm.start),
        "trans": {s: dict(row) for s, row in hmm.trans.items()},
        "emit": {s: list(hmm.emit[s]) for s in BMES},
    }
    values = array("d", [v for s in BMES for v in hmm.emit[s].values()])
    if sys.byteorder != "little":
        values.byteswap()
    return json.dumps(head, ensure_ascii=False).encode() + b"\n" + values.tobytes()


def _hmm_from_bytes(payload: bytes | memoryview) -> BMESParams:
    """The tables ``_hmm_to_bytes`` wrote; ``ValueError`` for anything else (a damaged or
    foreign cache entry)."""
    from nlptk.segment.hmm import BMESParams
    from nlptk.sequence.tags import BMES

    data = bytes(payload)
    cut = data.find(b"\n") + 1
    values = array("d")
    try:
        head = json.loads(data[:cut])
        start, trans, keys = head["start"], head["trans"], head["emit"]
        values.frombytes(data[cut:])
        ok = (
            set(start) == set(trans) == set(keys) == set(BMES)
            and all(isinstance(v, float) for v in start.values())
            and all(isinstance(v, float) for row in trans.values() for v in row.values())
            and len(values) == sum(len(keys[s]) for s in BMES)
        )
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ValueError(f"not a cached HMM ({exc!r})") from None
    if not ok or not cut:
        raise ValueError("not a cached HMM (wrong tables)")
    if sys.byteorder != "little":
        values.byteswap()
    emit, pos = {}, 0
    for s in BMES:
        emit[s] = dict(zip(keys[s], values[pos : pos + len(keys[s])], strict=True))
        pos += len(keys[s])
    return BMESParams(start=start, trans=trans, emit=emit)


def check_mode(mode: str) -> None:
    """Raise ``NlptkError`` for a segmentation mode that is not one of ``MODES``."""
    if mode not in MODES:
        raise NlptkError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")


def _get(engine: Engine, word: str, default: int) -> int:
    """jieba's ``FREQ.get(word, default)``: a bare prefix counts 0, an absent word ``default``."""
    freq = engine.get(word)
    return default if freq is None else freq


class Segmenter:
    """A Chinese word segmenter: prefix dictionary + max-probability route + BMES HMM.

    Gives the same tokens as jieba 0.42.1 with the same dictionary.

    Parameters
    ----------
    dictionary : path, optional
        Main dictionary in jieba's ``word freq [tag]`` format; jieba's own by default.
    user_dicts : sequence of paths
        User dictionaries (``word [freq] [tag]``) applied in order, as ``load_userdict``.
    hmm : bool
        Whether ``cut`` sends unknown character runs to the HMM by default.
    hmm_params : HMMParams, optional
        BMES log-probabilities; jieba's own by default.
    solo : collection of str
        Characters the HMM must leave single (a trained model's; none for jieba).
    normalize_width : bool
        Look words up with full-width ASCII forms made half width, returning the original
        characters (a trained model's option; off keeps jieba's behaviour exactly).
    fold_traditional : bool
        Look words up with traditional characters folded to simplified ones, returning the
        original characters (``nlptk.segment.fold``; on for models nlptk trains, off by
        default for jieba's dictionary so that jieba parity holds).
    kernel : {"auto", "compiled", "python"}, optional
        Which engine runs the cut; default ``$NLPTK_KERNEL``, else ``auto`` (the compiled
        kernel when it is built). Both give the same tokens.

    ``Segmenter.load`` builds one from a model directory written by ``nlptk train segment``.

    Reading (``cut``, ``tokenize``) is safe from many threads at once; dictionary edits
    take a lock and should not race with readers.
    """

    def __init__(
        self,
        dictionary: str | Path | None = None,
        user_dicts: Sequence[str | Path] = (),
        hmm: bool = True,
        *,
        hmm_params: HMMParams | None = None,
        solo: Collection[str] = (),
        normalize_width: bool = False,
        fold_traditional: bool = False,
        kernel: str | None = None,
    ) -> None:
        if dictionary is None or hmm_params is None:
            jieba_dict, jieba_hmm = jieba_sources()
        path = Path(dictionary) if dictionary is not None else jieba_dict
        if not path.is_file():
            next(_read_text_lines(path), None)  # raises the precise InputError
        self.dictionary = path
        self.hmm = hmm
        self._lock = threading.Lock()
        self.tags: dict[str, str] = {}
        if hmm_params is None:
            hmm_params = _JiebaHMM(jieba_hmm)
        engine = load_engine(
            path, lambda: main_dict_words(path), hmm_params, frozenset(solo), kernel=kernel
        )
        if engine.total <= 0:  # checked on the loaded engine: a cached one skips the reader
            raise InputError(
                f"{path}: no word with a frequency above 0; every route score is a share of "
                "a main dictionary's total"
            )
        normalize = normalizer(normalize_width, fold_traditional)
        self._engine = WidthNormalizingEngine(engine, normalize) if normalize else engine
        for user_path in user_dicts:
            self.load_userdict(user_path)

    @classmethod
    def load(
        cls,
        model: str | Path,
        user_dicts: Sequence[str | Path] = (),
        hmm: bool = True,
        kernel: str | None = None,
        convention: str | None = None,
    ) -> Segmenter:
        """A segmenter from a model directory written by ``nlptk train segment``, or from
        the name of a shipped model (``pd98``, ``pd98-perceptron``: a
        ``PerceptronSegmenter``, the same API). ``convention``: which annotation convention
        a perceptron model trained with ``--conventions`` answers in (its default when
        ``None``); ``InputError`` for any other model.

        >>> Segmenter.load("pd98").cut("１９９８年我来到北京大学")
        ['１９９８年', '我', '来到', '北京大学']
        """
        from nlptk.segment.model import PERCEPTRON, load_model

        m = load_model(model)
        if m.engine == PERCEPTRON:
            return PerceptronSegmenter.load(
                m.path, user_dicts, kernel=kernel, convention=convention
            )
        if convention is not None:
            raise InputError(
                f"--convention {convention}: model {m.path.name} is a dictionary model, trained "
                "without --conventions; leave it out"
            )
        return cls(
            m.dictionary,
            user_dicts,
            hmm,
            hmm_params=m.hmm.params(),
            solo=m.solo,
            normalize_width=m.normalize_width,
            fold_traditional=m.fold_traditional,
            kernel=kernel,
        )

    @property
    def kernel(self) -> str:
        """Which engine runs the cut: ``"compiled"`` or ``"python"``."""
        return self._engine.name

    @property
    def total(self) -> int:
        """Sum of all dictionary frequencies (the route's normaliser)."""
        return self._engine.total

    def freq(self, word: str) -> int:
        """Dictionary frequency of ``word`` (0 when absent)."""
        return self._engine.get(word) or 0

    def lookup(self, word: str) -> int | None:
        """jieba's ``FREQ.get(word)``: the frequency, 0 for a bare prefix of a word (or a
        deleted word), ``None`` when ``word`` is neither — the distinction jieba's DAG uses.
        """
        return self._engine.get(word)

    def cut(self, text: str, mode: str = "accurate", hmm: bool | None = None) -> list[str]:
        """Words of ``text`` in order; ``mode`` is ``accurate``, ``full`` or ``search``.

        >>> Segmenter().cut("他来到了网易杭研大厦")
        ['他', '来到', '了', '网易', '杭研', '大厦']
        """
        check_mode(mode)
        return self._engine.cut(text, mode, self.hmm if hmm is None else hmm)

    def tokenize(self, text: str, mode: str = "accurate", hmm: bool | None = None) -> list[Token]:
        """Words with their character offsets (end exclusive).

        >>> Segmenter().tokenize("永和服装饰品")[:2]
        [Token(text='永和', start=0, end=2), Token(text='服装', start=2, end=4)]
        """
        check_mode(mode)
        return self._engine.tokens(text, mode, self.hmm if hmm is None else hmm)

    def join(
        self, text: str, mode: str = "accurate", hmm: bool | None = None, delimiter: str = " "
    ) -> str:
        """The words joined by ``delimiter``, whitespace tokens left out: the ``text`` output
        line, built by the engine in one piece (in C for the compiled one — a str per word
        would cost the command a third of its throughput).

        >>> Segmenter().join("我来到 北京", delimiter="/")
        '我/来到/北京'
        """
        check_mode(mode)
        return self._engine.join(text, mode, self.hmm if hmm is None else hmm, delimiter)

    def cut_many(
        self, texts: Sequence[str], mode: str = "accurate", hmm: bool | None = None
    ) -> list[list[str]]:
        """The words of each text: ``cut`` over a batch, the call ``BertSegmenter`` shares,
        so scoring code takes either."""
        return list(self.cut_lines(texts, mode, hmm))

    def cut_lines(
        self, lines: Iterable[str], mode: str = "accurate", hmm: bool | None = None
    ) -> Iterator[list[str]]:
        """Stream: one word list per input line (trailing newline removed)."""
        check_mode(mode)
        use_hmm = self.hmm if hmm is None else hmm
        engine_cut = self._engine.cut
        for line in lines:
            yield engine_cut(line.rstrip("\r\n"), mode, use_hmm)

    # -- user dictionary, with jieba's semantics ----------------------------------------------

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        """Add ``word`` (or change its frequency); without ``freq`` the suggested one is used
        so the word is kept whole. Frequency 0 deletes the word and forces the HMM to split it.
        """
        with self._lock:
            self._add_word(word, freq, tag)

    def _add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        if not word:
            raise NlptkError("cannot add an empty word")
        if len(word) > MAX_WORD:
            raise NlptkError(
                f"cannot add a word of {len(word)} characters: a dictionary holds words of at "
                f"most {MAX_WORD}"
            )
        if freq is None:
            freq = self._suggest_whole(word)
        if not 0 <= int(freq) < 2**62:
            raise NlptkError(f"frequency of {word!r} must be in 0..2**62, got {freq}")
        self._engine.add(word, int(freq))
        if tag:
            self.tags[word] = tag

    def del_word(self, word: str) -> None:
        """Delete ``word``: it is never produced, even by the HMM."""
        self.add_word(word, 0)

    def suggest_freq(self, segment: str | Sequence[str], tune: bool = False) -> int:
        """The frequency that keeps ``segment`` whole (a str) or split into the given pieces
        (a sequence); with ``tune=True`` it is also applied.

        >>> seg = Segmenter()
        >>> seg.cut("如果放到post中将出错。", hmm=False)[3:5]
        ['中将', '出错']
        >>> _ = seg.suggest_freq(("中", "将"), tune=True)
        >>> seg.cut("如果放到post中将出错。", hmm=False)[3:6]
        ['中', '将', '出错']
        """
        with self._lock:
            if isinstance(segment, str):
                freq = self._suggest_whole(segment)
                word = segment
            else:
                word = "".join(segment)
                p = 1.0
                for piece in segment:
                    p *= _get(self._engine, piece, 1) / float(self._engine.total)
                freq = min(int(p * self._engine.total), _get(self._engine, word, 0))
            if tune:
                self._add_word(word, freq, None)
            return freq

    def _suggest_whole(self, word: str) -> int:
        total = float(self._engine.total)
        p = 1.0
        for piece in self._engine.cut(word, "accurate", False):
            p *= _get(self._engine, piece, 1) / total
        return max(int(p * self._engine.total) + 1, _get(self._engine, word, 1))

    def load_userdict(self, path: str | Path) -> None:
        """Apply a user dictionary file (``word [freq] [tag]`` per line, UTF-8), in order."""
        path = Path(path)
        entries = list(
            held_entries(iter_dict_entries(_read_text_lines(path), str(path)), str(path))
        )
        with self._lock:
            for word, freq, tag in entries:
                self._add_word(word, freq, tag)


_default: Segmenter | None = None
_default_lock = threading.Lock()


class PerceptronSegmenter(Segmenter):
    """A ``Segmenter`` whose accurate cut is the averaged perceptron's: same API, CLI and
    dictionary editing; ``hmm`` is accepted and ignored (every character is tagged).

    >>> PerceptronSegmenter.load("pd98-perceptron").cut("他来到了网易杭研大厦")
    ['他', '来到', '了', '网易', '杭研', '大厦']
    """

    def __init__(
        self,
        dictionary: str | Path,
        weights: Perceptron,
        user_dicts: Sequence[str | Path] = (),
        *,
        normalize_width: bool = True,
        fold_traditional: bool = False,
        kernel: str | None = None,
        source: Path | None = None,
        convention: int | None = None,
    ) -> None:
        from nlptk.segment.perceptron.tagger import NO_HMM, PerceptronEngine, dictionary_engine

        super().__init__(dictionary, (), False, hmm_params=NO_HMM, kernel=kernel)
        self.whole: set[str] = set()
        features = dictionary_engine(source, kernel) if source is not None else None
        engine = PerceptronEngine(self._engine, weights, self.whole, features, convention)
        # features and the dictionary see the normalised text (the model was trained on
        # it); words come back in the caller's characters
        normalize = normalizer(normalize_width, fold_traditional)
        self._key = normalize or str
        self._engine = WidthNormalizingEngine(engine, normalize) if normalize else engine
        for path in user_dicts:
            self.load_userdict(path)

    @classmethod
    def load(
        cls,
        model: str | Path,
        user_dicts: Sequence[str | Path] = (),
        hmm: bool = True,
        kernel: str | None = None,
        convention: str | None = None,
    ) -> PerceptronSegmenter:
        """A perceptron segmenter from a model directory or a shipped model's name;
        ``convention`` names the annotation convention a model trained with
        ``--conventions`` answers in (``None``: its default, meta.json's ``convention``).

        Raises ``InputError`` for a convention the model does not have (the message lists
        those it has) and for any convention given to a model trained without them.
        """
        from nlptk.artifacts import model_file
        from nlptk.segment.model import load_model
        from nlptk.segment.perceptron.tagger import (
            BMES_ALLOWED,
            FEATURES_FILE,
            WEIGHTS_FILE,
            convention_index,
        )
        from nlptk.sequence.perceptron import Perceptron
        from nlptk.sequence.tags import BMES

        m = load_model(model)
        k = convention_index(m.meta, convention, m.path.name)
        weights = Perceptron.load(model_file(m.path, WEIGHTS_FILE), BMES, BMES_ALLOWED)
        source = None
        if m.meta["params"].get("dict_features"):
            source = model_file(m.path, FEATURES_FILE, m.meta)
        return cls(
            m.dictionary,
            weights,
            user_dicts,
            normalize_width=m.normalize_width,
            fold_traditional=m.fold_traditional,
            kernel=kernel,
            source=source,
            convention=k,
        )

    def _add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        explicit = freq is not None and int(freq) > 0
        super()._add_word(word, freq, tag)
        key = self._key(word)
        if explicit:
            self.whole.add(key)
        else:
            self.whole.discard(key)


def default_segmenter() -> Segmenter:
    """The shared segmenter with jieba's dictionary, built on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Segmenter()
        return _default


def cut(
    text: str,
    mode: str = "accurate",
    hmm: bool = True,
    *,
    cut_all: bool = False,
    HMM: bool | None = None,  # noqa: N803 - jieba's keyword
) -> list[str]:
    """``default_segmenter().cut``; jieba's keywords work too (``cut_all=True`` is
    ``mode="full"``, ``HMM=`` is ``hmm=``), but the words come as a list. For jieba's
    generators use ``nlptk.jieba``.

    >>> cut("我来到北京清华大学", cut_all=True)
    ['我', '来到', '北京', '清华', '清华大学', '华大', '大学']
    """
    return default_segmenter().cut(text, "full" if cut_all else mode, hmm if HMM is None else HMM)


def tokenize(text: str, mode: str = "accurate", hmm: bool = True) -> list[Token]:
    """``default_segmenter().tokenize``."""
    return default_segmenter().tokenize(text, mode, hmm)


def cut_lines(
    lines: Iterable[str], mode: str = "accurate", hmm: bool = True
) -> Iterator[list[str]]:
    """``default_segmenter().cut_lines``."""
    return default_segmenter().cut_lines(lines, mode, hmm)


def describe_default_dictionary() -> str:
    """Which dictionary and kernel ``nlptk segment`` uses by default, for ``--version``."""
    from importlib.metadata import PackageNotFoundError, version

    kernel = f"kernel: {kernel_name()}"
    try:
        jieba_version = version("jieba")
    except PackageNotFoundError:
        return f"dictionary: none (jieba is not installed); {kernel}"
    return f"dictionary: jieba {jieba_version} {jieba_sources()[0]}; {kernel}"
