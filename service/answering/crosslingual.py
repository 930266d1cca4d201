"""Questions in other languages with an installed language pair: the question is translated to
English for retrieval, and the composed sentences of the answer are translated back; the quoted
provisions stay in their authentic language. Without a pair nothing changes: the multilingual
vector and the Dutch texts carry the retrieval (see retrieval/hybrid.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from corpora.errors import PalermoError
from corpora.language import question_language
from service.answering.composer import render_markdown
from service.answering.records import Answer, AnswerSentence

#: Sentence kinds that palermo wrote itself (the others quote provisions and stay as they are).
COMPOSED_KINDS = ("premise", "abstention", "basis", "caveat", "generated")
MIN_DETECTION_SCORE = 0.5


@dataclass(frozen=True)
class QuestionInEnglish:
    """The question as retrieval sees it, and what was done to get there."""

    text: str
    language: str
    translated: bool
    route: tuple[str, ...] = ()


class CrossLingual:
    """Wraps the translator (which may be absent or have no packages installed)."""

    def __init__(self, translator=None) -> None:
        self.translator = translator

    def _language(self, question: str) -> str:
        """'en' for English questions; else the detected language code."""
        guessed = question_language(question)
        detections = self.translator.detect(question)
        if detections and detections[0].confidence >= MIN_DETECTION_SCORE:
            return detections[0].language
        return guessed

    def _reaches_english(self) -> bool:
        """Whether any installed package translates into English (else detection is wasted work)."""
        return self.translator is not None and any(p.to_code == "en" for p in self.translator.installed_packages())

    def to_english(self, question: str) -> QuestionInEnglish:
        """The English question when a pair to English is installed, else the question unchanged."""
        if not self._reaches_english():
            return QuestionInEnglish(question, question_language(question), False)
        language = self._language(question)
        if language == "en" or not self.translator.can_translate(language, "en"):
            return QuestionInEnglish(question, language, False)
        try:
            result = self.translator.translate_text(question, language, "en")
        except PalermoError:
            return QuestionInEnglish(question, language, False)
        return QuestionInEnglish(result.text, language, True, tuple(result.route))

    def back(self, answer: Answer, asked: QuestionInEnglish) -> Answer:
        """Translate the composed sentences into the question's language when a pair exists."""
        if not asked.translated or not self.translator.can_translate("en", asked.language):
            return answer
        positions = [i for i, s in enumerate(answer.sentences) if s.kind in COMPOSED_KINDS]
        if not positions:
            return answer
        texts = [answer.sentences[i].text for i in positions]
        try:
            results = self.translator.translate_texts(texts, "en", asked.language)
        except PalermoError:
            return answer
        sentences: list[AnswerSentence] = list(answer.sentences)
        for index, result in zip(positions, results):
            sentences[index] = replace(sentences[index], text=result.text)
        answer.sentences = sentences
        answer.text = render_markdown(answer)
        return answer
