"""The verdict table of examples/README.md, read as data.

examples/README.md documents, for every example snapshot, the command that diagnoses it and what
that command gives: exit code, finding rule ids, customer statuses. The e2e tests take the list
from there (not from a copy in Python), so the README cannot drift from what the binary does.
"""

import os
import re
import shlex
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(ROOT, "examples")
README = os.path.join(EXAMPLES, "README.md")

COLUMNS = ["Example", "What it shows", "Command", "Exit", "Findings", "Customer statuses"]
NONE = {"–", "-", ""}


@dataclass
class Example:
    file: str             # "healthy.json"
    command: list         # argv as documented, starting with "gdapcheck"
    exit_code: int
    rule_ids: list        # sorted
    statuses: list        # in report order
    line: int             # in README.md, for messages

    @property
    def name(self):
        return self.file[:-len(".json")]

    @property
    def path(self):
        return os.path.join(EXAMPLES, self.file)


def _cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _code(cell):
    """The text of a cell that is one `code span`."""
    match = re.fullmatch(r"`([^`]+)`", cell)
    if not match:
        raise ValueError(f"expected one `code span`, got {cell!r}")
    return match.group(1)


def _list(cell, code):
    if cell in NONE:
        return []
    items = [item.strip() for item in cell.split(",")]
    return [_code(item) for item in items] if code else items


def read(path=README):
    """Every row of the verdict table; raises ValueError naming the line of a malformed row."""
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    header = next((i for i, line in enumerate(lines) if line.startswith("|") and _cells(line) == COLUMNS), None)
    if header is None:
        raise ValueError(f"{path}: no table with the columns {' | '.join(COLUMNS)}")
    examples = []
    for number, line in enumerate(lines[header + 2:], start=header + 3):
        if not line.startswith("|"):
            break
        cells = _cells(line)
        try:
            if len(cells) != len(COLUMNS):
                raise ValueError(f"{len(cells)} cells, expected {len(COLUMNS)}")
            examples.append(Example(file=_code(cells[0]), command=shlex.split(_code(cells[2])),
                                    exit_code=int(cells[3]), rule_ids=sorted(_list(cells[4], code=True)),
                                    statuses=_list(cells[5], code=False), line=number))
        except ValueError as error:
            raise ValueError(f"{path}:{number}: {error}") from error
    return examples


def example_files():
    return sorted(name for name in os.listdir(EXAMPLES) if name.endswith(".json"))
