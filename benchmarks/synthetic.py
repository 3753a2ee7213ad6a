"""Synthetic content in the project's own format, for build benchmarks.

`generate(dest, sections=S, terms=T)` writes `dest/content/` that the loader accepts:

- `glossary.yml`: T made-up terms. A third are one word, a third two words and a
  third three words; every term has aliases (a plural, or a hyphenated spelling), and
  some one-word terms are the first word of a two-word term, so leftmost-longest
  matching has work to do.
- `sections/NNNN-part-NNNN.md`: S sections of about 1,000 words each (headings, a
  list, emphasis, inline code, links to another section and to a glossary entry),
  with the term density of the real sections (about 4 words in 100 belong to a
  term, about 14 distinct terms a section) and about 2.5 citations `[@id]` per
  100 words, all of existing sources. Some paragraphs are hard-wrapped, so
  multi-word terms sometimes span a line break. Section 1 holds `[[quote:trigger-clause]]`.
- every other file (explainer, sources, documents, provisions, quotes, timeline, updates, corrections,
  strings) is copied from the real `content/`, so citations resolve and every
  source is cited.

The filler text depends only on the section number, not on T: the same sections are
built whatever the glossary size, and only the terms placed in the term slots change.

    python benchmarks/synthetic.py DEST --sections 100 --terms 300
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REAL_CONTENT = ROOT / "content"
COPIED = ("explainer.yml", "sources.yml", "documents.yml", "provisions.yml", "quotes.yml", "timeline.yml", "updates.yml",
          "corrections.yml", "strings")

WORDS_PER_SECTION = 850
TERMS_PER_SECTION = 14      # distinct terms a section draws on (real sections: 12 to 15)
TERM_RATE = 0.035           # share of word slots that hold a term (real sections: about 4 words in 100)
CITE_RATE = 0.55            # share of sentences that end with a citation

# Ordinary words for the filler text. Made-up term words are built from syllables
# that never spell one of these, so terms only appear where the generator puts them.
FILLER = """
the a an of to in on for with by from at as and or but not that this these those which who whose
would could should might must may will can shall was were is are be been being has have had
government officials reported draft text agreement plan proposal guarantee partners allies
security defence response attack measures talks document version point points clause article
said says according described noted added explained confirmed argued suggested claimed stated
country countries state states president minister ministry leaders leader envoy delegation
week weeks month months year years day days time period term terms period conditions
first second third later earlier before after during within without between among across
public private joint formal informal direct indirect early late final initial revised
question questions answer answers reason reasons detail details issue issues matter matters
support commitment obligation promise assurance framework mechanism process procedure
military economic political diplomatic legal financial practical technical regional
decision decisions vote votes review reviews report reports statement statements
meeting meetings summit summits visit visits call calls letter letters message messages
clear unclear open closed broad narrow strong weak new old wide limited full partial
region border line lines area areas zone zones capital city cities coast territory
force forces army navy troops units equipment supplies aid help assistance funding
""".split()

CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"
SOURCE_PATTERN = re.compile(r"^\s*-\s*id:\s*([a-z0-9-]+)\s*$", re.M)


def _pseudo_words(rng: random.Random, taken: set[str]) -> Iterator[str]:
    """Endless unique made-up words of two or three syllables."""
    while True:
        syllables = rng.choice((2, 2, 3))
        word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables)) + rng.choice(("", "n", "l", "r", "x"))
        if word not in taken:
            taken.add(word)
            yield word


def make_terms(count: int, seed: int = 5) -> list[dict]:
    """`count` glossary entries with unique forms, in the glossary.yml shape."""
    rng = random.Random(f"{seed}-terms")
    words = _pseudo_words(rng, set(FILLER))
    terms: list[dict] = []
    forms: set[str] = set()
    index = 0
    while len(terms) < count:
        kind = index % 6
        index += 1
        if kind == 5 and terms and len(terms[-1]["term"].split()) == 2:
            # The first word of the previous two-word term, as a term of its own.
            name = terms[-1]["term"].split()[0]
            aliases: list[str] = []
        elif kind in (0, 3):
            name = next(words).capitalize()
            aliases = [name + "s"]
        elif kind in (1, 4):
            name = f"{next(words)} {next(words)}"
            aliases = [name + "s"]
        else:
            first, second, third = next(words), next(words), next(words)
            name = f"{first.capitalize()} {second} {third}"
            aliases = [f"{first.capitalize()}-{second} {third}"]
        keys = [" ".join(f.casefold().split()) for f in (name, *aliases)]
        if any(k in forms for k in keys):
            continue
        forms.update(keys)
        number = len(terms) + 1
        term: dict = {
            "id": f"term-{number:04d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}",
            "term": name,
            "aliases": aliases,
            "definition": (
                f"Synthetic glossary entry {number}, made up for build benchmarks. It stands for a concept "
                f"a reader may not know and is explained here in one or two plain sentences, as a real "
                f"definition would be."
            ),
        }
        if number % 4 == 0:
            term["note"] = f"A longer *note* for entry {number}, in Markdown, with a citation [@nato-article-5]."
        if number % 3 == 0:
            term["source"] = "nato-article-5"
        terms.append(term)
    return terms


def _source_ids() -> list[str]:
    return SOURCE_PATTERN.findall((REAL_CONTENT / "sources.yml").read_text(encoding="utf-8"))


class _Writer:
    """Filler text from one random stream, term and citation choices from others,
    so the words of a section do not depend on the glossary size."""

    def __init__(self, seed: int, number: int, terms: list[dict], sources: list[str],
                 per_section: int = TERMS_PER_SECTION) -> None:
        self.text = random.Random(f"{seed}-text-{number}")
        self.pick = random.Random(f"{seed}-pick-{number}")
        self.cite = random.Random(f"{seed}-cite-{number}")
        chosen = self.pick.sample(range(len(terms)), min(per_section, len(terms)))
        self.forms = [terms[i]["term"] for i in chosen] + [a for i in chosen for a in terms[i]["aliases"]]
        self.names = [terms[i]["term"] for i in chosen]
        self.sources = sources

    def term(self) -> str:
        # Names more often than aliases; sometimes lower-cased, as in running text.
        form = self.pick.choice(self.names if self.pick.random() < 0.6 else self.forms)
        return form.lower() if self.pick.random() < 0.3 else form

    def sentence(self, words: int, cite: bool = True) -> str:
        out: list[str] = []
        while len(out) < words:
            if self.text.random() < TERM_RATE * 2.2:  # a term takes about 2.2 word slots
                out.append(self.term())
            else:
                out.append(self.text.choice(FILLER))
        text = " ".join(out)
        text = text[0].upper() + text[1:]
        if cite and self.text.random() < CITE_RATE:
            text += " " + " ".join(f"[@{s}]" for s in self.cite.sample(self.sources, self.text.choice((1, 1, 2))))
        return text + "."

    def paragraph(self, words: int) -> str:
        sentences: list[str] = []
        count = 0
        while count < words:
            length = self.text.randint(12, 24)
            sentences.append(self.sentence(length))
            count += length
        text = " ".join(sentences)
        if self.text.random() < 0.3:  # a maintainer who wraps lines
            text = "\n".join(textwrap.wrap(text, 88, break_long_words=False, break_on_hyphens=False))
        return text


def make_section(number: int, total: int, terms: list[dict], sources: list[str], seed: int = 5,
                 words: int = WORDS_PER_SECTION, per_section: int = TERMS_PER_SECTION) -> tuple[str, str]:
    """(file name, text) of section `number` (1-based) of `total`."""
    # Each section relies on three sources, round robin, so every source is cited.
    own = [sources[(3 * (number - 1) + k) % len(sources)] for k in range(3)]
    w = _Writer(seed, number, terms, own, per_section)
    slug = f"part-{number:04d}"
    front = {
        "slug": slug,
        "title": f"Part {number}: {w.text.choice(FILLER)} {w.term()} and {w.text.choice(FILLER)}",
        "summary": w.sentence(18, cite=False)[:190].rstrip(" .") + ".",  # no citation: it is also the description
        "key_points": [w.sentence(w.text.randint(10, 16), cite=False) for _ in range(w.text.randint(3, 5))],
    }  # no `sources` list: the generator makes it from the citations
    blocks: list[str] = []
    count = 0
    heading = 0
    while count < words:
        if count >= heading * words // 4:
            heading += 1
            blocks.append(f"## {w.text.choice(FILLER).capitalize()} {w.term()} {w.text.choice(FILLER)}")
        length = w.text.randint(70, 130)
        blocks.append(w.paragraph(length))
        count += length
        if heading == 2 and not any(b.startswith("- ") for b in blocks):
            items = [w.sentence(w.text.randint(6, 12), cite=False) for _ in range(4)]
            blocks.append("\n".join(f"- {item}" for item in items))
            count += 40
    other = f"part-{(number % total) + 1:04d}"
    target = terms[w.pick.randrange(len(terms))]["id"]
    blocks.insert(
        2,
        f"See also [the next part]({other}.md) and the *glossary entry* [for this term](glossary.md#{target}); "
        f"the word `{w.term()}` in code is not a term. The {w.term()} in **bold** is.",
    )
    if number == 1:
        blocks.insert(3, "[[quote:trigger-clause]]")
    head = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return f"{number:04d}-{slug}.md", f"---\n{head}---\n" + "\n\n".join(blocks) + "\n"


def generate(dest: Path, sections: int, terms: int, seed: int = 5, words: int = WORDS_PER_SECTION,
             per_section: int = TERMS_PER_SECTION) -> Path:
    """Write `dest/content/` and return its path. `dest/content` is replaced if it exists."""
    content = dest / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "sections").mkdir(parents=True)
    (content / "static").mkdir()
    for name in COPIED:
        source = REAL_CONTENT / name
        if source.is_dir():
            shutil.copytree(source, content / name)
        else:
            shutil.copy(source, content / name)
    glossary = make_terms(terms, seed)
    (content / "glossary.yml").write_text(
        yaml.safe_dump({"terms": glossary}, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8"
    )
    sources = _source_ids()
    for number in range(1, sections + 1):
        name, text = make_section(number, sections, glossary, sources, seed, words, per_section)
        (content / "sections" / name).write_text(text, encoding="utf-8")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to write content/ into")
    parser.add_argument("--sections", "-s", type=int, default=100)
    parser.add_argument("--terms", "-t", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--terms-per-section", type=int, default=TERMS_PER_SECTION,
                        help=f"distinct terms each section uses (default {TERMS_PER_SECTION}; at most T)")
    args = parser.parse_args()
    content = generate(args.dest, args.sections, args.terms, args.seed, per_section=args.terms_per_section)
    print(f"Wrote {args.sections} sections and {args.terms} terms to {content}")


if __name__ == "__main__":
    main()
