"""Audit the locked dependencies for known vulnerabilities with pip-audit.

Fails on any known vulnerability that is not listed, with its reason, in
``[tool.network.audit] ignore`` of pyproject.toml. When the vulnerability service cannot
be reached (a closed network), says so loudly and lists what could not be audited, but
does not fail: the build cannot prove a negative it cannot look up.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> int:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    ignored: dict[str, str] = config["tool"]["network"]["audit"]["ignore"]
    with tempfile.NamedTemporaryFile("w+", suffix=".txt") as requirements:
        subprocess.run(  # noqa: S603
            [
                BIN / "uv",
                "export",
                "--frozen",
                "--all-groups",
                "--no-hashes",
                "--quiet",
                "--no-emit-project",
                "--format",
                "requirements-txt",
                "-o",
                requirements.name,
            ],
            cwd=ROOT,
            check=True,
        )
        audit = subprocess.run(  # noqa: S603
            [
                BIN / "pip-audit",
                "--requirement",
                requirements.name,
                "--disable-pip",
                "--no-deps",
                "--format",
                "json",
                "--progress-spinner",
                "off",
                *[arg for vuln in ignored for arg in ("--ignore-vuln", vuln)],
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    try:
        report = json.loads(audit.stdout)
    except json.JSONDecodeError:
        print(audit.stdout, audit.stderr, sep="\n", file=sys.stderr)
        return 1
    vulnerable = [d for d in report["dependencies"] if d.get("vulns")]
    skipped = [d for d in report["dependencies"] if d.get("skip_reason")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            print(
                f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} "
                f"(fixed in {', '.join(vuln['fix_versions']) or 'no release yet'})"
            )
    for vuln, reason in ignored.items():
        print(f"ignored {vuln}: {reason}")
    audited = len(report["dependencies"]) - len(skipped)
    print(
        f"pip-audit: {audited} dependencies audited, {len(vulnerable)} vulnerable, "
        f"{len(skipped)} not audited"
    )
    if skipped:
        print(
            f"WARNING: the vulnerability service could not be reached for {len(skipped)} "
            f"dependencies (e.g. {skipped[0]['name']}: {skipped[0]['skip_reason']}). "
            "Run `make audit` where pypi.org's JSON API answers.",
            file=sys.stderr,
        )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
