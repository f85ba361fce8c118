"""The configuration keys the Java code defines, and the ones the root README's table documents.

Defined keys come from every ``@ConfigMapping`` interface under any ``src/main/java`` of the repository
(found by walking the tree, never by module name), derived as SmallRye Config derives them: the
mapping's prefix, then per method its ``@WithName`` or the kebab-case of its name, recursing into group
interfaces (also inside ``Optional<...>``, ``Map<String, ...>`` as a ``*`` segment and collections as
``[*]``), ``@WithParentName`` adding no segment. Keys read by name (``@ConfigProperty(name = "...")``,
``getValue("...")``, ``getOptionalValue("...")`` and the like, a string literal or a constant of the
same file) are added.

Documented keys come from the first column of the README's configuration table: every backtick span
is a key, and one starting with a dot is short for the full key before it in the same cell with its
last segment replaced (``a.b.c`` / ``.d`` means ``a.b.c`` and ``a.b.d``). A ``<name>`` segment, as in
``quarkus.security.users.embedded.users.<name>``, is a wildcard written ``*`` here.

Only Debian's python3 is needed. The Java parser is small: a tokenizer that knows comments, javadoc,
strings, text blocks and character literals, and a declaration parser that knows annotations with
arguments, modifiers, generics (annotated type arguments included), nested types, fields, methods with
or without bodies, constructors and initializer blocks. It does not evaluate expressions: a prefix or a
``@WithName`` must be a string literal (or literals joined with ``+``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Directories never holding sources of the build: outputs, caches, dependencies.
_PRUNED = {".git", "target", "node_modules", "__pycache__", ".venv", "venv", ".idea", ".vscode", ".osteon", ".mvn"}

# ---------------------------------------------------------------------------------------------------------
# Tokenizer


@dataclass
class Tok:
    kind: str  # "id", "str", "char", "num", "doc", "op"
    text: str  # the identifier, the operator, the literal's value (strings unescaped), the doc's body
    line: int


class JavaSyntaxError(ValueError):
    pass


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "s": " ", "0": "\0", "\\": "\\", "'": "'", '"': '"'}


def _unescape(raw: str) -> str:
    out = []
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "\\" and i + 1 < len(raw):
            n = raw[i + 1]
            if n == "u":
                j = i + 1
                while j < len(raw) and raw[j] == "u":
                    j += 1
                out.append(chr(int(raw[j : j + 4], 16)))
                i = j + 4
                continue
            if n == "\n":  # line continuation in a text block
                i += 2
                continue
            out.append(_ESCAPES.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def tokenize(src: str) -> list[Tok]:
    toks: list[Tok] = []
    i, n, line = 0, len(src), 1
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            if j < 0:
                raise JavaSyntaxError(f"line {line}: unterminated comment")
            body = src[i + 2 : j]
            if body.startswith("*") and body != "*":  # /** ... */, but not /**/
                toks.append(Tok("doc", body[1:], line))
            line += body.count("\n")
            i = j + 2
        elif src.startswith('"""', i):
            j = i + 3
            while True:
                k = src.find('"""', j)
                if k < 0:
                    raise JavaSyntaxError(f"line {line}: unterminated text block")
                backslashes = 0
                while src[k - 1 - backslashes] == "\\":
                    backslashes += 1
                if backslashes % 2 == 0:
                    break
                j = k + 1
            raw = src[i + 3 : k]
            toks.append(Tok("str", _unescape(raw.split("\n", 1)[1] if "\n" in raw else raw), line))
            line += raw.count("\n")
            i = k + 3
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                if src[j] == "\\":
                    j += 1
                if j < n and src[j] == "\n":
                    raise JavaSyntaxError(f"line {line}: unterminated literal")
                j += 1
            if j >= n:
                raise JavaSyntaxError(f"line {line}: unterminated literal")
            toks.append(Tok("str" if c == '"' else "char", _unescape(src[i + 1 : j]), line))
            i = j + 1
        elif c.isalpha() or c in "_$":
            j = i + 1
            while j < n and (src[j].isalnum() or src[j] in "_$"):
                j += 1
            toks.append(Tok("id", src[i:j], line))
            i = j
        elif c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            j = i + 1
            while j < n and (
                src[j].isalnum()
                or src[j] in "_."
                or (src[j] in "+-" and src[j - 1] in "eEpP" and not src[i:j].lower().startswith("0x"))
            ):
                j += 1
            toks.append(Tok("num", src[i:j], line))
            i = j
        elif src.startswith("...", i):
            toks.append(Tok("op", "...", line))
            i += 3
        elif src.startswith("::", i) or src.startswith("->", i):
            toks.append(Tok("op", src[i : i + 2], line))
            i += 2
        else:
            # Every other operator one character at a time: '>>' stays two '>' closing two type arguments.
            toks.append(Tok("op", c, line))
            i += 1
    return toks


# ---------------------------------------------------------------------------------------------------------
# Declarations


@dataclass
class TypeRef:
    name: str  # as written, qualified or not: "Optional", "java.util.List", "Outer.Inner"
    args: list  # TypeRef, or None for a wildcard without bound
    dims: int = 0

    @property
    def simple(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    def __str__(self) -> str:
        s = self.name
        if self.args:
            s += "<" + ", ".join("?" if a is None else str(a) for a in self.args) + ">"
        return s + "[]" * self.dims


@dataclass
class Annotation:
    name: str  # simple name
    args: dict  # element name -> string value (literals joined) or the raw tokens' text
    line: int


@dataclass
class Method:
    name: str
    type: TypeRef
    annotations: list
    modifiers: set
    has_params: bool
    has_body: bool
    doc: str | None
    line: int

    def annotation(self, name: str) -> Annotation | None:
        return next((a for a in self.annotations if a.name == name), None)


@dataclass
class TypeDecl:
    kind: str  # "class", "interface", "enum", "record", "annotation"
    name: str
    qualified: str  # package.Outer.Name
    annotations: list
    extends: list  # TypeRef (interfaces: super-interfaces)
    methods: list = field(default_factory=list)
    nested: list = field(default_factory=list)
    line: int = 0
    path: str = ""

    def annotation(self, name: str) -> Annotation | None:
        return next((a for a in self.annotations if a.name == name), None)


_MODIFIERS = {
    "public",
    "protected",
    "private",
    "static",
    "abstract",
    "final",
    "native",
    "synchronized",
    "transient",
    "volatile",
    "strictfp",
    "default",
    "sealed",
    "non",
}
_OPEN = {"(": ")", "{": "}", "[": "]"}


class _Parser:
    def __init__(self, toks: list[Tok], path: str):
        self.t = toks
        self.i = 0
        self.path = path
        self.package = ""
        self.strings: dict[str, str] = {}  # NAME -> value of `String NAME = "..."` fields of this file

    # -- helpers
    def peek(self, k: int = 0) -> Tok | None:
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def at(self, text: str, k: int = 0) -> bool:
        tok = self.peek(k)
        return tok is not None and tok.kind in ("op", "id") and tok.text == text

    def next(self) -> Tok:
        tok = self.peek()
        if tok is None:
            raise JavaSyntaxError(f"{self.path}: unexpected end of file")
        self.i += 1
        return tok

    def expect(self, text: str) -> Tok:
        tok = self.next()
        if tok.text != text or tok.kind not in ("op", "id"):
            raise JavaSyntaxError(f"{self.path}:{tok.line}: expected {text!r}, found {tok.text!r}")
        return tok

    def ident(self) -> Tok:
        tok = self.next()
        if tok.kind != "id":
            raise JavaSyntaxError(f"{self.path}:{tok.line}: expected a name, found {tok.text!r}")
        return tok

    def skip_balanced(self) -> list[Tok]:
        """Skips from an opening (, { or [ to its match; returns the tokens inside."""
        open_tok = self.next()
        stack = [_OPEN[open_tok.text]]
        start = self.i
        while stack:
            tok = self.next()
            if tok.kind == "op":
                if tok.text in _OPEN:
                    stack.append(_OPEN[tok.text])
                elif tok.text in ")}]":
                    if tok.text != stack.pop():
                        raise JavaSyntaxError(f"{self.path}:{tok.line}: unbalanced {tok.text!r}")
        return self.t[start : self.i - 1]

    def skip_angle(self) -> None:
        """Skips type parameters <...> (of a generic method or type)."""
        self.expect("<")
        depth = 1
        while depth:
            tok = self.next()
            if tok.kind == "op" and tok.text == "<":
                depth += 1
            elif tok.kind == "op" and tok.text == ">":
                depth -= 1
            elif tok.kind == "op" and tok.text == "(":
                self.i -= 1
                self.skip_balanced()

    def skip_to_semicolon(self) -> list[Tok]:
        start = self.i
        while not self.at(";"):
            if self.peek().kind == "op" and self.peek().text in _OPEN:
                self.skip_balanced()
            else:
                self.next()
        self.next()
        return self.t[start : self.i - 1]

    # -- annotations and types
    def annotation(self) -> Annotation:
        at = self.expect("@")
        name = self.ident().text
        while self.at(".") and self.peek(1) is not None and self.peek(1).kind == "id":
            self.next()
            name = self.next().text
        args: dict = {}
        if self.at("("):
            inner = self.skip_balanced()
            args = _annotation_args(inner, self.strings)
        return Annotation(name, args, at.line)

    def type_ref(self) -> TypeRef:
        while self.at("@"):
            self.annotation()
        name = self.ident().text
        args: list = []
        while True:
            if self.at("<"):
                args = self.type_args()
            if self.at(".") and self.peek(1) is not None and (self.peek(1).kind == "id" or self.peek(1).text == "@"):
                self.next()
                while self.at("@"):
                    self.annotation()
                name += "." + self.ident().text
                continue
            break
        dims = 0
        while True:
            while self.at("@"):
                self.annotation()
            if self.at("[") and self.at("]", 1):
                self.i += 2
                dims += 1
            elif self.at("..."):
                self.next()
                dims += 1
            else:
                break
        return TypeRef(name, args, dims)

    def type_args(self) -> list:
        self.expect("<")
        args: list = []
        if self.at(">"):  # diamond
            self.next()
            return args
        while True:
            while self.at("@"):
                self.annotation()
            if self.at("?"):
                self.next()
                if self.at("extends"):
                    self.next()
                    args.append(self.type_ref())
                elif self.at("super"):
                    self.next()
                    self.type_ref()
                    args.append(None)
                else:
                    args.append(None)
            else:
                args.append(self.type_ref())
            while self.at("&"):  # intersection bound
                self.next()
                self.type_ref()
            if self.at(","):
                self.next()
                continue
            self.expect(">")
            return args

    # -- declarations
    def compilation_unit(self) -> list[TypeDecl]:
        self._collect_string_constants()
        types: list[TypeDecl] = []
        while self.peek() is not None:
            if self.at("package"):
                self.next()
                self.package = "".join(t.text for t in self.skip_to_semicolon())
            elif self.at("import"):
                self.next()
                self.skip_to_semicolon()
            elif self.at(";"):
                self.next()
            else:
                decl = self.member(self.package, types_only=True)
                if isinstance(decl, TypeDecl):
                    types.append(decl)
        return types

    def _collect_string_constants(self) -> None:
        t = self.t
        for k in range(len(t) - 4):
            if (
                t[k].kind == "id"
                and t[k].text == "String"
                and t[k + 1].kind == "id"
                and t[k + 2].text == "="
                and t[k + 3].kind == "str"
                and t[k + 4].text == ";"
            ):
                self.strings.setdefault(t[k + 1].text, t[k + 3].text)

    def body(self, owner: TypeDecl, enum: bool = False) -> None:
        self.expect("{")
        if enum:  # constants first: NAME, NAME(args) { body }, ... up to ';' or '}'
            while not self.at(";") and not self.at("}"):
                if self.peek().kind == "op" and self.peek().text in _OPEN:
                    self.skip_balanced()
                else:
                    self.next()
            if self.at(";"):
                self.next()
        while not self.at("}"):
            m = self.member(owner.qualified)
            if isinstance(m, TypeDecl):
                owner.nested.append(m)
            elif isinstance(m, Method):
                owner.methods.append(m)
        self.expect("}")

    def member(self, outer: str, types_only: bool = False):
        doc: str | None = None
        annotations: list[Annotation] = []
        modifiers: set[str] = set()
        while True:
            tok = self.peek()
            if tok is None:
                raise JavaSyntaxError(f"{self.path}: unexpected end of file")
            if tok.kind == "doc":
                doc = tok.text
                self.next()
            elif self.at("@") and not self.at("interface", 1):
                annotations.append(self.annotation())
            elif tok.kind == "id" and tok.text in _MODIFIERS:
                self.next()
                if tok.text == "non" and self.at("-"):  # non-sealed
                    self.i += 2
                modifiers.add(tok.text)
            else:
                break
        tok = self.peek()
        if tok.kind == "op" and tok.text == ";":
            self.next()
            return None
        if tok.kind == "op" and tok.text == "}" and not annotations and not modifiers:  # a doc before '}'
            return None
        if tok.kind == "op" and tok.text == "{":  # initializer block
            self.skip_balanced()
            return None
        kind = None
        if self.at("@") and self.at("interface", 1):
            self.i += 2
            kind = "annotation"
        elif tok.kind == "id" and tok.text in ("class", "interface", "enum"):
            self.next()
            kind = tok.text
        elif (
            tok.kind == "id"
            and tok.text == "record"
            and self.peek(1).kind == "id"
            and (self.at("(", 2) or self.at("<", 2))
        ):
            self.next()
            kind = "record"
        if kind:
            name_tok = self.ident()
            decl = TypeDecl(
                kind,
                name_tok.text,
                f"{outer}.{name_tok.text}" if outer else name_tok.text,
                annotations,
                [],
                line=name_tok.line,
                path=self.path,
            )
            if self.at("<"):
                self.skip_angle()
            if self.at("("):  # record header
                self.skip_balanced()
            while not self.at("{"):
                word = self.next()
                if word.text == "extends" and kind == "interface":
                    decl.extends.append(self.type_ref())
                    while self.at(","):
                        self.next()
                        decl.extends.append(self.type_ref())
            self.body(decl, enum=(kind == "enum"))
            return decl
        if types_only:
            raise JavaSyntaxError(f"{self.path}:{tok.line}: expected a type declaration, found {tok.text!r}")
        if self.at("<"):  # generic method
            self.skip_angle()
        rtype = self.type_ref()
        if self.at("("):  # constructor: the "type" was its name
            self.skip_balanced()
            self._rest_of_method()
            return None
        if self.at("{"):  # a record's compact constructor
            self.skip_balanced()
            return None
        name_tok = self.ident()
        if self.at("("):
            params = self.skip_balanced()
            has_body = self._rest_of_method()
            return Method(name_tok.text, rtype, annotations, modifiers, bool(params), has_body, doc, name_tok.line)
        # a field (or several): skip its initializer
        self.skip_to_semicolon()
        return None

    def _rest_of_method(self) -> bool:
        while self.at("[") and self.at("]", 1):
            self.i += 2
        if self.at("throws"):
            while not self.at("{") and not self.at(";"):
                self.next()
        if self.at("default"):  # annotation element default
            self.next()
            self.skip_to_semicolon()
            return False
        if self.at("{"):
            self.skip_balanced()
            return True
        self.expect(";")
        return False


def _annotation_args(inner: list[Tok], strings: dict) -> dict:
    """Element name -> value: string literals (and constants of the file) joined by '+', else the raw text."""
    parts: list[list[Tok]] = [[]]
    depth = 0
    for tok in inner:
        if tok.kind == "op" and tok.text in "({[":
            depth += 1
        elif tok.kind == "op" and tok.text in ")}]":
            depth -= 1
        if depth == 0 and tok.kind == "op" and tok.text == ",":
            parts.append([])
        else:
            parts[-1].append(tok)
    args = {}
    for part in parts:
        if not part:
            continue
        if len(part) >= 2 and part[0].kind == "id" and part[1].kind == "op" and part[1].text == "=":
            name, value = part[0].text, part[2:]
        else:
            name, value = "value", part
        args[name] = _constant_text(value, strings)
    return args


def _constant_text(toks: list[Tok], strings: dict) -> str:
    pieces = []
    ok = True
    for k, tok in enumerate(toks):
        if k % 2 == 1:
            ok = ok and tok.kind == "op" and tok.text == "+"
        elif tok.kind == "str":
            pieces.append(tok.text)
        elif tok.kind == "id" and tok.text in strings:
            pieces.append(strings[tok.text])
        else:
            ok = False
    if ok and pieces:
        return "".join(pieces)
    return "".join(t.text for t in toks)


def parse_java(src: str, path: str = "<inline>") -> list[TypeDecl]:
    """The type declarations of one Java source file, nested ones inside their outer type's ``nested``."""
    parser = _Parser(tokenize(src), path)
    return parser.compilation_unit()


def _walk(decls: list[TypeDecl]):
    for d in decls:
        yield d
        yield from _walk(d.nested)


# ---------------------------------------------------------------------------------------------------------
# SmallRye Config's naming


def kebab(name: str) -> str:
    """SmallRye Config's KEBAB_CASE: a port of io.smallrye.config.common.utils.StringUtil.skewer(name, '-').

    An upper-case letter starts a hump; a run of upper-case letters and digits is one word, whose last
    letter starts the next hump when a lower-case letter follows: ``aeTitle`` -> ``ae-title``,
    ``URLValue`` -> ``url-value``, ``hl7Tls`` -> ``hl7-tls``. Digits never start a hump:
    ``aggregateAgesOver89`` -> ``aggregate-ages-over89``.
    """
    sep = "-"
    b: list[str] = []
    end = len(name)
    i = 0
    while i < end:
        c = name[i]
        if c.islower():
            b.append(c)
        elif c.isupper():
            if i > 0 and name[i - 1] not in "_-":
                b.append(sep)
            b.append(c.lower())
            j = i + 1
            while j < end:
                u = name[j]
                if u.isupper():
                    b.append(u.lower())
                elif u.isdigit() or u == "-":
                    b.append(u)
                else:
                    if j > i + 1 and u != "_" and name[j - 1].isupper():
                        b.insert(len(b) - 1, sep)
                    j -= 1
                    break
                j += 1
            i = j
        elif c.isdigit() or c in ".*[]":
            b.append(c)
        elif i > 0:
            if name[i - 1] not in "_-":
                b.append(sep)
        else:
            b.append(c)
        i += 1
    return "".join(b)


def _snake(name: str) -> str:
    return kebab(name).replace("-", "_")


# ---------------------------------------------------------------------------------------------------------
# Defined keys


@dataclass
class DefinedKey:
    key: str
    path: str  # file, relative to the repository
    line: int
    origin: str  # "Interface#method", or how the key is read
    has_doc: bool = True


@dataclass
class Defined:
    keys: list = field(default_factory=list)  # DefinedKey
    undocumented: list = field(default_factory=list)  # "path:line Interface#method (key)"
    mappings: list = field(default_factory=list)  # "path Interface (prefix)"
    problems: list = field(default_factory=list)


_OPTIONALS = {"Optional"}
_COLLECTIONS = {"List", "Set", "Collection", "SortedSet", "NavigableSet"}
_MAPS = {"Map", "SortedMap", "NavigableMap"}


def java_sources(root: Path = REPO) -> dict[str, str]:
    """Every .java file below a ``src/main/java`` folder anywhere in the repository: relative path -> text."""
    sources = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _PRUNED and not d.startswith("."))
        rel = Path(dirpath).relative_to(root)
        parts = rel.parts
        if not any(parts[k : k + 3] == ("src", "main", "java") for k in range(len(parts))):
            continue
        for name in sorted(filenames):
            if name.endswith(".java"):
                p = rel / name
                sources[p.as_posix()] = (Path(dirpath) / name).read_text(encoding="utf-8")
    return sources


_READ_METHODS = {"getValue", "getOptionalValue", "getValues", "getOptionalValues", "getConfigValue"}
_PROPERTY_ANNOTATIONS = {
    "ConfigProperty",
    "LookupIfProperty",
    "LookupUnlessProperty",
    "IfBuildProperty",
    "UnlessBuildProperty",
}


def defined_keys(sources: dict[str, str]) -> Defined:
    out = Defined()
    parsed: dict[str, list[TypeDecl]] = {}
    for path, src in sources.items():
        try:
            parsed[path] = parse_java(src, path)
        except JavaSyntaxError as e:
            if "@ConfigMapping" in src:
                out.problems.append(f"cannot parse {path}: {e}")
            continue

    # Interfaces by qualified and simple name, for group resolution across files.
    by_qualified: dict[str, TypeDecl] = {}
    by_simple: dict[str, list[TypeDecl]] = {}
    for decls in parsed.values():
        for d in _walk(decls):
            if d.kind == "interface":
                by_qualified[d.qualified] = d
                by_simple.setdefault(d.name, []).append(d)

    def resolve(ref: TypeRef, context: TypeDecl, file_decls: list[TypeDecl]) -> TypeDecl | None:
        if ref.dims:
            return None
        if ref.name in by_qualified:
            return by_qualified[ref.name]
        # Nested in the context or any type of the same file, by (possibly partly qualified) name.
        suffix = "." + ref.name
        local = [d for d in _walk(file_decls) if d.kind == "interface" and d.qualified.endswith(suffix)]
        if local:
            inner = [d for d in local if d.qualified.startswith(context.qualified + ".")]
            return (inner or local)[0]
        candidates = by_simple.get(ref.simple, [])
        return candidates[0] if len(candidates) == 1 else None

    for path, decls in parsed.items():
        for decl in _walk(decls):
            mapping = decl.annotation("ConfigMapping")
            if mapping is None:
                continue
            prefix = mapping.args.get("prefix", mapping.args.get("value", ""))
            strategy = mapping.args.get("namingStrategy", "KEBAB_CASE").rsplit(".", 1)[-1]
            naming = {"KEBAB_CASE": kebab, "SNAKE_CASE": _snake, "VERBATIM": lambda s: s}.get(strategy, kebab)
            out.mappings.append(f"{path} {decl.qualified} ({prefix or '<no prefix>'})")
            _mapping_keys(decl, prefix, naming, path, decls, resolve, out, seen=())

    # Keys read by name.
    for path, src in sources.items():
        try:
            toks = tokenize(src)
        except JavaSyntaxError:
            continue
        parser = _Parser(toks, path)
        parser._collect_string_constants()
        for k, tok in enumerate(toks):
            key = None
            how = None
            if (
                tok.kind == "op"
                and tok.text == "@"
                and k + 2 < len(toks)
                and toks[k + 1].text in _PROPERTY_ANNOTATIONS
                and toks[k + 2].text == "("
            ):
                parser.i = k + 2
                args = _annotation_args(parser.skip_balanced(), parser.strings)
                key = args.get("name", args.get("value"))
                how = f"@{toks[k + 1].text}"
            elif (
                tok.kind == "id"
                and tok.text in _READ_METHODS
                and k + 2 < len(toks)
                and toks[k + 1].text == "("
                and k > 0
                and toks[k - 1].text == "."
            ):
                arg = toks[k + 2]
                if arg.kind == "str":
                    key = arg.text
                elif arg.kind == "id" and arg.text in parser.strings and toks[k + 3].text in (",", ")"):
                    key = parser.strings[arg.text]
                how = f"{tok.text}(...)"
            if key and re.fullmatch(r"[A-Za-z0-9_.\-\[\]*]+", key):
                out.keys.append(DefinedKey(key, path, tok.line, how))
    return out


def _mapping_keys(decl: TypeDecl, prefix: str, naming, path: str, file_decls, resolve, out: Defined, seen):
    if decl.qualified in seen:
        out.problems.append(f"{path}: group {decl.qualified} contains itself")
        return
    seen = seen + (decl.qualified,)
    methods = list(decl.methods)
    for sup in decl.extends:
        parent = resolve(sup, decl, file_decls)
        if parent is not None:
            methods.extend(parent.methods)  # (inherited methods are documented where they are declared)
    for m in methods:
        if m.has_params or m.has_body or "static" in m.modifiers or "default" in m.modifiers:
            continue
        if m.type.name == "void":
            continue
        with_name = m.annotation("WithName")
        if m.annotation("WithParentName") is not None:
            segment = ""
        elif with_name is not None:
            segment = with_name.args.get("value", "")
        else:
            segment = naming(m.name)
        key = ".".join(p for p in (prefix, segment) if p)
        origin = f"{decl.qualified.rsplit('.', 1)[-1]}#{m.name}"
        if not (m.doc and m.doc.strip(" *\n\t")):
            out.undocumented.append(f"{path}:{m.line} {origin} ({key})")

        t = m.type
        if t.simple in _OPTIONALS and t.args and t.args[0] is not None:
            t = t.args[0]
        group = None
        if t.simple in _MAPS and len(t.args) == 2 and t.args[1] is not None:
            key += ".*"
            value = t.args[1]
            if value.simple in _COLLECTIONS and value.args and value.args[0] is not None:
                g = resolve(value.args[0], decl, file_decls)
                if g is not None:
                    key += "[*]"
                    group = g
            else:
                group = resolve(value, decl, file_decls)
        elif t.simple in _COLLECTIONS and t.args and t.args[0] is not None:
            group = resolve(t.args[0], decl, file_decls)
            if group is not None:
                key += "[*]"
        else:
            group = resolve(t, decl, file_decls)
        if group is not None:
            _mapping_keys(group, key, naming, path, file_decls, resolve, out, seen)
        else:
            out.keys.append(DefinedKey(key, path, m.line, origin, has_doc=bool(m.doc)))


# ---------------------------------------------------------------------------------------------------------
# The README's table

_KEY = re.compile(r"[a-z0-9][a-z0-9_\-]*(\.([a-z0-9_\-]+|\*|<[a-z-]+>))*")
_REL = re.compile(r"(\.([a-z0-9_\-]+|\*|<[a-z-]+>))+")


def normalize(key: str) -> str:
    """``<name>`` segments and ``*`` are the same wildcard; ``[*]`` is kept."""
    return re.sub(r"(?<=\.)<[a-z-]+>(?=\.|$)", "*", key)


def split_row(line: str) -> list[str]:
    """The cells of a Markdown table row: '|' inside backticks or escaped '\\|' does not split."""
    cells, cur, code = [], [], False
    k = 0
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    while k < len(s):
        c = s[k]
        if c == "\\" and k + 1 < len(s) and s[k + 1] == "|":
            cur.append("|")
            k += 2
            continue
        if c == "`":
            code = not code
        if c == "|" and not code:
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        k += 1
    cells.append("".join(cur).strip())
    return cells


def expand_cell(cell: str) -> list[str]:
    """The full keys of a table's first cell.

    Keys are backtick spans separated by ' / ' or ','. A span starting with a dot replaces the last
    segment of the full key before it in the cell: `a.b.c` / `.d` / `.e.f` -> a.b.c, a.b.d, a.b.e.f.
    Anything else in the cell is an error, so that every key the table names is read one way only.
    """
    spans = re.split(r"`", cell)
    if len(spans) % 2 == 0:
        raise ValueError(f"unbalanced backticks in {cell!r}")
    keys: list[str] = []
    last_full: str | None = None
    for k, span in enumerate(spans):
        if k % 2 == 0:
            if not re.fullmatch(r"[\s/,]*", span):
                raise ValueError(f"text outside keys in {cell!r}: {span.strip()!r}")
            continue
        if span.startswith("."):
            if last_full is None:
                raise ValueError(f"{span!r} has no full key before it in {cell!r}")
            if not _REL.fullmatch(span):
                raise ValueError(f"not a key suffix: {span!r} in {cell!r}")
            keys.append(last_full.rsplit(".", 1)[0] + span)
        else:
            if not _KEY.fullmatch(span) or "." not in span:
                raise ValueError(f"not a configuration key: {span!r} in {cell!r}")
            last_full = span
            keys.append(span)
    if not keys:
        raise ValueError(f"no key in {cell!r}")
    return keys


@dataclass
class TableKey:
    key: str  # normalized
    line: int
    row: str


def readme_keys(readme: str) -> list[TableKey]:
    """The keys of the configuration table: the first table below '## Configuration' headed 'key'."""
    lines = readme.splitlines()
    try:
        start = next(k for k, l in enumerate(lines) if re.fullmatch(r"##\s+Configuration\s*", l))
    except StopIteration:
        raise ValueError("README has no '## Configuration' section")
    k = start + 1
    while k < len(lines) and not (lines[k].startswith("|") and split_row(lines[k])[0] == "key"):
        if lines[k].startswith("## "):
            raise ValueError("no table headed 'key' in the README's Configuration section")
        k += 1
    if k >= len(lines):
        raise ValueError("no table headed 'key' in the README's Configuration section")
    k += 2  # header and its |---| line
    keys = []
    while k < len(lines) and lines[k].startswith("|"):
        for key in expand_cell(split_row(lines[k])[0]):
            keys.append(TableKey(normalize(key), k + 1, lines[k]))
        k += 1
    return keys


# ---------------------------------------------------------------------------------------------------------
# The check

# Keys the table may document that no Osteon code defines: Quarkus', Kafka clients', MicroProfile's.
# Every non-osteon key of the table must be here, and every entry here must be in the table.
ALLOWED_FOREIGN_KEYS = frozenset(
    {
        "kafka.bootstrap.servers",
        "kafka.security.protocol",
        "kafka.sasl.mechanism",
        "kafka.sasl.jaas.config",
        "kafka.ssl.*",
        "mp.jwt.verify.issuer",
        "mp.jwt.verify.publickey.location",
        "quarkus.http.auth.certificate-role-properties",
        "quarkus.management.port",
        "quarkus.security.users.embedded.users.*",
        "quarkus.security.users.embedded.roles.*",
        "quarkus.oidc.tenant-enabled",
        "quarkus.oidc.auth-server-url",
        "quarkus.oidc.client-id",
        "quarkus.oidc.roles.role-claim-path",
        "quarkus.http.auth.session.encryption-key",
        "quarkus.http.limits.max-body-size",
        "quarkus.datasource.jdbc.url",
        "quarkus.datasource.jdbc.username",
        "quarkus.datasource.jdbc.password",
        # OpenTelemetry's own settings, read by its SDK autoconfiguration (platform's Tracing).
        "otel.traces.exporter",
        "otel.exporter.otlp.endpoint",
        "otel.exporter.otlp.protocol",
        "otel.service.name",
        "otel.sdk.disabled",
    }
)

OWN_PREFIX = "osteon."


@dataclass
class Report:
    problems: list
    defined: Defined
    table: list

    @property
    def osteon_keys(self) -> set:
        return {normalize(k.key) for k in self.defined.keys if k.key.startswith(OWN_PREFIX)}


def check(
    sources: dict[str, str] | None = None,
    readme: str | None = None,
    allowed_foreign: frozenset = ALLOWED_FOREIGN_KEYS,
    defined: Defined | None = None,
) -> Report:
    """Everything wrong between the Java sources (default: the repository's) and the README's table."""
    if defined is None:
        defined = defined_keys(java_sources(REPO) if sources is None else sources)
    if readme is None:
        readme = (REPO / "README.md").read_text(encoding="utf-8")
    problems = list(defined.problems)
    if not defined.mappings:
        problems.append("no @ConfigMapping interface found under any src/main/java")
    try:
        table = readme_keys(readme)
    except ValueError as e:
        return Report(problems + [f"README configuration table: {e}"], defined, [])

    documented: dict[str, TableKey] = {}
    for t in table:
        if t.key in documented:
            problems.append(f"README line {t.line}: {t.key} is already in the table (line {documented[t.key].line})")
        documented.setdefault(t.key, t)

    own: dict[str, list[DefinedKey]] = {}
    for d in defined.keys:
        if d.key.startswith(OWN_PREFIX):
            own.setdefault(normalize(d.key), []).append(d)
    for key in sorted(own):
        if key not in documented:
            where = "; ".join(f"{d.path}:{d.line} {d.origin}" for d in own[key])
            problems.append(f"missing from the README's configuration table: {key} (defined by {where})")
    for key, t in documented.items():
        if key.startswith(OWN_PREFIX):
            if key not in own:
                problems.append(
                    f"README line {t.line}: {key} is not defined by any @ConfigMapping interface "
                    "or read by the code (stale row?)"
                )
        elif key not in allowed_foreign:
            problems.append(
                f"README line {t.line}: {key} is neither an osteon.* key nor in "
                "ALLOWED_FOREIGN_KEYS of tests/config/config_keys.py"
            )
    for key in sorted(allowed_foreign - set(documented)):
        problems.append(f"ALLOWED_FOREIGN_KEYS lists {key}, which the README's table does not: drop it from the list")
    for u in defined.undocumented:
        problems.append(f"configuration method without javadoc: {u}")
    return Report(problems, defined, table)
