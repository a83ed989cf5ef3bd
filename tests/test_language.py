"""The "does this look like English?" rule behind the pipeline's LanguageWarning."""

from __future__ import annotations

import pytest

from corefine.language import MIN_WORDS, language_evidence, looks_english

ENGLISH = [
    "Louis Marinelli, the leader of the Yes California campaign, says he will leave the "
    "country and live in Russia with his wife, who teaches English there. He said the "
    "campaign would go on without him.",
    # financial news: many names and numbers, few function words
    "Shares of Acme Corp. rose 4% on Tuesday after the company reported quarterly revenue of "
    "$3.2 billion, beating analysts' estimates. Chief executive Jane Doe said demand for its "
    "cloud products remained strong.",
    # a tweet-like paragraph: URLs, handles and hashtags are not counted as words
    "BREAKING: @UN Human Rights Council votes to open probe into #Aleppo war crimes "
    "https://t.co/xrdojTxO3v pic.twitter.com/2gKhTiMovH as the ministers said they were "
    "shocked by what they saw in the city",
    # English with a few words of other scripts
    "The Moscow daily Коммерсантъ and the Beijing paper 人民日报 both reported that the "
    "minister had resigned, but neither of them said why he left or who would replace him.",
]

NOT_ENGLISH = {
    "de": "Der Bürgermeister der Stadt hat am Dienstag angekündigt, dass die neue Brücke über "
    "den Fluss im nächsten Frühjahr eröffnet werden soll. Er sagte, die Bauarbeiten seien "
    "trotz des langen Winters gut vorangekommen.",
    "fr": "Le maire de la ville a annoncé mardi que le nouveau pont sur la rivière serait "
    "ouvert au printemps prochain. Il a déclaré que les travaux avaient bien avancé malgré "
    "un hiver long et difficile pour les ouvriers.",
    "es": "El alcalde de la ciudad anunció el martes que el nuevo puente sobre el río se abrirá "
    "la próxima primavera. Dijo que las obras avanzaron bien a pesar del largo invierno.",
    "zh": "市长星期二宣布，河上的新桥将于明年春天开放。他说，尽管冬天漫长，施工进展顺利。"
    "工人们每天都在桥上工作，希望能按时完成这个重要的项目，让市民早日使用。",
    "ru": "Мэр города во вторник объявил, что новый мост через реку откроется следующей "
    "весной. Он сказал, что строительные работы, несмотря на долгую зиму, идут хорошо.",
}


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_english(text: str) -> None:
    assert looks_english(text)


@pytest.mark.parametrize("lang", sorted(NOT_ENGLISH))
def test_other_languages_are_not(lang: str) -> None:
    assert not looks_english(NOT_ENGLISH[lang])


def test_short_texts_get_the_benefit_of_the_doubt() -> None:
    short_german = "Der Bürgermeister hat die neue Brücke eröffnet."
    assert language_evidence(short_german).words < MIN_WORDS and looks_english(short_german)
    assert looks_english("Привет!") and looks_english("")
    assert looks_english("Acme Corp. Q3 2024: $3.2bn")


def test_evidence_counts() -> None:
    ev = language_evidence("He said that it's the end of the road for them, in Москва.")
    assert ev.non_latin_letters == len("Москва")
    assert ev.words == 12  # "it's" is one word; "Москва" is not a Latin-script word
    assert ev.function_words == 10  # all but "end" and "road"
    assert ev.function_share == pytest.approx(10 / 12)
