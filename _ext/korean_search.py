"""Korean full-text search for the HTML book (a tiny Sphinx extension, loaded from ``_config.yml``).

Sphinx ships no Korean search language, so with ``language: ko`` it falls back to English: words are
``\\w+`` runs, and a Korean word keeps its particle (조사) or ending — "소프트맥스는", "엔트로피를"
are indexed as written, and a search for the bare term "소프트맥스" only finds them through the
weaker partial match (and never for two-syllable terms such as "회귀가" → "회귀", since Sphinx does
partial matching only for words longer than two characters).

``SearchKorean`` keeps the English behaviour for Latin words (Porter stemmer, English stop words)
and, for every Hangul word, indexes the word as written AND the word with one common trailing
particle/ending removed (the stem must keep at least two syllables). Mixed tokens such as "KL발산은"
are also indexed per script ("KL", "발산"). Queries are not changed, so a search for the bare term
matches exactly, and the written form still matches itself.
"""

from __future__ import annotations

import re

from sphinx.search.en import SearchEnglish

# Longest first, so "에서는" wins over "는". Particles and the commonest 하다/되다/이다 endings.
_PARTICLE_TEXT = """
    에서부터 으로부터 이라는 이라고 이라면 이라서 에서는 에서도 으로는 으로도 에게는 에게서 까지는
    부터는 에서의 으로의 입니다 합니다 됩니다 하므로 되므로 이므로 하지만 이지만 에서 에게 으로 라는
    라고 에는 에도 에의 와는 과는 와의 과의 로는 로도 보다 처럼 까지 부터 마다 이나 이며 이고 이다
    이면 만큼 한다 하는 하면 하고 하여 해서 했다 하기 하게 된다 되는 되면 되어 되고 됐다 이란 란 은
    는 이 가 을 를 의 에 로 와 과 도 만 나 며 고 다 한 된 할 인 일
"""
PARTICLES = sorted(_PARTICLE_TEXT.split(), key=len, reverse=True)
_HANGUL_RUN = re.compile(r"[가-힣]+|[^\W가-힣]+")
_HANGUL = re.compile(r"[가-힣]")


def strip_particle(word: str) -> str | None:
    """The stem of a Hangul word without its trailing particle/ending, or None if nothing (safe)
    to strip."""
    for p in PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 2:
            return word[: -len(p)]
    return None


class SearchKorean(SearchEnglish):
    lang = "ko"
    language_name = "Korean"

    def split(self, input: str) -> list[str]:
        words: list[str] = []
        for token in self._word_re.findall(input):
            words.append(token)
            if not _HANGUL.search(token):
                continue
            runs = _HANGUL_RUN.findall(token)
            if len(runs) > 1:
                words.extend(
                    r for r in runs if r not in PARTICLES
                )  # "softmax를" → "softmax", not "를"
            for run in runs:
                if _HANGUL.match(run):
                    stem = strip_particle(run)
                    if stem:
                        words.append(stem)
        return words


def _keep_index_entries(app):
    """Index entries (the glossary's terms) of the pages this build does not write again.

    Sphinx 7.4 restores a kept page's words and titles from the previous ``searchindex.js`` but not
    its index entries, and its pickled environment holds none (it is pickled before writing), so
    an incremental build would write ``"indexentries": {}``. Take them from the index domain, as
    ``IndexBuilder.feed`` does, for every indexed page that was not fed in this build.
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    from sphinx.util.index_entries import split_index_msg

    domain_entries = app.env.get_domain("index").entries
    for docname in indexer._titles.keys() - indexer._index_entries.keys():
        metadata = app.env.metadata.get(docname, {})
        if "no-search" in metadata or "nosearch" in metadata:
            continue
        found: set[tuple[str, str, str]] = set()
        for entry_type, value, target_id, main, _category in domain_entries.get(docname, ()):
            try:
                result = split_index_msg(entry_type, value)
            except ValueError:
                continue
            target_id = target_id or ""
            if entry_type in {"see", "seealso"}:
                found.add((result[0], target_id, main))
            found |= {(x, target_id, main) for x in result}
        indexer._index_entries[docname] = sorted(found)
    return []


def setup(app):
    app.add_search_language(SearchKorean)
    app.connect("html-collect-pages", _keep_index_entries)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
