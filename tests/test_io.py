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


# --- UTF-16/32: decoded from bytes as they come, errors naming line and byte (issue 32) ----

WIDE_TEXT = "我来到北京\r\n" + "长" * 70_000 + "\n\n\ufeff中\n最后一行没有换行"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-le"])
def test_io_wide_lines_across_reads(tmp_path, encoding):
    """A 70,000-character line spans several 64 KiB reads; \\r\\n and \\n end lines, a
    mid-file U+FEFF is kept."""
    path = tmp_path / "wide.txt"
    path.write_bytes(WIDE_TEXT.encode(encoding))
    expected = ["我来到北京", "长" * 70_000, "", "\ufeff中", "最后一行没有换行"]
    assert list(iter_lines([str(path)], encoding=encoding)) == expected
    assert list(numbered_lines(str(path), encoding)) == list(enumerate(expected, 1))
    blocks = iter_blocks([str(path)], encoding=encoding)
    assert [line for b in blocks for line in b.lines()] == expected


@pytest.mark.parametrize(
    ("data", "encoding", "where"),
    [
        # an odd byte count: the last unit is cut short (the BOM is bytes 1-2 of line 1)
        (b"\xff\xfeA\x00B", "utf-16", r"1: not valid utf-16 \(byte 0x42 at byte 5 "),
        # a lone low surrogate on line 5,001, far past the first 64 KiB read
        (
            "\ufeff".encode("utf-16-le")
            + "行\n".encode("utf-16-le") * 5000
            + "ab".encode("utf-16-le")
            + b"\x00\xdc"
            + "\n".encode("utf-16-le"),
            "utf-16",
            r"5001: not valid utf-16 \(byte 0x00 at byte 5 ",
        ),
        # a line that began in an earlier read: the byte's place counts from the line start
        (
            ("x" * 40_000).encode("utf-16-le") + b"\x00\xd8A\x00",
            "utf-16-le",
            r"1: .* at byte 80001 ",
        ),
        # UTF-8 read as UTF-32 (little-endian, after a byte-order mark: bytes 1-4 of line 1)
        (
            "\ufeff".encode("utf-32-le") + "我来到\n".encode(),
            "utf-32",
            r"1: not valid utf-32 \(byte 0xe6 at byte 5 ",
        ),
    ],
)
def test_io_wide_decode_error_names_line_and_byte(tmp_path, data, encoding, where):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"bad.txt:" + where) as error:
        list(iter_lines([str(path)], encoding=encoding))
    assert "--encoding" in error.value.hint
    with pytest.raises(InputError, match=r"bad.txt:" + where):
        for block in iter_blocks([str(path)], encoding=encoding):
            block.lines()
    replaced = list(iter_lines([str(path)], encoding=encoding, errors="replace"))
    assert "\ufffd" in "".join(replaced)


def test_io_decode_hint_names_options_only_for_command_input(tmp_path):
    """A dictionary or training file has no --encoding to give: its hint is to convert it."""
    path = tmp_path / "gbk.txt"
    path.write_bytes("我 来到\n".encode("gbk"))
    with pytest.raises(InputError) as error:
        list(numbered_lines(str(path)))
    assert "--encoding" not in error.value.hint and "iconv" in error.value.hint
    with pytest.raises(InputError) as error:
        list(iter_lines([str(path)]))
    assert "--encoding" in error.value.hint


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
@pytest.mark.parametrize("errors", ["strict", "replace"])
def test_io_wide_without_byte_order_mark_is_one_error(tmp_path, encoding, errors):
    """Python's stream decoders for utf-16/utf-32 need a BOM (bytes.decode would guess the
    machine's order): one error naming the two choices, not a UnicodeError."""
    path = tmp_path / "nobom.txt"
    path.write_bytes("我来到\n北京\n".encode(f"{encoding}-be"))
    with pytest.raises(InputError, match="nobom.txt:1: no byte-order mark") as error:
        list(iter_lines([str(path)], encoding=encoding, errors=errors))
    assert error.value.hint == f"give --encoding {encoding}-le or {encoding}-be"
    lines = iter_lines([str(path)], encoding=f"{encoding}-be", errors=errors)
    assert list(lines) == ["我来到", "北京"]
