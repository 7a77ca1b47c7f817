"""Line input: blocks of undecoded lines give exactly the lines ``iter_lines`` gives."""

import pytest

from nlptk.errors import InputError
from nlptk.io import iter_blocks, iter_lines, numbered_lines

CASES = [
    "我来到北京\n\n清华大学\r\n最后一行没有换行",
    "a\r\nb\r\n",
    "",
    "\n\n\n",
    "长" * 5000 + "\n短\n",
]


@pytest.mark.parametrize("text", CASES)
@pytest.mark.parametrize("size", [1, 7, 1 << 16])
def test_io_blocks_match_lines(tmp_path, text, size):
    path = tmp_path / "in.txt"
    path.write_bytes(text.encode())
    blocks = list(iter_blocks([str(path)], size=size))
    assert [line for b in blocks for line in b.lines()] == list(iter_lines([str(path)]))
    assert all(b.data.endswith(b"\n") for b in blocks[:-1])


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030"])
def test_io_blocks_other_encodings(tmp_path, encoding):
    path = tmp_path / "in.txt"
    path.write_bytes("我来到北京\n\n清华大学\n".encode(encoding))
    blocks = iter_blocks([str(path)], encoding=encoding)
    assert [line for b in blocks for line in b.lines()] == ["我来到北京", "", "清华大学"]


def test_io_blocks_decode_error_names_the_line_across_blocks(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"ok\n" * 1000 + b"bad \xff\n")
    with pytest.raises(InputError, match=r"bad.txt:1001: not valid utf-8 \(byte 0xff at byte 5"):
        for block in iter_blocks([str(path)], size=64):
            block.lines()


def test_io_blocks_replace_goes_on(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"a\xffb\nc\n")
    (block,) = iter_blocks([str(path)], errors="replace")
    assert block.lines() == ["a\ufffdb", "c"]


BOM = "\ufeff".encode()


@pytest.mark.parametrize("size", [1, 1 << 16])
@pytest.mark.parametrize("text", ["我来到\n北京\n", "\n\ufeffsecond\n"])
def test_io_bom_opening_a_file_is_dropped_by_every_reader(tmp_path, size, text):
    path = tmp_path / "bom.txt"
    path.write_bytes(BOM + text.encode())
    expected = text.splitlines()
    assert list(iter_lines([str(path)])) == expected
    assert [line for _, line in numbered_lines(str(path))] == expected
    assert [line for b in iter_blocks([str(path)], size=size) for line in b.lines()] == expected


@pytest.mark.parametrize("encoding", ["utf-16"])
def test_io_bom_wide_codec(tmp_path, encoding):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff我来到\n".encode("utf-16-le"))
    assert list(iter_lines([str(path)], encoding="utf-16-le")) == ["我来到"]
    assert [ln for b in iter_blocks([str(path)], encoding="utf-16-le") for ln in b.lines()] == [
        "我来到"
    ]
