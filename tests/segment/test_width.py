"""Width normalisation keeps length, so spans on normalised text slice the original."""

import pytest

from nlptk.segment.fold import normalize_width


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１９９８年", "1998年"),
        ("ＡＢＣｘｙｚ！～", "ABCxyz!~"),
        ("中\u3000文", "中 文"),
        ("“中文”，。", "“中文”,。"),
        ("abc 123", "abc 123"),
    ],
)
def test_width_normalize_known_answers(text, expected):
    assert normalize_width(text) == expected
    assert len(normalize_width(text)) == len(text)
