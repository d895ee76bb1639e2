"""A corpus of hostile input: what a careless or malicious client may send to any field.

Text values go into text fields, query strings and choice fields alike; ``NUMBERS`` and
``DATES`` into numeric and date fields; ``FILES`` into upload fields. ``XSS`` payloads
call ``window.__xss.push(...)`` instead of ``alert`` so that a browser test can tell
whether any of them ran.
"""

from __future__ import annotations

XSS = [
    "<script>window.__xss.push('script')</script>",
    "<SCRIPT SRC=//example.org/x.js></SCRIPT>",
    "\"><script>window.__xss.push('attr')</script>",
    "'><img src=x onerror=\"window.__xss.push('img')\">",
    "<img src=x onerror=window.__xss.push('img2')>",
    "<svg onload=window.__xss.push('svg')>",
    "<svg><script>window.__xss.push('svgscript')</script></svg>",
    "<iframe src=\"javascript:window.__xss.push('iframe')\"></iframe>",
    "<body onload=window.__xss.push('body')>",
    "<a href=\"javascript:window.__xss.push('href')\">lien</a>",
    "javascript:window.__xss.push('url')",
    "JaVaScRiPt:window.__xss.push('url2')",
    "[cliquez](javascript:window.__xss.push('md'))",
    "[cliquez](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![image](x\" onerror=\"window.__xss.push('mdimg'))",
    "<details open ontoggle=window.__xss.push('details')>",
    "<input autofocus onfocus=window.__xss.push('focus')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss.push('mxss')>",
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=//example.org/x.css>",
    "<meta http-equiv=refresh content=0;url=//example.org>",
    "<form action=//example.org><button>Envoyer</button></form>",
    "<object data=\"javascript:window.__xss.push('object')\">",
    "<embed src=\"javascript:window.__xss.push('embed')\">",
    "<base href=//example.org/>",
    "&lt;script&gt;window.__xss.push('entity')&lt;/script&gt;",
    "&#60;script&#62;window.__xss.push('numeric')&#60;/script&#62;",
    "\\u003cscript\\u003ewindow.__xss.push('escaped')\\u003c/script\\u003e",
    "</textarea><script>window.__xss.push('textarea')</script>",
    "</title><script>window.__xss.push('title')</script>",
    "<!--<script>window.__xss.push('comment')</script>-->",
    "<![CDATA[<script>window.__xss.push('cdata')</script>]]>",
    "\" autofocus onfocus=\"window.__xss.push('quote')",
    "' onmouseover='window.__xss.push(1)",
    "`${window.__xss.push('template')}`",
]

INJECTION = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '" OR ""="',
    "1; DROP TABLE structures_structure; --",
    "'); DELETE FROM network_user; --",
    "1 UNION SELECT password FROM network_user",
    "admin'--",
    "%' AND 1=0 UNION SELECT NULL--",
    "1' AND SLEEP(5)#",
    "'; SELECT pg_sleep(5); --",
    "\\'; --",
    "$where: '1 == 1'",
    '{"$gt": ""}',
    "../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "%00../../etc/passwd",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "{{7*7}}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "; ls -la",
    "| cat /etc/passwd",
    "`id`",
    "$(id)",
    '=HYPERLINK("https://example.org","x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1+1)",
]

SIZES = [
    "",
    " ",
    "\t\n  \r\n",
    "a",
    "x" * 201,
    "x" * 10_001,
    "é" * 100_000,
    "mot " * 250_000,  # a million characters
]

# Every C0 control character, DEL and the C1 controls.
CONTROLS = [f"avant{chr(code)}après" for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]]

UNICODE = [
    "\u202eevil.pdf\u202c",  # right-to-left override
    "\u200b\u200c\u200d\ufeff",  # zero-width characters only
    "a\u200bb",
    "e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301",  # stacked combining accents
    "Z̷̢̛͓̫̙͇̳͎̈́̓̍̇̓͝a̸̧̛͉̗̬͓̼͌̈́̎l̶̨̛̲̗̜̞̏̌̈g̵̨̛̭̺̜̈́͊̿o̸̡̘̝̗̍̾̈́̚",
    "😀👩🏽‍⚕️🏳️‍🌈",
    "𝕳𝖊𝖑𝖑𝖔",  # mathematical letters (astral plane)
    "\U0010ffff",  # the last code point
    "\ufffe\uffff",  # non-characters
    "\ufffd",
    "ﷺ",
    "𒐫",
    "ǅǈǋ",
    "İı",  # Turkish dotted/dotless i: case mapping surprises
    "ß ẞ ﬁ ﬀ",
    "Ａｄｍｉｎ",  # full-width
    "\u00a0\u202f\u2007",  # non-breaking spaces only
    "\u2028\u2029",  # line and paragraph separators
    "مرحبا بالعالم",
    "שלום עולם",
    "日本語のテキスト",
    "한국어",
    "Ελληνικά",
    "\u0000",
    "a\x00b",
]

TEXTS = XSS + INJECTION + SIZES + CONTROLS + UNICODE

# Raw query strings: bytes a browser would never send (lone surrogates, overlong UTF-8).
RAW_QUERIES = [
    "%ED%A0%80",
    "%ED%BF%BF",
    "%C0%AF",
    "%C0%80",
    "%E0%80%AF",
    "%FF%FE",
    "%",
    "%%",
    "%zz",
    "%00",
    "a%00b",
    "%0D%0ASet-Cookie:%20x=y",
]

NUMBERS = [
    "-1",
    "0",
    "1e309",
    "NaN",
    "Infinity",
    "-Infinity",
    "9999999999999999999999",
    "1.5",
    "1,5",
    "0x10",
    "١٢",  # Arabic-Indic digits
    "٣",
    "+7",
    " 3 ",
    "3abc",
    "",
]

DATES = [
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "31/12/99999",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2026-06-01T25:61",
    "demain",
    "1e10",
    "2026-06-01'; DROP TABLE x; --",
    "",
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# (name, content, content type announced by the client, why it must be refused)
FILES = [
    ("photo.pdf", PNG, "application/pdf", "a PNG named .pdf is not a PDF"),
    ("programme.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf", "an executable"),
    ("script.pdf", b"#!/bin/sh\nrm -rf /\n", "application/pdf", "a shell script"),
    ("page.pdf", b"<html><script>alert(1)</script></html>", "application/pdf", "HTML"),
    ("vide.pdf", b"", "application/pdf", "an empty file"),
    ("image.svg", b"<svg onload=alert(1)></svg>", "image/svg+xml", "SVG is not accepted"),
    ("archive.pdf", b"PK\x03\x04" + b"\x00" * 100, "application/pdf", "a ZIP archive"),
    ("gros.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf", "more than 5 MB"),
]
