"""Every yes/no feature fires on a sentence made for it, with the words that fired it."""

from __future__ import annotations

from typing import Any

import pytest

from claimdesk.core.extraction.components import CUES_KEY
from claimdesk.core.extraction.features import Features, sentence_features

pytestmark = pytest.mark.slow


def features_of(nlp: Any, text: str) -> Features:
    with nlp.select_pipes(disable=["claimdesk_scorer"]):
        doc = nlp(text)
    return sentence_features(doc[:], list(doc.spans[CUES_KEY]), list(doc.ents))


@pytest.mark.parametrize(
    ("text", "feature", "evidence"),
    [
        ("Fujitsu signed a new deal with the bank.", "org", "Fujitsu"),
        ("Paul Smith joined the company in March.", "person", "Paul Smith"),
        ("The plant in Japan employs many people.", "place", "Japan"),
        ("Japanese firms are investing heavily.", "group", "Japanese"),
        ("The market will grow to USD 9.43 billion.", "money", "USD 9.43 billion"),
        ("Unemployment rose by 50 percent last year.", "percent", "50 percent"),
        ("The pipeline is 100 kilometres long.", "quantity", "100 kilometres"),
        ("About 100,000 employees will use the tool.", "number_digits", "About 100,000"),
        ("The two companies signed a deal.", "number_words", "two"),
        ("They spent a million on it.", "number_large", "million"),
        ("They have been working together since 2020.", "year", "2020"),
        ("The firm opened an office last week.", "date", "last week"),
        (
            "According to Fujitsu, the agreement signals a strengthened partnership.",
            "according_to",
            "According to Fujitsu",
        ),
        ("Paul Smith said the deal was important.", "source_named", "Paul Smith said"),
        ("They stated that investments could violate human rights.", "source_other", "They stated"),
        ("Prices are higher in the city.", "comparative", "higher"),
        ("It is the largest plant in the region.", "superlative", "largest"),
        ("Sales were more than expected this quarter.", "comparison", "more than"),
        (
            "He called it “one of the most consequential commitments” in the market.",
            "quote",
            "“one of the most consequential commitments”",
        ),
        ("Fujitsu unveiled a complete AI strategy.", "past", "unveiled"),
        ("IBM has worked with the company.", "perfect", "worked"),
        ("Fujitsu will link its tools to the platform.", "future", "will"),
        ("Unemployment increased in the region.", "change", "increased"),
        ("The senator voted against the bill.", "record", "voted"),
        ("The unemployment rate is at its lowest.", "statistic", "rate"),
        ("Taxes are a burden for small businesses.", "topic", "Taxes"),
        (
            "This is a long sentence that keeps going and going with many words in it so that it"
            " clearly passes the limit of twenty five words set for long ones.",
            "long",
            "30 words",
        ),
        ("Thank you very much.", "short", "4 words"),
        ("Why did the senator vote against the bill?", "question", "?"),
        ("That is outrageous!", "exclamation", "!"),
        (
            "The release of the first joint case studies with Japanese institutions.",
            "fragment",
            "release",
        ),
        ("Look at the record of this administration.", "directive", "Look"),
        ("I think the plan is good for the country.", "opinion", "I think"),
        ("We will cut taxes for every family.", "promise", "We will"),
        ("Thank you for the question, Jim.", "courtesy", "Thank you"),
        ("Some people say a lot of things.", "vague", "Some"),
        ("The deal may lead to more investment.", "hedge", "may"),
        ("Palantir is not without controversy.", "dispute", "controversy"),
        ("I voted for the bill myself.", "first_singular", "I"),
        ("We passed the budget in the end.", "first_plural", "We"),
        ("You know the numbers as well as anyone.", "second_person", "You"),
        ("The company did not respond.", "negation", "not"),
        ("Fujitsu, Palantir and IBM work with the Pentagon.", "names_3plus", "4 names"),
        ("Palantir works with the immigration service ICE.", "named_subject", "Palantir"),
        ("He voted against the bill twice.", "third_person", "He"),
        ("The plan is a bold declaration of intent.", "copula", "is"),
        ("The government should lower taxes now.", "normative", "should"),
        ("Sales rose 5% to $3 billion.", "numbers_2plus", "2 figures"),
    ],
)
def test_feature_fires_with_evidence(nlp: Any, text: str, feature: str, evidence: str) -> None:
    features = features_of(nlp, text)
    assert feature in features
    assert evidence in features[feature]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The deal was announced on May 27, 2026.", "hedge"),
        ("Fujitsu and Palantir have been working together since 2020.", "question"),
        ("The AI market in Japan is growing.", "org"),
        (
            "Fujitsu already distributed Palantir Foundry, which combines data from sources.",
            "according_to",
        ),
        ("The fund specifically cited the sale of products.", "source_named"),
    ],
)
def test_feature_does_not_fire(nlp: Any, text: str, absent: str) -> None:
    assert absent not in features_of(nlp, text)


@pytest.mark.parametrize(
    ("text", "feature", "evidence"),
    [
        ("Later Fujitsu signed a deal.", "name", "Fujitsu"),
        ("They employ 9000 people.", "number_digits", "9000"),
        ("It started in 2020 and grew.", "year", "2020"),
        ("Sales rose 5% this year.", "percent", "5%"),
        ("They paid $ 300 for it.", "money", "$ 300"),
        ("The company announced the results.", "past", "announced"),
        ("Shares fell, Fujitsu said.", "source_named", "Fujitsu said"),
    ],
)
def test_rule_only_features(rule_nlp: Any, text: str, feature: str, evidence: str) -> None:
    features = features_of(rule_nlp, text)
    assert feature in features
    assert evidence in features[feature]
