"""A griffe extension for the API pages (``mkdocs.yml``): docstrings as nlptk writes them,
read by the numpy parser.

nlptk's docstrings show examples as doctests (``>>> call`` and the printed result, which
pytest runs), anywhere in the text rather than in an ``Examples`` section, and may go on
with prose after their ``Parameters`` list. Unfenced, Markdown reads ``['我', '爱']`` as a
link reference, and the numpy parser reads a doctest or a paragraph after the parameters as
more parameters. So each doctest is fenced as the Python session it is, and a paragraph
that follows the ``Parameters`` list moves up before it.
"""

from __future__ import annotations

import re
from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """``text`` with each doctest run (``>>>``/``...`` lines and the output up to a blank
    line) inside a ``pycon`` code fence, at its own indentation.
    """
    out: list[str] = []
    indent: str | None = None
    for line in text.splitlines():
        stripped = line.lstrip()
        if indent is None and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}```pycon")
        elif indent is not None and not stripped:
            out.append(f"{indent}```")
            indent = None
        out.append(line)
    if indent is not None:
        out.append(f"{indent}```")
    return "\n".join(out)


_PARAM = re.compile(r"^\*{0,2}\w[\w, *]* :|^\*{0,2}\w+$")


def prose_before_parameters(text: str) -> str:
    """``text`` with the unindented paragraphs that follow its ``Parameters`` list (prose,
    not ``name : type`` entries) moved before the ``Parameters`` heading.
    """
    lines = text.splitlines()
    try:
        head = next(
            i
            for i in range(len(lines) - 1)
            if lines[i].strip() == "Parameters" and set(lines[i + 1].strip()) == {"-"}
        )
    except StopIteration:
        return text
    end = head + 2
    while end < len(lines):
        line = lines[end]
        if line.strip() and end + 1 < len(lines) and set(lines[end + 1].strip()) == {"-"}:
            return text  # the list runs into the next section: no prose after it
        if line.strip() and not line.startswith((" ", "\t")) and not _PARAM.match(line):
            break
        end += 1
    if end == len(lines):
        return text
    prose = lines[end:]
    body = lines[head:end]
    while body and not body[-1].strip():
        body.pop()
    return "\n".join([*lines[:head], *prose, "", *body])


class DoctestFences(griffe.Extension):
    """Fence the doctests, and lift prose out of the parameter list, of every docstring."""

    def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
        if obj.docstring is None:
            return
        text = prose_before_parameters(obj.docstring.value)
        obj.docstring.value = fence_doctests(text) if ">>>" in text else text
