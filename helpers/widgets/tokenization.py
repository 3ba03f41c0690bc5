"""Chapter 2 widget: a tokenizer playground.

Type text, pick a tokenizer (and, for a tokenizer given at several vocabulary sizes, a size)
and see the text cut into coloured token pieces, their ids and how many there are. Spaces
are drawn as `·` and newlines as `↵`, so you can see that GPT-2-style tokens carry their
leading space. A piece that is only part of a character (byte-level BPE can split a
multi-byte character such as an emoji) is shown as its bytes, e.g. `\\xf0\\x9f`.

The widget shows HTML (an `ipywidgets.HTML` whose value is set), not a figure, so it does
not subclass `FigureWidget`, but it has the same interface: `.widget`, `describe()` (the
one line the notebook stores), `redraw()` on every change, and `_repr_mimebundle_`.

What it does not handle: tokenizers other than ones with `encode(text)` returning a list of
int ids (WordTokenizer, BPETokenizer, tiktoken's Encoding); very long texts are shown in
full (there is no paging).
"""

from __future__ import annotations

import html
import inspect
from collections.abc import Mapping
from typing import Any, Protocol

import ipywidgets as widgets

# Pastel backgrounds, cycled token by token so that neighbours always differ.
COLOURS = ("#ffd6a5", "#caffbf", "#9bf6ff", "#bdb2ff", "#ffc6ff", "#fdffb6")
SPECIAL_STYLE = "background:#444;color:#fff"
UNKNOWN_STYLE = "background:#ff6b6b;color:#fff"
DEFAULT_TEXT = "The cat sat on the mat. Tokenization isn't hard! 🙂"


class Tokenizer(Protocol):
    def encode(self, text: str) -> list[int]: ...


def encode_all(tokenizer: Any, text: str) -> list[int]:
    """`tokenizer.encode(text)`, letting special tokens such as <|endoftext|> through where the
    tokenizer asks for permission (tiktoken and our BPE do; the word tokenizer does not)."""
    try:
        takes_special = "allowed_special" in inspect.signature(tokenizer.encode).parameters
    except (TypeError, ValueError):  # a builtin without a signature
        takes_special = False
    if takes_special:
        return list(tokenizer.encode(text, allowed_special="all"))
    return list(tokenizer.encode(text))


def token_piece(tokenizer: Any, token_id: int) -> str | bytes:
    """What one id stands for: a str for a word tokenizer, bytes for a byte-level one."""
    if hasattr(tokenizer, "id_to_str"):  # WordTokenizer
        return tokenizer.id_to_str[token_id]
    if hasattr(tokenizer, "token_bytes"):  # our BPETokenizer
        return tokenizer.token_bytes(token_id)
    if hasattr(tokenizer, "decode_single_token_bytes"):  # tiktoken.Encoding
        return tokenizer.decode_single_token_bytes(token_id)
    return tokenizer.decode([token_id])


def show_piece(piece: str | bytes) -> str:
    """A piece as visible text: bytes decoded as UTF-8 where they form whole characters
    (else shown as `\\xNN` escapes), spaces as `·`, newlines as `↵`, tabs as `→`."""
    if isinstance(piece, bytes):
        piece = piece.decode("utf-8", errors="backslashreplace")
    return piece.replace(" ", "·").replace("\n", "↵").replace("\t", "→")


def pieces_html(pieces: list[str | bytes], ids: list[int], special: set[int],
                unknown: int | None) -> str:
    """Coloured <span>s, one per token, with the id as a tooltip."""
    spans = []
    for i, (piece, token_id) in enumerate(zip(pieces, ids, strict=True)):
        if token_id == unknown:
            style = UNKNOWN_STYLE
        elif token_id in special:
            style = SPECIAL_STYLE
        else:
            style = f"background:{COLOURS[i % len(COLOURS)]}"
        spans.append(f'<span title="id {token_id}" style="{style};padding:1px 2px;'
                     f'margin:0 1px;border-radius:3px;white-space:pre">'
                     f"{html.escape(show_piece(piece))}</span>")
    return "".join(spans)


def special_ids(tokenizer: Any) -> set[int]:
    """Ids of special tokens (<|endoftext|>, <|unk|>...), drawn dark in the playground."""
    if hasattr(tokenizer, "str_to_id"):  # WordTokenizer: specials look like <|...|>
        return {i for t, i in tokenizer.str_to_id.items()
                if t.startswith("<|") and t.endswith("|>")}
    specials = getattr(tokenizer, "special_tokens", None)
    if isinstance(specials, Mapping):
        return set(specials.values())
    if hasattr(tokenizer, "special_tokens_set") and hasattr(tokenizer, "encode_single_token"):
        return {tokenizer.encode_single_token(t) for t in tokenizer.special_tokens_set}
    return set()


class TokenizerPlayground:
    """A text box, a tokenizer chooser and the text cut into coloured, numbered tokens.

    `tokenizers` maps a label to a tokenizer, or to a dict {vocabulary size: tokenizer}; for
    the latter a "vocab size" slider appears (and is enabled only while it is chosen).

    Attributes (updated on every redraw):
        text: the Textarea; choice: the ToggleButtons; size: the vocab-size SelectionSlider.
        html: the HTML widget showing the pieces, ids and count.
        tokens: the pieces shown, as str (whitespace not yet made visible).
        ids: the ids shown.
        error: the message shown instead, when the tokenizer refused the text (else None).
        redraws: how many times it has been drawn (1 after construction).
    """

    def __init__(self, tokenizers: Mapping[str, Any], text: str = DEFAULT_TEXT,
                 start: str | None = None) -> None:
        if not tokenizers:
            raise ValueError("TokenizerPlayground needs at least one tokenizer, got none")
        self.tokenizers = dict(tokenizers)
        labels = list(self.tokenizers)
        if start is not None and start not in labels:
            raise ValueError(f"start={start!r} is not one of the tokenizers {labels}")
        sizes = sorted({s for t in self.tokenizers.values() if isinstance(t, Mapping) for s in t})
        self.text = widgets.Textarea(value=text, rows=3, continuous_update=True,
                                     layout=widgets.Layout(width="98%"))
        self.choice = widgets.ToggleButtons(options=labels, value=start or labels[0],
                                            style={"button_width": "110px"})
        self.size = widgets.SelectionSlider(options=sizes or [0], value=(sizes or [0])[-1],
                                            description="vocab size", continuous_update=True,
                                            layout=widgets.Layout(
                                                display="flex" if sizes else "none"))
        self.html = widgets.HTML()
        self.tokens: list[str] = []
        self.ids: list[int] = []
        self.error: str | None = None
        self.redraws = 0
        for control in (self.text, self.choice, self.size):
            control.observe(self.redraw, names="value")
        self.widget = widgets.VBox([self.text, widgets.HBox([self.choice, self.size]), self.html])
        self.widget.add_class("tokenizer-playground")
        self.redraw()

    def current(self) -> tuple[str, Any]:
        """(label, tokenizer) currently chosen, with the vocabulary size in the label."""
        label, chosen = self.choice.value, self.tokenizers[self.choice.value]
        if isinstance(chosen, Mapping):
            size = self.size.value if self.size.value in chosen else max(chosen)
            return f"{label}, {size}", chosen[size]
        return label, chosen

    def redraw(self, *_: Any) -> None:
        """Re-encode the text with the chosen tokenizer and redraw the pieces."""
        self.size.disabled = not isinstance(self.tokenizers[self.choice.value], Mapping)
        label, tokenizer = self.current()
        text = self.text.value
        try:
            self.ids = encode_all(tokenizer, text)
            self.error = None
        except ValueError as err:  # e.g. a word the word tokenizer has never seen
            self.ids, self.error = [], str(err)
        pieces = [token_piece(tokenizer, i) for i in self.ids]
        self.tokens = [p.decode("utf-8", errors="backslashreplace") if isinstance(p, bytes)
                       else p for p in pieces]
        unknown = getattr(tokenizer, "unk_id", None)
        if self.error is not None:
            body = (f'<div style="color:#c00">{label} cannot encode this text: '
                    f"{html.escape(self.error)}</div>")
        else:
            per_token = len(text) / len(self.ids) if self.ids else 0.0
            body = (f'<div style="line-height:1.9">'
                    f"{pieces_html(pieces, self.ids, special_ids(tokenizer), unknown)}</div>"
                    f"<div><b>{len(self.ids)} tokens</b> for {len(text)} characters "
                    f"({per_token:.2f} characters per token)</div>"
                    f'<div style="font-family:monospace;font-size:90%">ids: '
                    f"{html.escape(str(self.ids))}</div>")
        self.html.value = body
        self.redraws += 1

    def describe(self) -> str:
        """One stable line: what the notebook stores as text/plain (and nbval compares)."""
        label, _ = self.current()
        if self.error is not None:
            return f"TokenizerPlayground({label}: cannot encode the text)"
        return (f"TokenizerPlayground({label}: {len(self.ids)} tokens for "
                f"{len(self.text.value)} characters)")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.describe()
        return bundle
