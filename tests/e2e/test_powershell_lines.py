#!/usr/bin/env python3
"""Every PowerShell line gdapcheck prints can be pasted and run as printed.

For every example of examples/README.md (its documented command), in every report format and as
`gdapcheck fix` prints it (the plan and --script), and again
with the snapshot moved to each national cloud, this test collects the PowerShell lines: the
command blocks of the text, Markdown, HTML and JUnit reports, the `commands` of the JSON report,
and any command written inside a step's prose. Each line must

- parse with the PowerShell grammar of tree-sitter (npm `tree-sitter-powershell`, its WebAssembly
  build run by `web-tree-sitter`, so nothing is compiled; installed on first use into the build
  directory, pinned by tests/powershell/package-lock.json);
- name only cmdlets and parameters of tests/powershell/graph-cmdlets.json, transcribed from
  Microsoft's Microsoft.Graph PowerShell reference;
- hold no `<...>` placeholder (outside a quoted string `<` and `>` are redirections, and `<` does
  not even parse in PowerShell);
- in a block, come after the Connect-MgGraph of its tenant, with the scopes its JSON twin needs and
  the -Environment of the snapshot's cloud, and before a Disconnect-MgGraph.

Usage: test_powershell_lines.py GDAPCHECK
"""
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import examples_readme  # noqa: E402

ROOT = examples_readme.ROOT
GRAMMAR = os.path.join(ROOT, "tests", "powershell")
FORMATS = ["text", "markdown", "html", "json", "junit", "csv"]
# The snapshot's cloud and the -Environment Connect-MgGraph takes for it (Get-MgEnvironment).
CLOUDS = {"global": None, "usgov": "USGov", "usgovdod": "USGovDoD", "china": "China"}
# A Microsoft Graph cmdlet followed by a parameter: a command, wherever it is written.
COMMAND_IN_PROSE = re.compile(r"\b[A-Z][a-z]+-Mg[A-Za-z]+(?= -[A-Za-z])")
PLACEHOLDER = re.compile(r"<[^<>\n]{1,80}>")


def install_grammar(build_dir):
    """The grammar's node_modules folder, installed once per package-lock.json into the build dir."""
    target = os.path.join(build_dir, "tests", "powershell-grammar")
    with open(os.path.join(GRAMMAR, "package-lock.json"), "rb") as handle:
        stamp = hashlib.sha256(handle.read()).hexdigest()
    stamp_file = os.path.join(target, ".installed")
    if os.path.exists(stamp_file) and open(stamp_file).read() == stamp:
        return os.path.join(target, "node_modules")
    if shutil.which("npm") is None or shutil.which("node") is None:
        raise SystemExit("node and npm are needed (Debian: apt-get install nodejs npm; tests/install-deps.sh)")
    os.makedirs(target, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(os.path.join(GRAMMAR, name), target)
    # --ignore-scripts: the WebAssembly build needs no native compile (the package's install script
    # only picks a native binding, which this test does not use).
    proc = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                          cwd=target, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise SystemExit(f"npm ci in {target} failed:\n{proc.stdout}{proc.stderr}")
    with open(stamp_file, "w") as handle:
        handle.write(stamp)
    return os.path.join(target, "node_modules")


def parse(lines, node_modules):
    env = dict(os.environ, NODE_PATH=node_modules)
    proc = subprocess.run(["node", os.path.join(GRAMMAR, "parse.cjs")], input=json.dumps(lines),
                          capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        raise SystemExit(f"the PowerShell parser failed:\n{proc.stderr}")
    return {result["line"]: result for result in json.loads(proc.stdout)}


def run(binary, args):
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.run([binary] + args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    if proc.returncode not in (0, 1, 3):
        raise SystemExit(f"gdapcheck {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc.stdout


def blocks_in_text(output):
    blocks, block = [], None
    for line in output.splitlines():
        if line.strip() == "PowerShell:":
            block = []
            blocks.append(block)
        elif block is not None and line.startswith("        ") and line.strip():
            block.append(line.strip())
        else:
            block = None
    return blocks


def blocks_in_fix_plan(output):
    """`gdapcheck fix`: each change's commands, indented by five spaces under its Where: line."""
    blocks, block = [], None
    for line in output.splitlines():
        if line.startswith("     ") and line.strip():
            if block is None:
                block = []
                blocks.append(block)
            block.append(line.strip())
        else:
            block = None
    return blocks


def blocks_in_script(output):
    """`gdapcheck fix --script`: Connect-MgGraph to Disconnect-MgGraph, comments left out."""
    blocks, block = [], None
    for line in output.splitlines():
        if line.startswith("Connect-MgGraph "):
            block = [line]
            blocks.append(block)
        elif block is not None and line and not line.startswith("#"):
            block.append(line)
            if line == "Disconnect-MgGraph":
                block = None
    return blocks


def blocks_in_markdown(output):
    return [[line.strip() for line in body.splitlines() if line.strip()]
            for body in re.findall(r"```powershell\n(.*?)\n\s*```", output, re.S)]


def blocks_in_html(output):
    return [[html.unescape(line) for line in body.splitlines() if line.strip()]
            for body in re.findall(r'<pre class="commands"><code[^>]*>(.*?)</code></pre>', output, re.S)]


def blocks_in_junit(output):
    blocks = []
    for element in ElementTree.fromstring(output).iter():
        for section in re.findall(r"\nPowerShell:\n(.*?)(?:\n\n|\n?$)", element.text or "", re.S):
            blocks.append([line for line in section.splitlines() if line.strip()])
    return blocks


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for element in value:
            yield from strings_in(element)
    elif isinstance(value, dict):
        for element in value.values():
            yield from strings_in(element)


def commands_in_prose(text):
    """Commands written inside words: from the cmdlet to the end of the line or sentence."""
    found = []
    for line in text.splitlines():
        covered = 0  # a cmdlet inside a command already taken (a subexpression) is part of it
        for match in COMMAND_IN_PROSE.finditer(line):
            if match.start() < covered:
                continue
            command = re.split(r"(?:\.|\)\.?|`)?\s*$", line[match.start():], maxsplit=1)[0]
            command = command.split("`")[0].rstrip(".;) ")
            covered = match.start() + len(command)
            found.append(command)
    return found


class Checker:
    def __init__(self, cmdlets):
        self.cmdlets = cmdlets
        self.failures = []
        self.lines = {}  # line -> [where]
        self.blocks = []  # (where, block lines, expected environment)
        self.json_commands = []  # (where, command object, expected environment)

    def add(self, where, line):
        self.lines.setdefault(line, []).append(where)

    def fail(self, where, message):
        self.failures.append(f"{where}: {message}")

    def check_lines(self, parsed):
        for line, places in self.lines.items():
            result = parsed[line]
            where = places[0] + (f" (and {len(places) - 1} more)" if len(places) > 1 else "")
            if result["error"]:
                self.fail(where, f"does not parse ({result['error']}): {line}")
            if not result["commands"]:
                self.fail(where, f"holds no command: {line}")
            for command in result["commands"]:
                known = self.cmdlets.get(command["name"])
                if known is None:
                    self.fail(where, f"{command['name']} is not in tests/powershell/graph-cmdlets.json: {line}")
                    continue
                for parameter in command["parameters"]:
                    if parameter not in known["parameters"]:
                        self.fail(where, f"{command['name']} has no parameter -{parameter} "
                                         f"({known['learn']}): {line}")
            if "<" in result["outsideStrings"] or ">" in result["outsideStrings"]:
                self.fail(where, f"'<' or '>' outside a quoted value (a placeholder or a redirection): {line}")

    def check_blocks(self):
        for where, block, environment in self.blocks:
            if len(block) < 3 or not block[0].startswith("Connect-MgGraph ") or block[-1] != "Disconnect-MgGraph":
                self.fail(where, f"a block is Connect-MgGraph, commands, Disconnect-MgGraph: {block}")
                continue
            connect = block[0]
            has_environment = re.search(r" -Environment (\S+)$", connect)
            if (has_environment.group(1) if has_environment else None) != environment:
                self.fail(where, f"expected -Environment {environment} for this cloud: {connect}")
            for line in block[1:-1]:
                if line.startswith(("Connect-MgGraph", "Disconnect-MgGraph")):
                    self.fail(where, f"one Connect-MgGraph per block: {block}")
        for where, command, environment in self.json_commands:
            if command.get("shell") != "powershell" or not command.get("tenantId") or not command.get("scopes"):
                self.fail(where, f"a command names its shell, tenant and scopes: {command}")
            if command.get("environment") != (environment or "Global"):
                self.fail(where, f"expected environment {environment or 'Global'}: {command}")


def variant(example, cloud, folder, disable_service_principals=False):
    """A copy of the example's snapshot in another cloud, or with its service principals disabled
    (no example has a disabled one, and Update-MgServicePrincipal must be checked too)."""
    with open(example.path) as handle:
        snapshot = json.load(handle)
    snapshot["cloud"] = cloud
    disabled = 0
    if disable_service_principals:
        for customer in snapshot.get("customers", []):
            for principal in (customer.get("servicePrincipals") or {}).get("value") or []:
                if principal.get("present"):
                    principal["accountEnabled"] = False
                    disabled += 1
    path = os.path.join(folder, f"{example.name}.{cloud}{'.disabled' if disable_service_principals else ''}.json")
    with open(path, "w") as handle:
        json.dump(snapshot, handle)
    return path if disabled or not disable_service_principals else None


def main():
    binary = os.path.abspath(sys.argv[1])
    build_dir = os.path.dirname(os.path.dirname(os.path.dirname(binary)))
    with open(os.path.join(GRAMMAR, "graph-cmdlets.json")) as handle:
        cmdlets = json.load(handle)["cmdlets"]
    checker = Checker(cmdlets)
    extractors = {"text": blocks_in_text, "markdown": blocks_in_markdown, "html": blocks_in_html,
                  "junit": blocks_in_junit}
    with tempfile.TemporaryDirectory() as folder:
        for example in examples_readme.read():
            runs = [(cloud, environment, example.path if cloud == "global" else variant(example, cloud, folder))
                    for cloud, environment in CLOUDS.items()]
            runs.append(("global, service principals disabled", None, variant(example, "global", folder, True)))
            for cloud, environment, snapshot in runs:
                if snapshot is None:
                    continue
                args = example.command[1:]
                args[args.index("--snapshot") + 1] = snapshot
                # gdapcheck fix: the plan and the script of the same facts.
                fix_args = ["fix"] + args[1:]
                for extra, extract in (([], blocks_in_fix_plan), (["--script"], blocks_in_script)):
                    where = f"{example.name} ({cloud}, fix {' '.join(extra)})"
                    for block in extract(run(binary, fix_args + extra)):
                        checker.blocks.append((where, block, environment))
                        for line in block:
                            checker.add(where, line)
                for report in FORMATS:
                    output = run(binary, args + ["--format", report])
                    where = f"{example.name} ({cloud}, {report})"
                    if report in extractors:
                        for block in extractors[report](output):
                            checker.blocks.append((where, block, environment))
                            for line in block:
                                checker.add(where, line)
                    if report == "json":
                        document = json.loads(output)
                        for finding in document["findings"]:
                            for command in finding["commands"]:
                                checker.json_commands.append((where, command, environment))
                                checker.add(where, command["command"])
                        prose = list(strings_in(document))
                    elif report == "html":
                        prose = [html.unescape(re.sub(r"<[^>]+>", "", output))]
                    elif report == "junit":
                        prose = [text for element in ElementTree.fromstring(output).iter()
                                 for text in [element.text, element.tail, *element.attrib.values()] if text]
                    else:
                        prose = [output]
                    for text in prose:
                        for command in commands_in_prose(text):
                            checker.add(where + " prose", command)
                        for placeholder in PLACEHOLDER.findall(text):
                            # Markdown may hold HTML tags (<br>) and autolinks (<https://…>).
                            if report != "markdown" or not re.match(r"</?[a-z]+[ >/]|<https://", placeholder):
                                checker.fail(where, f"a <...> placeholder is printed: {placeholder}")
    node_modules = install_grammar(build_dir)
    checker.check_lines(parse(sorted(checker.lines), node_modules))
    checker.check_blocks()
    # The test must see the commands it is about: every cmdlet of the data file but the lookup
    # that only appears when a snapshot lacks the account's id.
    # A cmdlet starts a line or a statement after `; `, or sits in a subexpression.
    seen = {name for name in cmdlets
            if any(line.startswith(name) or f"({name} " in line or f"; {name} " in line or f"= {name} " in line
                   for line in checker.lines)}
    missing = set(cmdlets) - seen - {"Get-MgUser"}
    if missing:
        checker.fail("examples", f"no example prints {sorted(missing)}: the test would pass without checking them")
    environments = {environment for _, _, environment in checker.blocks}
    if environments != set(CLOUDS.values()):
        checker.fail("examples", f"blocks seen only for the environments {environments}")
    if checker.failures:
        print(f"{len(checker.failures)} problem(s) in {len(checker.lines)} PowerShell lines:")
        for failure in checker.failures[:60]:
            print("  " + failure)
        return 1
    print(f"ok: {len(checker.lines)} distinct PowerShell lines in {len(checker.blocks)} blocks parse, "
          f"name only documented cmdlets and parameters, and hold no placeholder")
    return 0


if __name__ == "__main__":
    sys.exit(main())
