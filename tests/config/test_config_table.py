"""One source of truth for configuration: the root README's key table against the code's keys.

The check itself is test_readme_table_matches_the_code; the other tests pin down the small Java parser,
SmallRye's naming, the table's shorthand, and that the check fails when a key is missing or stale.
Run: /usr/bin/python3 -m pytest -q tests/config (stage 3 of ./osteon test).
"""

import re
import textwrap

import pytest

import config_keys as ck
from config_keys import check, defined_keys, expand_cell, java_sources, kebab, parse_java, readme_keys


@pytest.fixture(scope="module")
def sources():
    return java_sources(ck.REPO)


@pytest.fixture(scope="module")
def defined(sources):
    return defined_keys(sources)


@pytest.fixture(scope="module")
def readme():
    return (ck.REPO / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------
# The check on the repository


def test_readme_table_matches_the_code(defined, readme):
    report = check(readme=readme, defined=defined)
    assert not report.problems, "\n".join(report.problems)
    assert defined.mappings, "no @ConfigMapping interface found"
    assert len(report.osteon_keys) >= 50, sorted(report.osteon_keys)


def test_every_mapping_is_found_wherever_its_module_lives(sources):
    # No module name is known to the walk: every @ConfigMapping in any src/main/java is one of the sources.
    with_mapping = {p for p, s in sources.items() if "@ConfigMapping" in s}
    on_disk = set()
    for path in ck.REPO.rglob("*.java"):
        rel = path.relative_to(ck.REPO)
        if "/src/main/java/" in "/" + rel.as_posix() and not set(rel.parts) & ck._PRUNED:
            if "@ConfigMapping" in path.read_text(encoding="utf-8"):
                on_disk.add(rel.as_posix())
    assert with_mapping == on_disk
    assert with_mapping


def test_walk_takes_any_module_layout_and_skips_tests_and_outputs(tmp_path):
    java = 'package a.b; @ConfigMapping(prefix = "osteon.x") public interface C { /** d */ int y(); }'
    for rel in (
        "platform/dicom/src/main/java/a/b/C.java",
        "launcher/src/main/java/a/b/D.java",
        "gateway/src/test/java/a/b/E.java",
        "gateway/target/classes/src/main/java/a/b/F.java",
        "src/main/java/a/b/G.java",
    ):
        f = tmp_path / rel
        f.parent.mkdir(parents=True)
        f.write_text(java.replace("C", f.stem))
    assert sorted(java_sources(tmp_path)) == [
        "launcher/src/main/java/a/b/D.java",
        "platform/dicom/src/main/java/a/b/C.java",
        "src/main/java/a/b/G.java",
    ]


# ---------------------------------------------------------------------------------------------------------
# The check fails when it should


def _osteon_rows(readme):
    by_line = {}
    for t in readme_keys(readme):
        by_line.setdefault(t.line, []).append(t.key)
    return {line: keys for line, keys in by_line.items() if all(k.startswith("osteon.") for k in keys)}


def test_removing_any_osteon_row_fails_naming_its_keys(defined, readme):
    lines = readme.splitlines(keepends=True)
    rows = _osteon_rows(readme)
    assert len(rows) >= 30
    for line, keys in rows.items():
        without = "".join(lines[: line - 1] + lines[line:])
        problems = check(readme=without, defined=defined).problems
        for key in keys:
            if any(t.key == key for t in readme_keys(without)):
                continue  # also in another row
            assert any(p.startswith(f"missing from the README's configuration table: {key} ") for p in problems), (
                key,
                problems,
            )


def test_removing_one_row_fails(defined, readme):
    row = next(l for l in readme.splitlines(keepends=True) if l.startswith("| `osteon.gateway.dicom.max-associations`"))
    problems = check(readme=readme.replace(row, ""), defined=defined).problems
    assert len(problems) == 1
    assert "osteon.gateway.dicom.max-associations" in problems[0]
    assert "GatewayConfig.java" in problems[0] and "Dicom#maxAssociations" in problems[0]


def _first_mapping(sources):
    path = sorted(p for p, s in sources.items() if "@ConfigMapping" in s)[0]
    return path, sources[path]


def _with_method(src, method):
    end = src.rstrip().rindex("}")
    return src[:end] + method + "\n" + src[end:]


def test_a_new_method_without_a_row_fails(sources, readme):
    path, src = _first_mapping(sources)
    changed = dict(sources)
    changed[path] = _with_method(
        src, "    /** A knob nobody documented in the README. */\n" '    @WithDefault("1")\n    int brandNewKnob();\n'
    )
    problems = check(changed, readme=readme).problems
    assert len(problems) == 1, problems
    assert re.match(
        r"missing from the README's configuration table: osteon\.([a-z0-9-]+\.)*brand-new-knob "
        rf"\(defined by {re.escape(path)}:\d+ \w+#brandNewKnob\)",
        problems[0],
    ), problems


def test_a_method_without_javadoc_fails(sources, readme):
    path, src = _first_mapping(sources)
    changed = dict(sources)
    changed[path] = _with_method(src, "    // a line comment is no documentation\n    int undocumentedKnob();\n")
    problems = check(changed, readme=readme).problems
    assert any("missing from the README" in p and "undocumented-knob" in p for p in problems), problems
    assert any(
        p.startswith("configuration method without javadoc: " + path) and "#undocumentedKnob" in p for p in problems
    ), problems


def test_a_stale_row_fails(defined, readme):
    stale = "| `osteon.gateway.dicom.retired` / `.gone` | streams | `1` | no longer read |\n"
    anchor = next(l for l in readme.splitlines(keepends=True) if l.startswith("| `osteon.site`"))
    problems = check(readme=readme.replace(anchor, anchor + stale), defined=defined).problems
    assert sorted(p.split(": ")[1].split(" ")[0] for p in problems) == [
        "osteon.gateway.dicom.gone",
        "osteon.gateway.dicom.retired",
    ]
    assert all("stale row" in p for p in problems)


def test_a_foreign_key_outside_the_allow_list_fails(defined, readme):
    extra = "| `quarkus.http.port` | all | `8080` | HTTP port |\n"
    anchor = next(l for l in readme.splitlines(keepends=True) if l.startswith("| `osteon.site`"))
    problems = check(readme=readme.replace(anchor, anchor + extra), defined=defined).problems
    assert (
        len(problems) == 1 and "quarkus.http.port is neither an osteon.* key nor in ALLOWED_FOREIGN_KEYS" in problems[0]
    )
    # and an allow-list entry the table no longer names fails too
    problems = check(readme=readme, defined=defined, allowed_foreign=ck.ALLOWED_FOREIGN_KEYS | {"mp.x.y"}).problems
    assert problems == ["ALLOWED_FOREIGN_KEYS lists mp.x.y, which the README's table does not: drop it from the list"]


def test_a_key_read_by_name_must_be_in_the_table(sources, readme):
    changed = dict(sources)
    changed["anywhere/src/main/java/x/Reader.java"] = textwrap.dedent(
        """\
        package x;
        class Reader {
            static final String KEY = "osteon.reader.by-constant";
            Reader(@ConfigProperty(name = "osteon.reader.injected", defaultValue = "a") String a) {
                ConfigProvider.getConfig().getOptionalValue(KEY, String.class);
                ConfigProvider.getConfig().getValue("osteon.reader.literal", Integer.class);
            }
        }
        """
    )
    problems = check(changed, readme=readme).problems
    missing = sorted(p.split(": ")[1].split(" ")[0] for p in problems)
    assert missing == ["osteon.reader.by-constant", "osteon.reader.injected", "osteon.reader.literal"], problems


# ---------------------------------------------------------------------------------------------------------
# SmallRye's kebab case (expected values from io.smallrye.config.common.utils.StringUtil.skewer, 3.16.0)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("aeTitle", "ae-title"),
        ("aggregateAgesOver89", "aggregate-ages-over89"),
        ("modelSwapPinnedSha256", "model-swap-pinned-sha256"),
        ("risSinkHl7Port", "ris-sink-hl7-port"),
        ("hl7Tls", "hl7-tls"),
        ("URLValue", "url-value"),
        ("aURLValue", "a-url-value"),
        ("fooBAR", "foo-bar"),
        ("ABC", "abc"),
        ("HTTPServer2", "http-server2"),
        ("aB12Cd", "a-b12-cd"),
        ("aB1c", "a-b1c"),
        ("a1BCd", "a1-b-cd"),
        ("A1b", "a1b"),
        ("my_prop", "my-prop"),
        ("a__b", "a-b"),
        ("_a", "_a"),
        ("x", "x"),
    ],
)
def test_kebab_is_smallryes(name, expected):
    assert kebab(name) == expected


# ---------------------------------------------------------------------------------------------------------
# The Java parser


def _keys(java, extra=None):
    sources = {"m/src/main/java/p/A.java": textwrap.dedent(java)}
    sources.update(extra or {})
    d = defined_keys(sources)
    assert not d.problems, d.problems
    return d


def test_nested_groups_with_name_optional_group_and_map():
    d = _keys(
        """\
        package p;

        import io.smallrye.config.ConfigMapping;

        /** Top. { braces in docs } */
        @ConfigMapping(prefix = "osteon.demo")
        public interface A {
            /** A plain key. */
            @WithDefault("x{") // a brace in a string and a comment: {
            String plainKey();

            /** A renamed key. */
            @WithName("sha-256")
            Optional<@Pattern(regexp = "[0-9a-f]{64}", message = "64 \\"hex\\" }") String> digest();

            /** A group. */
            @Valid
            Outer outer();

            /** An optional group. */
            Optional<Outer.Inner> maybe();

            /** Named groups. */
            Map<String, Outer.Inner> byName();

            /** Named values. */
            java.util.Map<String, List<String>> tags();

            /** An indexed group. */
            List<Outer.Inner> servers();

            /* a block comment, not a javadoc */
            /** Flattened into this level. */
            @WithParentName
            Flat flat();

            /** Not a key: it has a body. */
            default int twice() { return plainKey().length() * 2; }

            /** Not a key: static. */
            static A of() { return null; }

            /** A constant, not a key. */
            String CONSTANT = "a" + "b{";

            interface Outer {
                /** Deep. */
                @WithDefault("1")
                int depthInMeters();

                interface Inner {
                    /** Deepest. */
                    Optional<java.nio.file.Path> path();
                }
            }

            interface Flat {
                /** Flat key. */
                @WithDefault(\"\"\"
                    text { block \"\"\")
                boolean flatKey();
            }

            enum Mode { A, B; int x() { return 1; } }
        }
        """
    )
    assert sorted(k.key for k in d.keys) == [
        "osteon.demo.by-name.*.path",
        "osteon.demo.flat-key",
        "osteon.demo.maybe.path",
        "osteon.demo.outer.depth-in-meters",
        "osteon.demo.plain-key",
        "osteon.demo.servers[*].path",
        "osteon.demo.sha-256",
        "osteon.demo.tags.*",
    ]
    assert d.undocumented == []
    by_key = {k.key: k for k in d.keys}
    assert by_key["osteon.demo.plain-key"].line == 10
    assert by_key["osteon.demo.outer.depth-in-meters"].origin == "Outer#depthInMeters"


def test_missing_javadoc_is_reported_for_keys_and_groups():
    d = _keys(
        """\
        package p;
        @ConfigMapping(prefix = "osteon.d")
        interface A {
            /** Documented. */
            int documented();
            // only a line comment
            int notDocumented();
            /**   */
            int emptyDoc();
            G group();
            interface G {
                /** Fine. */
                int inGroup();
            }
        }
        """
    )
    assert [u.split(" ", 1)[1] for u in d.undocumented] == [
        "A#notDocumented (osteon.d.not-documented)",
        "A#emptyDoc (osteon.d.empty-doc)",
        "A#group (osteon.d.group)",
    ]


def test_groups_from_other_files_extends_generics_and_naming_strategy():
    d = _keys(
        """\
        package p;
        import q.Shared;
        @ConfigMapping(prefix = "osteon", namingStrategy = ConfigMapping.NamingStrategy.VERBATIM)
        public interface A extends Base {
            /** Generic method with parameters: not a key. */
            <T> T convert(Class<T> type);
            /** From another file. */
            Shared shared();
            /** Arrays are leaves. */
            int[] numbers();
        }
        interface Base {
            /** Inherited. */
            @WithDefault("2")
            int baseValue();
        }
        """,
        {"n/src/main/java/q/Shared.java": "package q;\npublic interface Shared { /** S. */ String sharedKey(); }"},
    )
    assert sorted(k.key for k in d.keys) == ["osteon.baseValue", "osteon.numbers", "osteon.shared.sharedKey"]


def test_two_mappings_with_the_same_key_and_a_class_nesting_one():
    d = _keys(
        """\
        package p;
        public final class Holder {
            private Holder() { }
            static { int x = 1; }
            @ConfigMapping(prefix = "osteon.one")
            public interface One {
                /** K. */
                String key();
            }
            record R(int a) { R { if (a < 0) throw new IllegalArgumentException(); } }
        }
        """,
        {
            "o/src/main/java/p/Two.java": textwrap.dedent(
                """\
        package p;
        @ConfigMapping(prefix = "osteon.one")
        interface Two {
            /** K again. */
            String key();
        }
        """
            )
        },
    )
    assert sorted((k.key, k.path) for k in d.keys) == [
        ("osteon.one.key", "m/src/main/java/p/A.java"),
        ("osteon.one.key", "o/src/main/java/p/Two.java"),
    ]


def test_an_unparseable_mapping_is_a_problem_not_a_silent_pass():
    d = defined_keys({"m/src/main/java/p/A.java": '@ConfigMapping(prefix = "osteon") interface A { int x( ; }'})
    assert d.problems and "cannot parse m/src/main/java/p/A.java" in d.problems[0]


def test_tokenizer_keeps_javadoc_and_drops_comments():
    toks = ck.tokenize('/** doc */ /**/ /* c */ // line\n int a = \'}\' + "\\"}" ;')
    assert [(t.kind, t.text) for t in toks] == [
        ("doc", " doc "),
        ("id", "int"),
        ("id", "a"),
        ("op", "="),
        ("char", "}"),
        ("op", "+"),
        ("str", '"}'),
        ("op", ";"),
    ]
    assert toks[-1].line == 2


# ---------------------------------------------------------------------------------------------------------
# The README's shorthand


@pytest.mark.parametrize(
    "cell, keys",
    [
        (
            "`osteon.gateway.dicom.enabled` / `.port` / `.ae-title`",
            ["osteon.gateway.dicom.enabled", "osteon.gateway.dicom.port", "osteon.gateway.dicom.ae-title"],
        ),
        (
            "`osteon.gateway.dicom.tls.trust-store` / `.trust-store-password`",
            ["osteon.gateway.dicom.tls.trust-store", "osteon.gateway.dicom.tls.trust-store-password"],
        ),
        (
            "`quarkus.oidc.tenant-enabled` / `.client-id` / `.roles.role-claim-path`",
            ["quarkus.oidc.tenant-enabled", "quarkus.oidc.client-id", "quarkus.oidc.roles.role-claim-path"],
        ),
        (
            "`mp.jwt.verify.issuer` / `mp.jwt.verify.publickey.location`",
            ["mp.jwt.verify.issuer", "mp.jwt.verify.publickey.location"],
        ),
        ("`a.b.c` / `x.y.z` / `.w`", ["a.b.c", "x.y.z", "x.y.w"]),
        ("`kafka.security.protocol`, `kafka.ssl.*`", ["kafka.security.protocol", "kafka.ssl.*"]),
        ("`quarkus.security.users.embedded.users.<name>`", ["quarkus.security.users.embedded.users.<name>"]),
        ("`osteon.site`", ["osteon.site"]),
    ],
)
def test_expand_cell(cell, keys):
    assert expand_cell(cell) == keys


@pytest.mark.parametrize(
    "cell",
    [
        "`.port` / `osteon.x.y`",  # no full key before the suffix
        "`osteon.x.y` or `.z`",  # words between keys
        "`osteon.x.y` / `.Z`",  # not a key
        "`osteon.x.y",  # unbalanced
        "osteon.x.y",  # no backticks
        "`port`",  # a single segment is not a key
    ],
)
def test_expand_cell_refuses_what_it_cannot_read_one_way(cell):
    with pytest.raises(ValueError):
        expand_cell(cell)


def test_readme_keys_reads_the_configuration_table_only():
    text = textwrap.dedent(
        """\
        ## Topics

        | key | app | default | meaning |
        |---|---|---|---|
        | `osteon.not.this` | x | y | another section |

        ## Configuration

        Words.

        | key | app | default | meaning |
        |---|---|---|---|
        | `osteon.a.b` / `.c` | streams | `1` \\| `2` | a \\| b `x|y` |
        | `quarkus.security.users.embedded.users.<name>` | w | none | users |

        | key | app | default | meaning |
        |---|---|---|---|
        | `osteon.later.table` | x | y | not read |
        """
    )
    assert [(t.key, t.line) for t in readme_keys(text)] == [
        ("osteon.a.b", 13),
        ("osteon.a.c", 13),
        ("quarkus.security.users.embedded.users.*", 14),
    ]


def test_map_wildcards_match_the_readmes_name_placeholder():
    d = _keys(
        """\
        package p;
        @ConfigMapping(prefix = "osteon.users")
        interface A {
            /** Roles by user name. */
            Map<String, String> roles();
        }
        """
    )
    table = (
        "## Configuration\n\n| key | app | default | meaning |\n|---|---|---|---|\n"
        "| `osteon.users.roles.<name>` | w | none | roles |\n"
    )
    assert check(readme=table, defined=d, allowed_foreign=frozenset()).problems == []
