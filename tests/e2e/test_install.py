#!/usr/bin/env python3
"""`cmake --install` into a temporary prefix gives a working gdapcheck whose --help, man page and
bash, zsh and fish completions agree on every command and option.

Installs the build tree that holds GDAPCHECK, then:
- the installed binary finds its installed rules (--version names them) and diagnoses the
  installed healthy example with no other flag (exit 0), from a folder outside the sources;
- for the program and each command, the options --help lists are exactly the options the man
  page documents and each shell completes (after a command: its own options and the global
  ones), and option values with a fixed set of choices complete to exactly those choices;
- the completions are those `gdapcheck completion SHELL` prints, and the man page renders with
  `man -l` without a warning and names every GDAPCHECK_* variable the sources read.

bash, zsh and fish are asked for real completions (zsh through tests/e2e/zsh_complete.zsh on a
pseudo-terminal). A shell that is not installed is checked from its script's text instead, and
says so.

Usage: test_install.py GDAPCHECK
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
from checklist import check, report


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def build_dir_of(binary):
    folder = os.path.dirname(os.path.abspath(binary))
    while folder != os.path.dirname(folder):
        if os.path.exists(os.path.join(folder, "CMakeCache.txt")):
            return folder
        folder = os.path.dirname(folder)
    raise SystemExit(f"no CMakeCache.txt above {binary}")


def run(args, cwd, env=None, stdin=None):
    full_env = dict(os.environ)
    for name in ("GDAPCHECK_RULES_DIR", "NO_COLOR"):
        full_env.pop(name, None)
    full_env.update(env or {})
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=full_env, timeout=60,
                          input=stdin)


# --- --help (CLI11's layout: "Positionals:", "Options:", "Subcommands:" with two-space entries)

def parse_help(text):
    section, entries = None, {"Positionals": [], "Options": [], "Subcommands": []}
    for line in text.splitlines():
        heading = re.match(r"^(Positionals|Options|Subcommands):$", line)
        if heading:
            section = heading.group(1)
            continue
        entry = re.match(r"^  (\S+)(.*)$", line)
        if section and entry:
            choices = re.search(r"\{([^}]*)\}", entry.group(2).split("  ")[0])
            entries[section].append((entry.group(1), choices.group(1).split(",") if choices else None))
        elif line and not line.startswith(" "):
            section = None
    options = {}
    for names, choices in entries["Options"]:
        for name in names.split(","):
            options[name] = choices
    return {
        "options": options,
        "arguments": {name: choices for name, choices in entries["Positionals"]},
        "commands": [name for name, _ in entries["Subcommands"]],
    }


# --- the man page (roff source): .SH OPTIONS for the program, one .SS per command

def plain_roff(text):
    return re.sub(r"\\f[BIR]", "", text).replace("\\-", "-").replace("\\e", "\\").replace("\\&", "")


def parse_man(text):
    scopes, scope, section, expect_tag = {}, None, None, False
    for line in text.splitlines():
        if line.startswith(".SH "):
            section = line[4:].strip('"')
            scope = "" if section == "OPTIONS" else None
            if scope is not None:
                scopes.setdefault(scope, {"options": set(), "arguments": set()})
            continue
        if line.startswith(".SS ") and section == "COMMANDS":
            scope = plain_roff(line[4:].strip('"')).split()[1]
            scopes.setdefault(scope, {"options": set(), "arguments": set()})
            continue
        if line == ".TP":
            expect_tag = True
            continue
        if expect_tag and scope is not None:
            tag = plain_roff(line)
            if tag.startswith("-"):  # "-h, --help" or "--format text|json|markdown"
                scopes[scope]["options"] |= {name.rstrip(",") for name in tag.split(" ") if name.startswith("-")}
            else:
                scopes[scope]["arguments"].add(tag.strip("[]. ").split(" ")[0])
        expect_tag = False
    return scopes


# --- the shells

def bash_offers(script, words):
    program = (f'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); '
               f'_gdapcheck; printf "%s\\n" "${{COMPREPLY[@]}}"')
    proc = subprocess.run(["bash", "--norc", "-c", program, "bash", script] + words,
                          capture_output=True, text=True, timeout=30)
    return set(filter(None, proc.stdout.splitlines()))


def zsh_offers(folder, line):
    proc = subprocess.run(["zsh", "-f", os.path.join(HERE, "zsh_complete.zsh"), folder, line],
                          capture_output=True, text=True, timeout=60)
    return set(filter(None, proc.stdout.splitlines()))


def fish_offers(script, line):
    proc = subprocess.run(["fish", "--no-config", "-c", f"source {script}; complete -C '{line}'"],
                          capture_output=True, text=True, timeout=30)
    return {entry.split("\t")[0] for entry in proc.stdout.splitlines() if entry}


def static_offers(script, shell, command):
    """Option names a zsh or fish script mentions for a command (when the shell is not installed)."""
    if shell == "zsh":
        blocks = re.split(r"\n    (\w+)\)\n", script)
        text = blocks[0] if command == "" else blocks[blocks.index(command) + 1].split(";;")[0]
        names = set(re.findall(r"'(?:\([^)]*\))?\*?(--?[\w-]+)[=\[]", text))
        if command:  # $global_options
            names |= set(re.findall(r"'(?:\([^)]*\))?\*?(--?[\w-]+)[=\[]",
                                    script.split("local -a global_options=(")[1].split("\n  )")[0]))
        return names
    names = set()
    for line in script.splitlines():
        if not line.startswith("complete -c gdapcheck"):
            continue
        condition = re.search(r"-n '([^']*)'", line)
        applies = (condition is None or
                   (command == "" and condition.group(1).startswith("not ")) or
                   (command and condition.group(1) == f"__fish_seen_subcommand_from {command}"))
        if applies:
            names |= {"--" + n for n in re.findall(r" -l ([\w-]+)", line)}
            names |= {"-" + n for n in re.findall(r" -s (\w)", line)}
    return names


def main():
    binary = os.path.abspath(sys.argv[1])
    build = build_dir_of(binary)
    prefix = tempfile.mkdtemp(prefix="gdapcheck-install-")
    try:
        proc = run(["cmake", "--install", build, "--prefix", prefix], cwd=ROOT)
        if not check("cmake --install", proc.returncode == 0, proc.stderr[-2000:]):
            return report()
        installed = os.path.join(prefix, "bin", "gdapcheck")
        share = os.path.join(prefix, "share")
        files = {
            "man": os.path.join(share, "man", "man1", "gdapcheck.1"),
            "bash": os.path.join(share, "bash-completion", "completions", "gdapcheck"),
            "zsh": os.path.join(share, "zsh", "vendor-completions", "_gdapcheck"),
            "fish": os.path.join(share, "fish", "vendor_completions.d", "gdapcheck.fish"),
        }
        for name, path in files.items():
            check(f"installed {os.path.relpath(path, prefix)}", os.path.isfile(path))
        check("installed rules", glob.glob(os.path.join(share, "gdapcheck", "rules", "*.json")))
        check("installed rule profiles",
              os.path.isfile(os.path.join(share, "gdapcheck", "rules", "profiles", "default.json")))
        healthy = os.path.join(share, "gdapcheck", "examples", "healthy.json")
        check("installed examples", os.path.isfile(healthy))

        # The installed binary on its own: from an unrelated folder, no GDAPCHECK_RULES_DIR.
        elsewhere = tempfile.mkdtemp(prefix="gdapcheck-cwd-")
        version = run([installed, "--version"], cwd=elsewhere)
        rules_dir = os.path.join(share, "gdapcheck", "rules")
        check("--version names the version, the commit and the installed rules",
              version.returncode == 0 and
              re.match(r"^gdapcheck \d+\.\d+\.\d+ \(commit \S+\)\nRules directory: (.*)\n$", version.stdout)
              and version.stdout.splitlines()[1] == f"Rules directory: {rules_dir}",
              version.stdout + version.stderr)
        diagnosis = run([installed, "tenant", "--snapshot", healthy], cwd=elsewhere)
        check("the installed binary diagnoses the installed healthy example (exit 0)",
              diagnosis.returncode == 0 and "No findings" in diagnosis.stdout,
              f"exit {diagnosis.returncode}: {diagnosis.stderr[-600:]}")
        rules = run([installed, "rules"], cwd=elsewhere)
        check("the installed binary lists its rules",
              rules.returncode == 0 and "gdap.missing-roles" in rules.stdout and rules_dir in rules.stdout,
              rules.stderr)
        shutil.rmtree(elsewhere, ignore_errors=True)

        # --help of the program and of each command: the reference.
        top = parse_help(run([installed, "--help"], cwd=prefix).stdout)
        commands = top["commands"]
        check("--help lists the commands", {"tenant", "rules", "login", "completion"} <= set(commands),
              commands)
        helps = {"": top}
        for command in commands:
            helps[command] = parse_help(run([installed, command, "--help"], cwd=prefix).stdout)
        ends = {"-h", "--help", "--version"}
        global_options = {name: choices for name, choices in top["options"].items() if name not in ends}

        def expected_options(command):
            own = dict(helps[command]["options"])
            if command:
                own.update(global_options)
            return own

        # The completions are the ones the binary prints.
        scripts = {}
        for shell in ("bash", "zsh", "fish"):
            with open(files[shell]) as handle:
                scripts[shell] = handle.read()
            printed = run([installed, "completion", shell], cwd=prefix)
            check(f"installed {shell} completion is what 'gdapcheck completion {shell}' prints",
                  printed.returncode == 0 and printed.stdout == scripts[shell])

        # The man page: valid roff, every command and option, and the environment.
        with open(files["man"]) as handle:
            man_source = handle.read()
        man = parse_man(man_source)
        check("man page documents every command", set(man) == {""} | set(commands),
              f"man: {sorted(man)}, --help: {commands}")
        for command in [""] + commands:
            scope = man.get(command, {"options": set(), "arguments": set()})
            own = set(helps[command]["options"])
            check(f"man page: options of {command or 'gdapcheck'} are those of --help",
                  scope["options"] == own, f"man {sorted(scope['options'])} vs --help {sorted(own)}")
            check(f"man page: arguments of {command or 'gdapcheck'} are those of --help",
                  scope["arguments"] == set(helps[command]["arguments"]),
                  f"man {sorted(scope['arguments'])} vs --help {sorted(helps[command]['arguments'])}")
        if shutil.which("man"):
            # man-db's seccomp sandbox refuses the semaphore libfaketime needs, so under CI's
            # clock-moved run its filters would fail; the sandbox guards nothing for our own page.
            rendered = subprocess.run(["man", "--warnings", "-l", files["man"]], capture_output=True,
                                      text=True, env=dict(os.environ, MANWIDTH="80", MAN_DISABLE_SECCOMP="1"),
                                      timeout=60)
            check("man -l renders the page without a warning",
                  rendered.returncode == 0 and rendered.stderr.strip() == "" and "EXIT STATUS" in rendered.stdout,
                  rendered.stderr[-1000:])
        else:
            check("man is installed to render the man page", False, "install man-db")
        with open(os.path.join(ROOT, "README.md")) as handle:
            readme_codes = re.findall(r"^\| (\d+) \|", handle.read().split("### Exit codes")[1].split("\n#")[0],
                                      re.M)
        man_codes = re.findall(r"^\.TP\n\\fB(\d+)\\fR$", man_source.split(".SH EXIT STATUS")[1].split(".SH ")[0], re.M)
        check("man page EXIT STATUS lists the README's exit codes", readme_codes and man_codes == readme_codes,
              f"man {man_codes}, README {readme_codes}")
        variables = set()
        for path in glob.glob(os.path.join(ROOT, "src", "**", "*.cpp"), recursive=True):
            with open(path) as handle:
                variables |= set(re.findall(r'"(GDAPCHECK_[A-Z_]+)"', handle.read()))
        environment = man_source.split(".SH ENVIRONMENT")[1].split(".SH ")[0]
        missing = sorted(v for v in variables if v.replace("_", "\\_") not in environment and v not in environment)
        check("man page ENVIRONMENT names every GDAPCHECK_* variable the sources read",
              variables and not missing, f"missing: {missing}")

        # Each shell offers exactly the options of --help, and the choices of each value.
        zsh_folder = os.path.dirname(files["zsh"])
        for shell in ("bash", "zsh", "fish"):
            real = shell == "bash" or shutil.which(shell) is not None
            how = "" if real else f" ({shell} not installed: from the script's text)"
            for command in [""] + commands:
                words = ["gdapcheck"] + ([command] if command else [])
                if not real:
                    offered = static_offers(scripts[shell], shell, command)
                elif shell == "bash":
                    offered = bash_offers(files["bash"], words + ["-"])
                elif shell == "zsh":
                    offered = zsh_offers(zsh_folder, " ".join(words) + " -")
                else:
                    offered = fish_offers(files["fish"], " ".join(words) + " -")
                expected = set(expected_options(command))
                check(f"{shell}: options of {command or 'gdapcheck'} are those of --help{how}",
                      offered == expected,
                      f"extra {sorted(offered - expected)}, missing {sorted(expected - offered)}")
                if not real:
                    continue
                for option, choices in expected_options(command).items():
                    if not choices or not option.startswith("--"):
                        continue
                    if shell == "bash":
                        values = bash_offers(files["bash"], words + [option, ""])
                    elif shell == "zsh":
                        values = zsh_offers(zsh_folder, " ".join(words + [option, ""]))
                    else:
                        values = fish_offers(files["fish"], " ".join(words + [option, ""]))
                    check(f"{shell}: {' '.join(words)} {option} completes to {choices}",
                          values == set(choices), sorted(values))
            if not real:
                continue
            if shell == "bash":
                offered = bash_offers(files["bash"], ["gdapcheck", ""])
            elif shell == "zsh":
                offered = zsh_offers(zsh_folder, "gdapcheck ")
            else:
                offered = fish_offers(files["fish"], "gdapcheck ")
            check(f"{shell}: the commands are those of --help", offered == set(commands),
                  f"{sorted(offered)} vs {sorted(commands)}")
            for command in commands:
                for argument, choices in helps[command]["arguments"].items():
                    if not choices:
                        continue
                    if shell == "bash":
                        values = bash_offers(files["bash"], ["gdapcheck", command, ""])
                    elif shell == "zsh":
                        values = zsh_offers(zsh_folder, f"gdapcheck {command} ")
                    else:
                        values = fish_offers(files["fish"], f"gdapcheck {command} ")
                    check(f"{shell}: gdapcheck {command} {argument.upper()} completes to {choices}",
                          values == set(choices), sorted(values))
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
    return report()


if __name__ == "__main__":
    sys.exit(main())
