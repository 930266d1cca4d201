"""What a practitioner gives to draft a request: the two States, the kind of request, the case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from corpora.errors import InvalidRequestError

Kind = Literal["mutual_legal_assistance", "extradition"]
ExtraditionPurpose = Literal["prosecution", "enforcement"]


@dataclass(frozen=True)
class Measure:
    """A measure of mutual legal assistance: its label in a draft and treaty wording to find its provision."""

    key: str
    label: str
    query: str


MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("bank_records", "obtaining bank and financial records",
            "providing originals or certified copies of relevant documents and records, including bank, financial, "
            "corporate or business records"),
    Measure("witness_hearing", "hearing a witness",
            "taking evidence or statements from persons; testimony of a witness or expert; hearing by video conference"),
    Measure("search_seizure", "search and seizure", "executing searches and seizures of articles or documents"),
    Measure("electronic_evidence", "obtaining electronic evidence",
            "expedited preservation and disclosure of stored computer data, electronic records and traffic data"),
    Measure("freezing", "freezing of assets",
            "identifying, tracing and freezing or seizing proceeds of crime, property and instrumentalities "
            "for the purpose of eventual confiscation"),
    Measure("service_of_documents", "service of judicial documents", "effecting service of judicial documents"),
)}


@dataclass(frozen=True)
class DraftInputs:
    """One request to draft. States are as given; :func:`service.drafting.states.resolve_state` checks them."""

    requesting_state: str
    requested_state: str
    kind: Kind
    offence: str = ""
    facts: str = ""
    measures: tuple[str, ...] = ()
    extradition_purpose: ExtraditionPurpose = "prosecution"
    urgent: bool = False
    urgency_reason: str = ""
    requesting_authority: str = ""
    target_language: str | None = None
    basis: tuple[str, ...] = ()  # instruments chosen as the basis (ids or names); default: found

    def __post_init__(self) -> None:
        if self.kind not in ("mutual_legal_assistance", "extradition"):
            raise InvalidRequestError(f"unknown kind of request {self.kind!r}; choose mutual_legal_assistance or extradition")
        unknown = [m for m in self.measures if m not in MEASURES]
        if unknown:
            raise InvalidRequestError(f"unknown measure(s) {', '.join(map(repr, unknown))}; choose from {', '.join(MEASURES)}")
        if self.kind == "extradition" and self.measures:
            raise InvalidRequestError("measures apply to mutual legal assistance; an extradition request takes "
                                      "extradition_purpose (prosecution or enforcement)")
        if self.extradition_purpose not in ("prosecution", "enforcement"):
            raise InvalidRequestError(f"unknown extradition purpose {self.extradition_purpose!r}; "
                                      "choose prosecution or enforcement")

    @property
    def topic(self) -> str:
        """The corpus topic of the request (as in the manifests)."""
        return self.kind

    @property
    def measure_labels(self) -> list[str]:
        """The measures as words."""
        return [MEASURES[m].label for m in self.measures]
