"""quickscale.yml test cases shared by the core (load_config) and CLI (quickscale validate) tests.

GOOD is valid against testsupport.modulesource's auth and billing; each BAD_FILES row is one bad file with
the place ("LINE:COL") and the words of the one problem it must be reported for.
"""

from __future__ import annotations

GOOD = """\
schema_version: 2
project:
  name: acme
  version: 0.1.0
theme: null
frontend:
  source: null
  variant: null
modules:
  auth: {}
  billing:
    provider: stripe
quickscale:
  repo: https://git.example.invalid/quickscale.git
  ref: main
  prefix: quickscale
"""


def edit(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)

# (id, file content, "LINE:COL", words the one message must contain)
BAD_FILES = [
    (
        "project-not-a-mapping",
        edit("project:\n  name: acme\n  version: 0.1.0\n", "project: acme\n"),
        "2:10",
        'project must be a mapping, not "acme"',
    ),
    (
        "version-is-a-number",
        edit("version: 0.1.0", "version: 1.0"),
        "4:12",
        "project.version must be text, not the number 1.0; quote it",
    ),
    ("theme-is-a-boolean", edit("theme: null", "theme: yes"), "5:8", "theme must be text or null, not true"),
    (
        "modules-is-a-list",
        edit("modules:\n  auth: {}\n  billing:\n    provider: stripe\n", "modules: [auth]\n"),
        "9:10",
        "modules must be a mapping or null, not a list",
    ),
    (
        "module-options-not-a-mapping",
        edit("auth: {}", "auth: [social]"),
        "10:9",
        "modules.auth must be a mapping or null, not a list",
    ),
    ("misspelt-top-level-key", GOOD + "modul: {}\n", "17:1", "unknown key modul; did you mean modules?"),
    (
        "unknown-top-level-key",
        GOOD + "colour: red\n",
        "17:1",
        "unknown key colour; the keys here are frontend, modules, project, quickscale, schema_version, theme",
    ),
    (
        "misspelt-nested-key",
        edit("  version: 0.1.0", "  verison: 0.1.0"),
        "4:3",
        "unknown key project.verison; did you mean project.version?",
    ),
    (
        "deprecated-features",
        GOOD + "features: [auth]\n",
        "17:1",
        "features is no longer supported; list the project's modules under modules: instead",
    ),
    (
        "deprecated-components",
        GOOD + "components: [admin]\n",
        "17:1",
        "components is no longer supported; list the project's modules under modules: instead",
    ),
    (
        "deprecated-technologies",
        GOOD + "technologies: [htmx]\n",
        "17:1",
        "technologies is no longer supported; choose the frontend with frontend.variant instead",
    ),
    (
        "deprecated-primary",
        GOOD + "primary: react\n",
        "17:1",
        "primary is no longer supported; choose the frontend with frontend.variant instead",
    ),
    (
        "stray-frontend-key",
        edit("  variant: null", "  variant: null\n  build_system: vite"),
        "9:3",
        "frontend.build_system is not supported; a frontend has only source (its folder) and variant",
    ),
    (
        "frontend-theme",
        edit("  variant: null", "  variant: null\n  theme: dark"),
        "9:3",
        "frontend.theme is not supported; set the theme with the top-level theme: key",
    ),
    (
        "unclosed-flow-mapping",
        edit("auth: {}", "auth: {social: true"),
        "11:10",
        "invalid YAML: expected ',' or '}', but got ':' (while parsing a flow mapping at line 10, column 9)",
    ),
    (
        "bad-indentation",
        edit("  version: 0.1.0", "   version: 0.1.0"),
        "4:11",
        "invalid YAML: mapping values are not allowed here",
    ),
    ("tab-indentation", edit("  version: 0.1.0", "\tversion: 0.1.0"), "4:1", "indent with spaces"),
    (
        "duplicate-key",
        edit("  version: 0.1.0", "  version: 0.1.0\n  name: other"),
        "5:3",
        "the key name appears twice (first on line 3); keep one",
    ),
    (
        "anchor-and-alias",
        edit("auth: {}", "auth: &opts {}\n  teams: *opts"),
        "10:9",
        "anchors and aliases (&name, *name) are not allowed",
    ),
    ("alias-bomb", BOMB, "1:4", "anchors and aliases (&name, *name) are not allowed"),
    ("ten-megabytes", GOOD + "# " + "x" * 10_000_000 + "\n", "1:1", "the file is 10.0 MB, over the 1 MB limit"),
    ("binary-garbage", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "3:1", "the file is binary, not YAML text"),
    ("not-utf8", edit("name: acme", "name: caf\u00e9").encode("latin-1"), "3:12", "not UTF-8 text; save it as UTF-8"),
    ("empty-file", "", "1:1", "the file is empty"),
    ("comments-only", "# nothing here\n", "1:1", "the file is empty"),
    ("list-at-top-level", "- auth\n- billing\n", "1:1", "the top level must be a mapping of keys"),
    (
        "wrong-schema-version",
        edit("schema_version: 2", "schema_version: 1"),
        "1:17",
        "schema_version must be 2 (this QuickScale reads version 2 files), not the number 1",
    ),
    (
        "schema-version-as-text",
        edit("schema_version: 2", 'schema_version: "2.0"'),
        "1:17",
        'schema_version must be 2 (this QuickScale reads version 2 files), not "2.0"',
    ),
    (
        "missing-schema-version",
        edit("schema_version: 2\n", ""),
        "1:1",
        "the file is missing the required key schema_version",
    ),
    ("missing-project-name", edit("  name: acme\n", ""), "3:3", "project is missing the required key name"),
    ("missing-quickscale-ref", edit("  ref: main\n", ""), "14:3", "quickscale is missing the required key ref"),
    (
        "name-with-dash",
        edit("name: acme", "name: my-app"),
        "3:9",
        'project.name: "my-app" is not a valid Python package name',
    ),
    (
        "name-shadows-a-dependency",
        edit("name: acme", "name: django"),
        "3:9",
        'project.name: "django" would shadow a package the project depends on',
    ),
    (
        "unknown-module",
        edit("auth: {}", "auth: {}\n  teams: {}"),
        "11:3",
        "there is no module named teams; available modules: auth, billing",
    ),
    (
        "misspelt-module",
        edit("auth: {}", "auth: {}\n  bililng: {}"),
        "11:3",
        "there is no module named bililng (did you mean billing?); available modules: auth, billing",
    ),
    (
        "bad-module-option-value",
        edit("provider: stripe", "provider: paypal"),
        "12:15",
        'modules.billing.provider must be one of "stripe", not "paypal"',
    ),
    (
        "bad-module-option-type",
        edit("provider: stripe", "provider: stripe\n    trial_days: soon"),
        "13:17",
        'modules.billing.trial_days must be a whole number, not "soon"',
    ),
    (
        "unknown-module-option",
        edit("provider: stripe", "provider: stripe\n    currency: eur"),
        "13:5",
        "unknown option modules.billing.currency; the options of billing are provider, trial_days",
    ),
    (
        "option-of-optionless-module",
        edit("auth: {}", "auth: {social: true}"),
        "10:10",
        "unknown option modules.auth.social; the module auth takes no options",
    ),
    ("empty-version", edit("version: 0.1.0", 'version: ""'), "4:12", "project.version must not be empty."),
    ("null-project-name", edit("name: acme", "name:"), "3:8", "project.name must be text, not null."),
    (
        "option-below-minimum",
        edit("provider: stripe", "provider: stripe\n    trial_days: -1"),
        "13:17",
        "modules.billing.trial_days: -1 is less than the minimum of 0.",
    ),
    (
        "misspelt-module-option",
        edit("provider: stripe", "provder: stripe"),
        "12:5",
        "unknown option modules.billing.provder; did you mean provider?",
    ),
    ("merge-key", edit("  version: 0.1.0", "  <<: {version: 0.1.0}"), "4:3", "merge keys (<<) are not allowed"),
    (
        "explicit-tag",
        edit("theme: null", "theme: !!python/object/apply:os.system [true]"),
        "5:8",
        "YAML tags such as tag:yaml.org,2002:python/object/apply:os.system are not allowed",
    ),
    ("two-documents", GOOD + "---\nschema_version: 2\n", "17:1", "more than one YAML document"),
    (
        "option-looking-repo",
        edit("repo: https://git.example.invalid/quickscale.git", "repo: --upload-pack=touch"),
        "14:9",
        "quickscale.repo must be a URL or a path that does not start with - or a space",
    ),
    (
        "prefix-is-a-path",
        edit("prefix: quickscale", "prefix: ../elsewhere"),
        "16:11",
        "quickscale.prefix must be a plain folder name inside the project",
    ),
    ("key-that-is-not-text", GOOD + "1: one\n", "17:1", "keys must be text, and 1 is not; quote it"),
    ("control-character", edit("name: acme", "name: ac\x07me"), "3:11", "the character U+0007 is not allowed"),
    ("deep-nesting", edit("auth: {}", "auth: {a: " + "[" * 40 + "]" * 40 + "}"), "10:", "nested more than 32 levels"),
]
