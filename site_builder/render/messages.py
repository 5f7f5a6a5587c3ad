"""Theme strings translated once per locale instead of once per page.

Jinja compiles ``{{ _("Valid") }}`` into a call through the template
context, the i18n extension and gettext, ten times or more on every page.
When the message is a literal, its translation cannot change between pages,
so the code generator below compiles the call into a table lookup instead.
The compiled code is the same for every locale, so each template is still
compiled once; each locale's environment holds its own ``MessageTable``,
which fills itself on first use with exactly what the i18n extension's
newstyle gettext returns. Plural messages (``ngettext``) depend on a
number and still go through the extension.
"""

from __future__ import annotations

from collections.abc import Callable
from gettext import NullTranslations
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.idtracking import VAR_LOAD_ALIAS, VAR_LOAD_RESOLVE
from markupsafe import Markup

GETTEXT_NAMES = frozenset({"_", "gettext"})


class MessageTable:
    """One locale's translations of literal messages, as the templates use them."""

    def __init__(self, translations: NullTranslations) -> None:
        self.patterns = _Table(lambda message: Markup(translations.gettext(message)))
        """Translated messages that still take ``%(name)s`` values."""
        self.texts = _Table(lambda message: self.patterns[message] % {})
        """Translated messages without values: formatted once, so ``%%`` is ``%``."""


class _Table(dict[str, Markup]):
    def __init__(self, translate: Callable[[str], Markup]) -> None:
        super().__init__()
        self._translate = translate

    def __missing__(self, message: str) -> Markup:
        value = self[message] = self._translate(message)
        return value


class MessageCodeGenerator(CodeGenerator):
    """Compiles ``_("literal", name=value)`` into a lookup in the locale's table."""

    def visit_Call(
        self, node: nodes.Call, frame: Frame, forward_caller: bool = False
    ) -> None:
        message = self._literal_message(node, frame)
        if message is None or forward_caller:
            super().visit_Call(node, frame, forward_caller=forward_caller)
            return
        if not node.kwargs:
            self.write(f"environment.messages.texts[{message!r}]")
            return
        self.write(f"(environment.messages.patterns[{message!r}] % {{")
        for keyword in node.kwargs:
            self.write(f"{keyword.key!r}: ")
            self.visit(keyword.value, frame)
            self.write(", ")
        self.write("})")

    def _literal_message(self, node: nodes.Call, frame: Frame) -> str | None:
        """The message if this is a gettext call the table can answer, else None."""
        call = node.node
        if not (
            isinstance(call, nodes.Name)
            and call.name in GETTEXT_NAMES
            and _is_global(call.name, frame)
            and len(node.args) == 1
            and isinstance(node.args[0], nodes.Const)
            and isinstance(node.args[0].value, str)
            and node.dyn_args is None
            and node.dyn_kwargs is None
        ):
            return None
        # The table holds Markup, which is right only where output is escaped.
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            return None
        if not getattr(self.environment, "newstyle_gettext", False):
            return None
        message: str = node.args[0].value
        return message


def _is_global(name: str, frame: Frame) -> bool:
    """Whether ``name`` means the environment's global, not a template variable."""
    ref = frame.symbols.find_ref(name)
    load: Any = None if ref is None else frame.symbols.find_load(ref)
    while load is not None and load[0] == VAR_LOAD_ALIAS:
        load = frame.symbols.find_load(load[1])
    return bool(load == (VAR_LOAD_RESOLVE, name))
