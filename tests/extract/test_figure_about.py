"""What a figure is a quantity of (``Figure.about``, CQE's "referred concept"), on sentences we
wrote, and that it is stored and read back."""

from __future__ import annotations

import pytest
from factories import flood_article, stored
from sqlalchemy import inspect

from newstrail.store import migrate


def figure(nlp, sentence, text):
    figs = [f for f in nlp(sentence)._.figures if f.text == text and not f.derived]
    assert figs, f"{text!r} not among {[f.text for f in nlp(sentence)._.figures]}"
    return figs[0]


@pytest.mark.parametrize("sentence, text, about", [
    # the subject of the verb the figure is the amount of
    ("Unemployment in Tarsk rose 3% last year.", "3%", "Unemployment in Tarsk"),
    ("Shares of Osk Mining fell 12 points on Monday.", "12 points", "Shares of Osk Mining"),
    ("Prices of fresh vegetables jumped 18 per cent over the winter.", "18 per cent", "Prices of fresh vegetables"),
    ("The Varn bridge is 1,300 metres long.", "1,300 metres", "Varn bridge"),
    ("The tablet will cost $349 when it goes on sale.", "$349", "tablet"),
    ("Turnout in the Ostra valley was 64 percent.", "64 percent", "Turnout"),
    # ... or of the clause it continues
    ("The Kell bond yield rose 12 basis points to 3.9%.", "3.9%", "Kell bond yield"),
    ("Output shrank 0.3% in the spring, after growing 0.5% in the winter.", "0.5%", "Output"),
    ("The rate was cut by 25 basis points on Thursday.", "25 basis points", "rate"),
    # the noun a quantity sits on
    ("The two firms signed a $2 billion deal on Tuesday.", "$2 billion", "deal"),
    ("The phone has a 6.1-inch screen and a 4,000mAh battery.", "4,000mAh", "battery"),
    ("The 120-metre tower over Osk was finished last spring.", "120-metre", "tower"),
    # the "of" after it, the noun it is "of", what a sum is paid for
    ("The pack holds 54GB of data.", "54GB", "data"),
    ("The Osk council approved a budget of 12 million euros.", "12 million euros", "budget"),
    ("A Dellmark group sold the club for $2 billion.", "$2 billion", "club"),
    ("The Osk mayor paid £3.2m for the house in 2015.", "£3.2m", "house"),
    ("The central bank kept its key rate at 1.5% for a third meeting.", "1.5%", "key rate"),
    # a level or change given "to", "from ... to", "by" on a verb is about the verb's object
    ("The Osk bank raised its price target to $45 on Monday.", "$45", "price target"),
    ("The Tarsk retailer cut its workforce by 10% last year.", "10%", "workforce"),
    ("Brenmoor lowered its profit forecast from $200 million to $150 million.",
     "from $200 million to $150 million", "profit forecast"),
    # ... not an object that is itself a figure
    ("Osk Rail shares plummeted 40.8 per cent to $2.06 on Friday.", "$2.06", "Osk Rail shares"),
    ("Unemployment in the Varn region rose 3% last year.", "3%", "Unemployment in the Varn region"),
    ("Retail sales increased 0.8% in April after a 1.2% rise in March.", "1.2%", "Retail sales"),
    ("Analysts said a 3% rise in exports was likely.", "3%", "exports"),
    ("Wages increased by an average of 4.2% last year.", "4.2%", "Wages"),
    # a relative pronoun stands for its noun; "each of" for the group
    ("The Osk GT gets a 2.0-litre engine that makes 250 hp.", "250 hp", "engine"),
    ("Each of the harbour cranes weighs 300 tonnes.", "300 tonnes", "harbour cranes"),
    # a count: what it counts when those are the subject, else the subject that has them
    ("At least 300 people were killed in the floods.", "At least 300", "people"),
    ("Four villagers were killed by 30 gunmen near Tarsk.", "30", "gunmen"),
    ("The Brennick company plans to hire up to 400 people at the new plant.", "up to 400", "Brennick company"),
    ("A survey of 1,500 adults was published on Monday.", "1,500", "survey"),
    ("It was the tenth straight record for the shop, with sales of 5,835 units.", "5,835", "sales"),
    ("Hundreds of thousands of people marched in Tarsk on Sunday.", "Hundreds of thousands", "people"),
    # a clause on the number itself ("which includes", "to build") is no verb of the sentence's
    ("Each of the Pell company's warehouses costs about $40 million to build.", "about $40 million",
     "Pell company's warehouses"),
    ("Last year the chief executive's total pay package was $9.2 million, which includes stock awards of "
     "$4.1 million.", "$9.2 million", "pay package"),
])
def test_about(nlp, sentence, text, about):
    assert figure(nlp, sentence, text).about == about


@pytest.mark.parametrize("sentence, text", [
    ("It costs $999 and ships next week.", "$999"),  # a pronoun names nothing
    ("A 65-year-old would take 3% a year.", "65-year-old"),  # the figure is the subject itself
])
def test_no_about(nlp, sentence, text):
    assert figure(nlp, sentence, text).about is None


@pytest.mark.parametrize("sentence, first, restated", [
    ("The probe flew 1.8 billion miles (2.9bn km) to reach Tarsk.", "1.8 billion miles", "2.9bn km"),
    ("The Osk engine makes just under 296 hp (224 kW) in its last version.", "just under 296 hp", "224 kW"),
])
def test_bracketed_restatement_is_about_the_same_thing(nlp, sentence, first, restated):
    a, b = figure(nlp, sentence, first), figure(nlp, sentence, restated)
    assert a.about is not None and b.about == a.about


def test_about_is_stored_and_read_back(store):
    article = flood_article("about-1", "Harbor Ledger")
    article.figures[0].about = "families of Orvel"
    store.save_batch([stored(article)])
    back = store.get_article("about-1")
    assert [f.about for f in back.figures] == ["families of Orvel"] + [None] * (len(article.figures) - 1)
    assert "families of Orvel" in {r.about for r in store.list_figures(limit=50)}


def test_migration_0006_adds_and_drops_the_column(store):
    def columns(conn):
        return {c["name"] for c in inspect(conn).get_columns("figures")}

    with store.engine.begin() as conn:
        assert "about" in columns(conn)
        migrate.downgrade(conn, "0005")
    with store.engine.begin() as conn:
        assert "about" not in columns(conn)
        migrate.upgrade(conn)
    with store.engine.begin() as conn:
        assert "about" in columns(conn)
