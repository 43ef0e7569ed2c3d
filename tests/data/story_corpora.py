"""Invented news corpora for story linking, read by ``tests/test_stories.py`` and by
``bench/stories.py --tune`` (which chose the ``StoryParams`` defaults on them): the bench reads
this data module, never a test module.

Rows are ``(id, source, published, event, title, text)``; ``event`` is the gold story.
``ARTICLES``: dated events of several kinds, one event returning two months later; ``HARD``:
same kind, different events, undated; ``SHORT``: short dated reports worded differently;
``invented_events(seed)`` and ``invented_pairs(seed)``: seeded sets of two events of each of
seven kinds (seeds 1-4 tune the defaults, seed 0 is held out for the tests).
"""

from __future__ import annotations

import random

# (id, source, published, event, title, text) -- invented events; "event" is the gold story
ARTICLES = [
    ("a1", "Daily Ledger", "2031-03-02", "quake-merovia",
     "Earthquake kills 41 in Valdoria province",
     "A magnitude 6.8 earthquake struck Valdoria province in Merovia early on Sunday, killing at least 41 "
     "people and collapsing dozens of homes in the mountain town of Ostrel. Rescue teams from Tarsk dug through "
     "rubble overnight. Governor Ilse Brandvik said the hospital in Ostrel was overwhelmed."),
    ("a2", "Coastal Post", "2031-03-02", "quake-merovia",
     "Deadly quake flattens homes in Merovia's Ostrel",
     "Dozens of homes collapsed in Ostrel when a 6.8-magnitude quake shook Merovia's Valdoria province on Sunday. "
     "Officials put the death toll at 41. Governor Ilse Brandvik appealed for blood donors as the Ostrel hospital "
     "filled with injured residents, and rescuers from Tarsk searched the rubble."),
    ("a3", "Northern Wire", "2031-03-03", "quake-merovia",
     "Valdoria quake toll rises as aftershocks rattle Ostrel",
     "Aftershocks rattled Ostrel on Monday, a day after the magnitude 6.8 earthquake in Valdoria province, "
     "Merovia. Governor Ilse Brandvik said 44 people were now confirmed dead and the Ostrel hospital was "
     "treating more than 200 injured. Rescue crews from Tarsk pulled two survivors from the rubble."),
    ("b1", "Daily Ledger", "2031-05-11", "quake-norland",
     "Quake injures 12 in Kestrel Bay",
     "A magnitude 5.9 earthquake hit the fishing town of Kestrel Bay in Norland on Thursday, injuring 12 people "
     "and cracking the harbour wall. Mayor Tomas Vell said the ferry terminal would stay closed while engineers "
     "from Halvik inspected the pier."),
    ("b2", "Coastal Post", "2031-05-12", "quake-norland",
     "Kestrel Bay harbour wall cracked by 5.9 quake",
     "Engineers from Halvik inspected the cracked harbour wall in Kestrel Bay after Thursday's magnitude 5.9 "
     "earthquake, which injured 12 people in the Norland fishing town. Mayor Tomas Vell kept the ferry "
     "terminal closed."),
    ("c1", "Capitol Review", "2031-04-07", "ridley-resigns",
     "Senator Alma Ridley resigns amid campaign finance probe",
     "Senator Alma Ridley resigned on Monday, days after prosecutors in Brennick opened an investigation into "
     "undeclared donations to her campaign from the shipping firm Marlow Lines. Ridley denied wrongdoing and "
     "said she would cooperate with the Brennick inquiry."),
    ("c2", "Northern Wire", "2031-04-07", "ridley-resigns",
     "Ridley quits Senate over Marlow Lines donations",
     "Alma Ridley quit the Senate on Monday as Brennick prosecutors investigate donations her campaign took from "
     "Marlow Lines, a shipping company. The senator said she had done nothing wrong and would cooperate."),
    ("c3", "Daily Ledger", "2031-04-08", "ridley-resigns",
     "Who will replace Alma Ridley?",
     "After Senator Alma Ridley's resignation over the Marlow Lines campaign donations under investigation in "
     "Brennick, party leaders began naming possible successors for her Senate seat."),
    ("d1", "Capitol Review", "2031-04-20", "vantis-resigns",
     "Governor Peter Vantis resigns over expense claims",
     "Governor Peter Vantis of Solmark resigned on Friday after an audit found he had billed the state for "
     "private flights to Corvel. Vantis apologised and repaid the travel expenses, the Solmark auditor said."),
    ("d2", "Coastal Post", "2031-04-21", "vantis-resigns",
     "Solmark governor quits after audit of private flights",
     "Peter Vantis stepped down as governor of Solmark after state auditors said he charged taxpayers for "
     "private flights to Corvel. He has repaid the expenses and apologised."),
    ("e1", "Market Daily", "2031-06-15", "harbortech-lumina",
     "Harbor Tech to buy Lumina Software for $2.1 billion",
     "Harbor Tech agreed on Tuesday to acquire Lumina Software for $2.1 billion in cash, its largest deal, "
     "to add Lumina's payroll tools to its cloud platform. Harbor Tech chief executive Dana Okoro said the "
     "acquisition would close by December."),
    ("e2", "Northern Wire", "2031-06-15", "harbortech-lumina",
     "Lumina Software sold to Harbor Tech in $2.1 billion deal",
     "Lumina Software shareholders will receive cash as Harbor Tech buys the payroll software maker for "
     "$2.1 billion. Dana Okoro, Harbor Tech's chief executive, expects the deal to close by December."),
    ("f1", "Market Daily", "2031-06-18", "orbis-greenfield",
     "Orbis Foods buys Greenfield Dairy",
     "Orbis Foods will buy Greenfield Dairy for $400 million, adding cheese and yogurt plants in Wexley to its "
     "brands. Orbis chief executive Raymond Pell said the dairy deal would close in the autumn."),
    ("f2", "Capitol Review", "2031-06-19", "orbis-greenfield",
     "Greenfield Dairy agrees $400 million sale to Orbis",
     "Greenfield Dairy, which runs yogurt and cheese plants in Wexley, agreed to a $400 million takeover by "
     "Orbis Foods. Raymond Pell, who runs Orbis, said the purchase should close this autumn."),
    # same event as a1-a3 but two months later: outside the time window -> its own story
    ("g1", "Coastal Post", "2031-05-30", "ostrel-rebuild",
     "Ostrel begins rebuilding homes lost in Valdoria quake",
     "Three months after the magnitude 6.8 earthquake in Valdoria province, Merovia, builders in Ostrel began "
     "raising the first new homes. Governor Ilse Brandvik said the Ostrel hospital had reopened."),
]

# Same topic, different events, heavy shared vocabulary and no dates (no time window helps):
# what separates them is who and where.
HARD = [
    ("h1", "Daily Ledger", None, "sol-rehab", "Mira Sol checks into rehab",
     "Actress Mira Sol has checked into the Harbor Springs rehabilitation clinic in Calder for treatment of "
     "alcohol addiction, her publicist Ben Tall said on Tuesday. The star of the film Night Orchard asked fans "
     "for privacy while she completes the 30-day programme at the clinic."),
    ("h2", "Coastal Post", None, "sol-rehab", "Night Orchard star Mira Sol enters treatment",
     "Mira Sol entered the Harbor Springs clinic in Calder this week to be treated for alcohol addiction, "
     "publicist Ben Tall confirmed. Sol, who starred in Night Orchard, will spend 30 days in the rehab "
     "programme and thanked fans for their support."),
    ("h3", "Northern Wire", None, "orr-rehab", "Singer Jade Orr enters rehab",
     "Singer Jade Orr has entered a rehabilitation clinic in Westfall for treatment of painkiller addiction, "
     "her manager Lou Brisk said on Friday. Orr cancelled the rest of her Blue Hours tour and asked fans for "
     "privacy during her stay at the clinic."),
    ("h4", "Capitol Review", None, "orr-rehab", "Jade Orr cancels tour, checks into Westfall clinic",
     "Jade Orr cancelled her Blue Hours tour and checked into a Westfall rehab clinic to be treated for "
     "addiction to painkillers, manager Lou Brisk said. The singer thanked fans for their support."),
    ("h5", "Daily Ledger", None, "brennick-mall", "Gunman kills three at Brennick mall",
     "A gunman opened fire at the Lakeside shopping mall in Brennick on Saturday, killing three people before "
     "police shot him dead, Police Chief Ana Voss said. Witnesses said shoppers hid in stores as the shooting "
     "went on for several minutes."),
    ("h6", "Market Daily", None, "brennick-mall", "Three dead in Lakeside mall shooting",
     "Three people were killed when a man opened fire inside Brennick's Lakeside mall, and officers shot the "
     "gunman dead, Chief Ana Voss told reporters. Shoppers hid in stores during the shooting."),
    ("h7", "Coastal Post", None, "tarsk-school", "Gunman kills five at Tarsk school",
     "A gunman killed five people at the Pine Hill secondary school in Tarsk on Wednesday before police shot "
     "him dead, Police Commissioner Olaf Grint said. Pupils hid in classrooms as the shooting went on."),
    ("h8", "Northern Wire", None, "tarsk-school", "Five killed in Pine Hill school shooting",
     "Five people died when a man opened fire at Pine Hill school in Tarsk, and police shot the gunman dead, "
     "Commissioner Olaf Grint told reporters. Pupils hid in classrooms during the shooting."),
]

# Short dated articles (40-90 words) where outlets word the same event differently: inflected
# forms (flooded / flooding / floods, struck / striking / strikers), names written in full, by
# surname or with a title ("Mayor Ines Dahl", "Dahl"), and same-region events a few days apart
# that share a town, a region and a speaker but not the event; outlets recall different
# background years ("since 1987", "finished in 2012") of one event.
SHORT = [
    ("k1", "Daily Ledger", "2031-09-03", "kelmar-flood", "River Auden floods Kelmar",
     "The River Auden burst its banks on Tuesday and flooded the centre of Kelmar, in the Riverland "
     "region, forcing about 600 residents from their homes. Mayor Ines Dahl said the water reached the "
     "first floor of the town hall. Volunteers filled sandbags through the night. It was the worst flood in the town since 1987."),
    ("k2", "Coastal Post", "2031-09-03", "kelmar-flood", "Hundreds evacuated as Auden floodwater fills Kelmar",
     "Floodwater from the swollen Auden poured into Kelmar's streets, and roughly 600 people were evacuated. "
     "Dahl, the town's mayor, asked residents to stay away from the riverbank while sandbagging went on."),
    ("k3", "Northern Wire", "2031-09-04", "kelmar-flood", "Kelmar counts cost of flooding",
     "Residents of Kelmar began returning on Wednesday after a day of flooding along the Auden. "
     "\"The river rose faster than anyone expected,\" said Ines Dahl, mayor of the Riverland town, "
     "adding that the evacuation of 600 people had gone smoothly. The flood wall, finished in 2012, was overtopped."),
    ("t1", "Capitol Review", "2031-09-05", "riverland-teachers", "Riverland teachers strike over pay",
     "Teachers across the Riverland region walked out on Friday in a dispute over pay, closing schools in "
     "Kelmar and Hobbe. The Riverland Teachers' Guild, led by Marek Sunde, wants a 7% raise; "
     "Mayor Ines Dahl urged both sides to return to talks."),
    ("t2", "Daily Ledger", "2031-09-05", "riverland-teachers", "Schools shut as teachers strike",
     "Striking teachers picketed schools in Hobbe and Kelmar as the Riverland Teachers' Guild began its "
     "first walkout in a decade. Guild leader Sunde said members would stay out until the region offered "
     "seven percent."),
    ("t3", "Valley Courier", "2031-09-06", "riverland-teachers", "Teachers' strike enters second day",
     "Schools in the Riverland stayed closed for a second day as strikers from the teachers' guild gathered "
     "outside the education office. Marek Sunde told them the guild had not received a new offer."),
    ("g1", "Northern Wire", "2031-09-10", "petrel-sinking", "Trawler Grey Petrel sinks off Cape Morrow",
     "The trawler Grey Petrel sank off Cape Morrow on Sunday after taking on water in a storm. The "
     "coastguard rescued all five crew members from a life raft, Commander Aksel Brun said."),
    ("g2", "Coastal Post", "2031-09-10", "petrel-sinking", "Five fishermen saved as boat goes down",
     "Coastguard crews pulled five fishermen from a raft after their boat, the Grey Petrel, went down near "
     "Cape Morrow in heavy seas. Brun, who led the rescue, said the men were cold but unhurt."),
    ("g3", "Market Daily", "2031-09-11", "petrel-sinking", "Owner of sunken Grey Petrel to seek answers",
     "The owner of the Grey Petrel, which sank off Cape Morrow at the weekend, said he wanted to know why "
     "the trawler's pumps failed. Coastguard commander Aksel Brun said the five rescued crew had been "
     "released from hospital."),
    ("n1", "Daily Ledger", "2031-09-12", "tern-fire", "Fire guts trawler Northern Tern in Selby Cove",
     "A fire broke out in the engine room of the trawler Northern Tern as it lay moored in Selby Cove on "
     "Tuesday, injuring two crew. Harbour master Ruth Okafor said the blaze burned for three hours."),
    ("n2", "Valley Courier", "2031-09-12", "tern-fire", "Two hurt as blaze burns fishing boat",
     "Two fishermen were injured when the Northern Tern caught fire at its mooring in Selby Cove. "
     "Firefighters fought the burning engine room for hours, harbour master Okafor said."),
    ("n3", "Northern Wire", "2031-09-13", "tern-fire", "Selby Cove asks how trawler fire started",
     "Investigators boarded the burned-out Northern Tern in Selby Cove on Wednesday. Ruth Okafor, the "
     "harbour master, said both injured crew members were recovering and the harbour had reopened."),
    ("d1", "Market Daily", "2031-09-15", "dunmore-strike", "Dunmore mill workers walk out",
     "About 900 workers at the Dunmore Textile Mill in Ashby walked out on Monday after talks on shift "
     "pay broke down. Petra Holm of the Weavers' Union said the strike would last until the owners "
     "improved their offer."),
    ("d2", "Capitol Review", "2031-09-16", "dunmore-strike", "Strikers picket Dunmore Textiles",
     "Pickets gathered at the gates of Dunmore Textiles in Ashby for a second day. Union leader Holm "
     "said 900 strikers were ready to stay out for weeks over shift payments."),
    ("d3", "Coastal Post", "2031-09-16", "dunmore-strike", "Ashby textile strike halts production",
     "Production has stopped at the Dunmore mill in Ashby, where striking weavers want better pay for "
     "night shifts. \"We are not going back for crumbs,\" said Petra Holm, the union's organiser."),
    ("f1", "Daily Ledger", "2031-09-17", "ferris-closure", "Ferris Paper Mill to close with 300 jobs lost",
     "The Ferris Paper Mill in Colden will close in December with the loss of 300 jobs, its owner "
     "Lindqvist Group said on Wednesday, blaming energy costs. Union official Tobias Wren called the "
     "decision a betrayal of the town."),
    ("f2", "Northern Wire", "2031-09-17", "ferris-closure", "Colden paper mill closing",
     "Lindqvist Group is closing the paper mill in Colden, cutting 300 jobs by the end of the year. "
     "Wren, who represents the mill's workers, said the closure would devastate the town."),
    ("f3", "Valley Courier", "2031-09-18", "ferris-closure", "Colden reels from mill closure",
     "Shopkeepers in Colden fear for their trade after the Lindqvist Group announced it was shutting the "
     "Ferris mill. Tobias Wren of the workers' union said 300 families would lose an income."),
]

# ---------------------------------------------------------------- invented ECB+-like sets
# Two different events of each kind (two quakes, two singers in rehab...) told by several
# outlets each, undated, with the kind's vocabulary shared: what separates the two events is
# who, where, when and how many. Seeded; ``invented_events(seed)`` is what the story
# parameters were chosen on (seeds 1-4, see bench/stories.py --tune) and seed 0 is held out
# for the tests.
_FIRST = ["Mira", "Tomas", "Ilse", "Dana", "Piet", "Sara", "Olaf", "Rhea", "Cal", "Nora", "Ivo", "Lena",
          "Ezra", "Ada", "Jon", "Ana", "Lou", "Ben", "Jade", "Raymond", "Alma", "Peter", "Greta", "Felix"]
_LAST = ["Sol", "Vell", "Brandvik", "Okoro", "Loran", "Quint", "Grint", "Doyle", "Brant", "Falk", "Mell",
         "Varga", "Pike", "Moss", "Astor", "Voss", "Brisk", "Tall", "Orr", "Pell", "Ridley", "Vantis",
         "Hallow", "Marsh", "Kettle", "Dorn", "Spade", "Renner", "Wilde", "Castor"]
_CITIES = ["Ostrel", "Kestrel Bay", "Tarsk", "Halvik", "Brennick", "Corvel", "Wexley", "Calder", "Westfall",
           "Dunhollow", "Ashgrove", "Pellin", "Quillon", "Estry", "Sable Ridge", "Torvik", "Lowmarch",
           "Brenford", "Miro Valley", "Varn", "Tamsin", "Orvel", "Kessa", "Harlow Point"]
_COUNTRIES = ["Merovia", "Norland", "Solmark", "Valdoria", "Estmere", "Carpania", "Lusitra", "Oberland"]
_ORGS = ["Harbor Tech", "Lumina Software", "Orbis Foods", "Greenfield Dairy", "Marlow Lines", "Castell Bank",
         "Nordic Rail", "Pinecrest Media", "Quanta Labs", "Redwater Energy", "Silverline Air", "Tessel Motors"]
_TEAMS = ["Ostrel United", "Kessa Rovers", "Brennick City", "Torvik Athletic", "Halvik Wanderers",
          "Calder Town", "Varn Rangers", "Estry Albion"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_KINDS = {
    "quake": [
        "A magnitude {mag} earthquake struck {city} in {country} on {day}, killing at least {n} people and "
        "destroying hundreds of homes. Rescue teams searched the rubble through the night, {p2}, the head of "
        "the {country} disaster agency, said.",
        "At least {n} people died when a {mag}-magnitude quake shook {city}, {country}, on {day}. {p2s} of the "
        "disaster agency said rescuers were still digging survivors out of collapsed buildings.",
        "The death toll from the {year} earthquake in {city} rose to {n} as aftershocks rattled {country}. "
        "Officials said the magnitude {mag} tremor flattened homes and damaged the hospital.",
        "Survivors of the {city} earthquake slept outdoors after the magnitude {mag} quake killed {n} people. "
        "{p2}, who leads the disaster agency in {country}, promised tents and clean water.",
    ],
    "rehab": [
        "{job_c} {p1} has checked into a rehabilitation clinic in {city} for treatment of {drug} addiction, "
        "{p1s}'s publicist {p2} said on {day}. The star asked fans for privacy.",
        "{p1} entered rehab in {city} this week to be treated for {drug} addiction, publicist {p2} confirmed. "
        "The {job} thanked fans for their support and cancelled upcoming appearances.",
        "{job_c} {p1} is being treated for {drug} addiction at a clinic in {city}, {p2s} said. {p1s} had "
        "been open about the addiction since {year}.",
        "Fans rallied behind {p1} after the {job} checked into a {city} rehab clinic. Publicist {p2} said "
        "{p1s} would spend {n} days in treatment for {drug} addiction.",
    ],
    "shooting": [
        "A gunman killed {n} people at a {venue} in {city} on {day} before police shot him dead, Police "
        "Chief {p2} said. Witnesses said people hid as the shooting went on for several minutes.",
        "{n} people were killed when a man opened fire inside a {venue} in {city}, and officers shot the "
        "gunman dead, Chief {p2s} told reporters.",
        "Police in {city} named the gunman who killed {n} people at the {venue} as {p1}, {age}. Chief {p2} "
        "said {p1s} had bought the rifle legally in {year}.",
        "Mourners gathered in {city} for the {n} victims of the {venue} shooting. Chief {p2s} said the "
        "gunman, {p1}, acted alone.",
    ],
    "takeover": [
        "{org} agreed on {day} to buy {org2} for ${m} million in cash, its largest deal, chief executive "
        "{p1} said. The acquisition should close by the end of {year}.",
        "{org2} shareholders will receive ${m} million as {org} buys the company. {p1s}, who runs {org}, "
        "expects the deal to close in {year}.",
        "Shares of {org2} jumped after {org} offered ${m} million for the firm. {org} chief executive {p1} "
        "called the deal a good fit.",
        "Regulators in {country} will review the ${m} million takeover of {org2} by {org}, {p1s} said on "
        "{day}.",
    ],
    "resignation": [
        "{role_c} {p1} of {country} resigned on {day} after an audit found {n} undeclared payments from "
        "{org}. {p1s} denied wrongdoing.",
        "{p1} stepped down as {role} of {country} over payments from {org}, auditors said. The {role} "
        "apologised and repaid ${m} million.",
        "After {p1}'s resignation as {role} of {country} over the {org} payments, party leaders began "
        "naming possible successors. {p1s} had held the post since {year}.",
        "The resignation of {p1}, {role} of {country} since {year}, followed an inquiry into ${m} million "
        "in payments from {org}, prosecutor {p2} said.",
    ],
    "coach": [
        "{team} sacked coach {p1} on {day} after {n} defeats in a row left the club near the bottom of the "
        "table. Chairman {p2} thanked {p1s} for his work.",
        "{p1} was fired as coach of {team} after the club lost {n} straight games, chairman {p2s} said.",
        "{team} parted company with {p1}, who had coached the club since {year}, after a run of {n} "
        "losses. Assistant {p3} takes charge for now.",
        "Chairman {p2} said {team} would name a new coach within a week after dismissing {p1s} following "
        "{n} consecutive defeats.",
    ],
    "fire": [
        "A fire swept through a {venue} in {city} on {day}, killing {n} people, fire chief {p2} said. "
        "Firefighters fought the blaze for hours.",
        "{n} people died in a blaze at a {venue} in {city}, {country}, fire officials said. Chief {p2s} "
        "said the cause was under investigation.",
        "Investigators in {city} said faulty wiring caused the {venue} fire that killed {n} people. The "
        "{venue} had passed an inspection in {year}, chief {p2} said.",
        "Families in {city} mourned the {n} victims of the {venue} fire as chief {p2s} promised a full "
        "inquiry.",
    ],
}
_BACKGROUND = {
    "quake": "It was the deadliest quake in {country} since {bgyear}, when {bgn} people died in {bgcity}.",
    "rehab": "The {job} also spent time in treatment in {bgyear}.",
    "shooting": "It was the worst shooting in {country} since a gunman killed {bgn} people in {bgcity} in {bgyear}.",
    "takeover": "{org} last made an acquisition in {bgyear}, buying a smaller rival in {bgcity}.",
    "resignation": "A previous {role}, {bgp}, also resigned over payments in {bgyear}.",
    "coach": "The club last won the league in {bgyear}.",
    "fire": "A fire at a warehouse in {bgcity} killed {bgn} people in {bgyear}.",
}
_VENUES = {"shooting": ["shopping mall", "school", "nightclub", "office park", "church"],
           "fire": ["nightclub", "care home", "hotel", "garment factory", "apartment block"]}
_OUTLETS = ["Daily Ledger", "Coastal Post", "Northern Wire", "Capitol Review", "Market Daily", "Valley Courier"]


def _event_slots(rnd: random.Random, kind: str, e: int, cities: list[str], people: list[int], country: str,
                 years: list[int], orgs: list[str], *, same_country: float, team: str | None = None) -> dict:
    """Who, where, when and how many of event ``e`` (0 or 1) of a kind, drawn from ``rnd``:
    its city, year and people are its own, its country that of event 0 with the chance
    ``same_country``; ``team``, when not given, is drawn too."""
    first = [rnd.choice(_FIRST) for _ in range(3)]
    last = [_LAST[people[e * 3 + k]] for k in range(3)]
    slots = {
        "city": cities[e], "country": country if e == 0 or rnd.random() < same_country else rnd.choice(_COUNTRIES),
        "year": years[e], "n": rnd.randint(3, 90), "m": rnd.choice([40, 75, 120, 310, 480, 900, 1200]),
        "mag": f"{rnd.randint(5, 7)}.{rnd.randint(0, 9)}", "day": rnd.choice(_DAYS),
        "p1": f"{first[0]} {last[0]}", "p1s": last[0], "p2": f"{first[1]} {last[1]}", "p2s": last[1],
        "p3": f"{first[2]} {last[2]}", "org": orgs[e * 2], "org2": orgs[e * 2 + 1],
        "team": team if team is not None else _TEAMS[rnd.randrange(len(_TEAMS))], "age": rnd.randint(19, 60),
        "job": rnd.choice(["singer", "actress", "actor", "rapper"]),
        "drug": rnd.choice(["alcohol", "painkiller", "cocaine"]),
        "role": rnd.choice(["governor", "finance minister", "mayor"]),
        "venue": rnd.choice(_VENUES.get(kind, ["hall"])),
    }
    slots["job_c"], slots["role_c"] = slots["job"].capitalize(), slots["role"].capitalize()
    return slots


def invented_events(seed: int) -> list[tuple]:
    """Rows ``(id, source, published, event, title, text)``: two events of each kind, 3-6
    outlets each, undated."""
    rnd = random.Random(seed)
    rows = []
    for kind, templates in _KINDS.items():
        cities, people = rnd.sample(_CITIES, 4), rnd.sample(range(len(_LAST)), 8)
        country = rnd.choice(_COUNTRIES)
        years = rnd.sample(range(1990, 2031), 2)
        orgs = rnd.sample(_ORGS, 4)
        for e in range(2):
            slots = _event_slots(rnd, kind, e, cities, people, country, years, orgs, same_country=0.5)
            n_out = rnd.randint(3, 6)
            outlets = rnd.sample(_OUTLETS, n_out)
            order = rnd.sample(range(len(templates)), len(templates))
            for k, outlet in enumerate(outlets):
                told = dict(slots, n=slots["n"] + (rnd.randint(1, 6) if rnd.random() < 0.3 else 0))
                text = templates[order[k % len(templates)]].format(**told)
                if rnd.random() < 0.5:
                    bg = dict(told, bgyear=rnd.randint(1960, 2030), bgn=rnd.randint(3, 300),
                              bgcity=rnd.choice(_CITIES), bgp=f"{rnd.choice(_FIRST)} {rnd.choice(_LAST)}")
                    text += " " + _BACKGROUND[kind].format(**bg)
                title = text.split(". ")[0][:70].rsplit(" ", 1)[0]
                rows.append((f"{kind}{e}-{k}", outlet, None, f"{kind}-{e}", title, text))
    rnd.shuffle(rows)
    return rows


_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"]
_CROSS = {  # a later report recalling the other event of its kind, as outlets do
    "quake": "The quake struck {gap} years after the {ocity} earthquake, which killed {on} people.",
    "rehab": "{op1} made headlines in {oyear} when the {ojob} checked into a clinic in {ocity}.",
    "shooting": "In {oyear}, a gunman killed {on} people at a {ovenue} in {ocity}.",
    "takeover": "In {oyear}, {oorg} bought {oorg2} for ${om} million.",
    "resignation": "{op1} resigned as {orole} of {ocountry} in {oyear} over payments from {oorg}.",
    "coach": "{oteam} sacked {op1} in {oyear} after {on} defeats.",
    "fire": "A fire at a {ovenue} in {ocity} killed {on} people in {oyear}.",
}


def invented_pairs(seed: int) -> list[tuple]:
    """Harder than ``invented_events``: rows ``(id, source, published, event, title, text)``,
    two events of each kind, 2-9 outlets each, undated, the two events often in one country;
    a report is one to four of the kind's sentences (some only a headline's worth), may carry
    a dateline with the event's date, and may recall the *other* event of its kind (its city,
    year, toll or people) -- so the two events share vocabulary and some names, and what
    tells them apart is the details each report gives of its own event."""
    rnd = random.Random(1000 + seed)
    rows = []
    for kind, templates in _KINDS.items():
        cities, people = rnd.sample(_CITIES, 4), rnd.sample(range(len(_LAST)), 8)
        country = rnd.choice(_COUNTRIES)
        years = rnd.sample(range(1995, 2031), 2)
        orgs = rnd.sample(_ORGS, 4)
        teams = rnd.sample(_TEAMS, 2)
        events = []
        for e in range(2):
            slots = _event_slots(rnd, kind, e, cities, people, country, years, orgs, same_country=0.7, team=teams[e])
            slots.update(month=rnd.randrange(12), date=rnd.randint(1, 27))  # a dateline's
            events.append(slots)
        for e, slots in enumerate(events):
            other = {"o" + k: v for k, v in events[1 - e].items()}
            other["gap"] = abs(years[1] - years[0])
            for k, outlet in enumerate(rnd.sample(_OUTLETS * 2, rnd.randint(2, 9))):
                told = dict(slots, n=slots["n"] + (rnd.randint(1, 6) if rnd.random() < 0.3 else 0))
                picked = rnd.sample(templates, rnd.choice([1, 1, 2, 2, 3, 4]))
                parts = [t.format(**told) for t in picked]
                if rnd.random() < 0.35:
                    parts.insert(rnd.randint(1, len(parts)), _CROSS[kind].format(**told, **other))
                if rnd.random() < 0.3:
                    bg = dict(told, bgyear=rnd.randint(1960, 2030), bgn=rnd.randint(3, 300),
                              bgcity=rnd.choice(_CITIES), bgp=f"{rnd.choice(_FIRST)} {rnd.choice(_LAST)}")
                    parts.append(_BACKGROUND[kind].format(**bg))
                title = parts[0].split(". ")[0][:70].rsplit(" ", 1)[0]
                if rnd.random() < 0.4:
                    day = slots["date"] + rnd.choice([0, 0, 1])
                    parts.insert(0, f"{_MONTH_NAMES[slots['month']]} {day}, {slots['year']}.")
                rows.append((f"{kind}{e}-{k}", outlet, None, f"{kind}-{e}", title, " ".join(parts)))
    rnd.shuffle(rows)
    return rows

