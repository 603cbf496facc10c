"""How ``digest`` reads its option values: plain Python, no pydantic.

typer turns every option value into its annotated type through a pydantic ``TypeAdapter``
that it builds, per option, the first time the command runs: importing pydantic's
validation machinery and building ten adapters cost ``digest build`` about half a second
before it did anything. The options of ``digest`` are all ``str``, ``Path``, ``int``,
``float`` or ``bool``, so ``plain_values`` gives each option a reader of its own that
accepts what typer's adapters accept and fails with the same message (typer prints it as
``Invalid value for '--limit': …`` and exits 2). A value of any other kind (none today)
goes to typer's own reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from typer._click.exceptions import BadParameter

if TYPE_CHECKING:
    from typer._click import Context

try:  # typer's coercion layer (typer >= 0.29); 0.26 to 0.28 use click's types instead
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
except ImportError:  # pragma: no cover - only with an older typer
    RuntimeParam = None  # type: ignore[assignment,misc]

NOT_AN_INTEGER = "Input should be a valid integer, unable to parse string as an integer"
NOT_A_NUMBER = "Input should be a valid number, unable to parse string as a number"
# An integer as pydantic reads one from text: ASCII digits, single underscores between
# them, and a fraction of zeros only ("3.0").
_INTEGER = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
PLAIN = (str, Path, int, float, bool)


def read_int(text: str) -> int:
    """``text`` as an integer, or a ``ValueError`` with pydantic's message."""
    text = text.strip()
    if not _INTEGER.fullmatch(text):
        raise ValueError(NOT_AN_INTEGER)
    return int(text.split(".", 1)[0])


def read_float(text: str) -> float:
    """``text`` as a float, or a ``ValueError`` with pydantic's message.

    What pydantic reads: ``1e3``, ``inf``, ``nan`` and underscores anywhere but at the ends
    or two in a row (``1_e3`` too). Python's ``float`` reads digits of other scripts
    besides, which pydantic refuses.
    """
    text = text.strip()
    if not text.isascii() or text.startswith("_") or text.endswith("_") or "__" in text:
        raise ValueError(NOT_A_NUMBER)
    text = text.replace("_", "")
    try:
        return float(text)
    except ValueError:
        raise ValueError(NOT_A_NUMBER) from None


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class PlainValue(RuntimeParam):
        """Reads one option's value as its annotated type (one of ``PLAIN``)."""

        def _coerce_value(self, value: Any, param: Any, ctx: Context) -> Any:
            kind = self.annotation
            try:
                if kind is bool:
                    if isinstance(value, bool):
                        return value
                elif isinstance(value, kind) and not isinstance(value, bool):
                    return value
                elif isinstance(value, str):
                    if kind is str:
                        return value
                    if kind is Path:
                        # typer's own checks (exists, readable, ...), given a Path: only
                        # text makes it call pydantic.
                        return coerce_cli_path(
                            Path(value),
                            self.parameter_info,
                            path_type=Path,
                            param=param,
                            ctx=ctx,
                        )
                    if kind is int:
                        return read_int(value)
                    if kind is float:
                        return read_float(value)
            except ValueError as exc:
                raise BadParameter(str(exc), ctx=ctx, param=param) from None
            # Anything else (a bool flag given a word, bytes): typer's own reader.
            typer_reader = build_runtime_param(param.type_descriptor)
            return typer_reader._coerce_value(value, param=param, ctx=ctx)


def plain_values(params: list[Any]) -> None:
    """Give each of ``params`` whose type is one of ``PLAIN`` the plain reader."""
    if RuntimeParam is None:
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue
        info = descriptor.parameter_info
        constrained = info.parser is not None or info.min is not None or info.max is not None
        if descriptor.annotation in PLAIN and not constrained and not descriptor.is_file:
            param._runtime_param = PlainValue(parameter_info=info, annotation=descriptor.annotation)
