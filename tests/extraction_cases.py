"""Hand-written sentences from several subject areas with the claim data expected from each."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Case:
    sentence: str
    kind: str
    figures: tuple[tuple[str, str, str], ...] = ()  # (value, qualifier, unit)
    attributed_to: str = ""

    @property
    def checkworthy(self) -> bool:
        return self.kind not in {"opinion", "prediction"} or bool(self.figures)

    def expected_figures(self) -> list[tuple[Decimal, str, str]]:
        return [(Decimal(value), qualifier, unit) for value, qualifier, unit in self.figures]


CASES = [
    # Economics
    Case(
        "Inflation in the euro area fell to 2.4% in November, according to Eurostat.",
        "figure",
        (("2.4", "exact", "%"),),
        "Eurostat",
    ),
    Case(
        "The central bank raised its main interest rate by 0.25 percentage point on Thursday.",
        "figure",
        (("0.25", "exact", "percentage point"),),
    ),
    Case(
        "Unemployment rose by 0.2 percentage point to 4.3 per cent, the Office for National "
        "Statistics said.",
        "figure",
        (("0.2", "exact", "percentage point"), ("4.3", "exact", "%")),
        "Office for National Statistics",
    ),
    Case(
        "The government will spend $3 billion on new rail lines over the next decade.",
        "figure",
        (("3000000000", "exact", "$"),),
    ),
    Case(
        "Exports grew by roughly 7.2 million tonnes last year.",
        "figure",
        (("7200000", "approximately", "tonnes"),),
    ),
    Case(
        "The company announced that it had cut nearly 1,200 jobs since March.",
        "figure",
        (("1200", "at_most", "jobs"),),
        "company",
    ),
    Case("Economists expect growth to slow sharply next year.", "prediction"),
    Case("House prices could fall further if borrowing costs stay high.", "prediction"),
    Case("Retail sales are expected to rise in the run-up to Christmas.", "prediction"),
    Case("The minimum wage should be raised to keep pace with living costs.", "opinion"),
    Case(
        "Prices rose by an estimated 3% in the year to September.",
        "figure",
        (("3", "approximately", "%"),),
    ),
    # Health
    Case(
        "More than 12,000 people were admitted to hospital with flu last winter, health "
        "officials said.",
        "figure",
        (("12000", "at_least", "people"),),
        "health officials",
    ),
    Case("The vaccine was approved by the European Medicines Agency in 2021.", "event"),
    Case(
        "According to the World Health Organization, about 1.3 billion people smoke tobacco.",
        "figure",
        (("1300000000", "approximately", "people"),),
        "World Health Organization",
    ),
    Case(
        "Dr. Anna Müller, the hospital’s chief executive, said waiting times had doubled.",
        "attribution",
        (),
        "Dr. Anna Müller",
    ),
    Case(
        "Doctors warn that antibiotic resistance is rising across Europe.",
        "attribution",
        (),
        "Doctors",
    ),
    Case("Smoking rates among teenagers have halved since 2010.", "event"),
    Case(
        "Two patients died after receiving the wrong dose, the hospital confirmed.",
        "figure",
        (("2", "exact", "patients"),),
        "hospital",
    ),
    Case("The clinic treats a dozen patients a day.", "figure", (("12", "exact", "patients"),)),
    Case("Hundreds of nurses marched through the capital on Saturday.", "event"),
    Case("We believe the new screening programme will save lives.", "opinion"),
    Case(
        "Almost 40% of respondents said they trusted the local news.",
        "figure",
        (("40", "at_most", "%"),),
    ),
    # Elections
    Case(
        "Turnout reached 67.3% in the general election, the highest since 1992.",
        "figure",
        (("67.3", "exact", "%"),),
    ),
    Case(
        "The incumbent won 52 per cent of the vote in the runoff.",
        "figure",
        (("52", "exact", "%"),),
    ),
    Case(
        "She was elected mayor in 2019 with a majority of 4,512 votes.",
        "figure",
        (("4512", "exact", "votes"),),
    ),
    Case(
        "The electoral commission said that at least 40 polling stations opened late.",
        "figure",
        (("40", "at_least", "stations"),),
        "electoral commission",
    ),
    Case("Voters will return to the polls on 8 October.", "prediction"),
    Case(
        "The senator’s spokesman said the allegations were false.",
        "attribution",
        (),
        "senator’s spokesman",
    ),
    Case(
        "Candidates must disclose every donation above £500.",
        "figure",
        (("500", "at_least", "£"),),
    ),
    Case("Mr. Okafor resigned as party leader on Oct. 13.", "event"),
    Case(
        "The bill passed by 220 votes to 208.",
        "figure",
        (("220", "exact", "votes"), ("208", "exact", "")),
    ),
    Case("John F. Kennedy was elected president in 1960.", "event"),
    # Conflict
    Case(
        "Gen. Petrov said about 4,000 troops had been withdrawn from the border.",
        "figure",
        (("4000", "approximately", "troops"),),
        "Gen. Petrov",
    ),
    Case(
        "Four brigades were deployed to the eastern front in August.",
        "figure",
        (("4", "exact", "brigades"),),
    ),
    Case(
        "The ministry estimated that some 15-hundred civilians had fled the city.",
        "figure",
        (("1500", "approximately", "civilians"),),
        "ministry",
    ),
    Case(
        "President Zelenskyy told reporters that Ukraine had received ten thousand shells.",
        "figure",
        (("10000", "exact", "shells"),),
        "President Zelenskyy",
    ),
    Case(
        "Up to 300 drones were launched overnight, the air force reported.",
        "figure",
        (("300", "at_most", "drones"),),
        "air force",
    ),
    Case("The ceasefire is likely to collapse within weeks.", "prediction"),
    Case("It is imperative that the international community acts now.", "opinion"),
    Case("The treaty was signed in Helsinki on 1 August 1975.", "event"),
    Case(
        "Søren Lindqvist, a Danish analyst, argued that the sanctions had failed.",
        "attribution",
        (),
        "Søren Lindqvist",
    ),
    Case(
        "The attack was confirmed by the Ministry of Defence on Monday.",
        "attribution",
        (),
        "Ministry of Defence",
    ),
    Case(
        "“We will not back down,” said Interior Minister Lena Schmidt.",
        "quote",
        (),
        "Interior Minister Lena Schmidt",
    ),
    # Climate
    Case(
        "Global temperatures in 2023 were about 1.45 degrees above pre-industrial levels, the "
        "World Meteorological Organization said.",
        "figure",
        (("1.45", "approximately", "degrees"),),
        "World Meteorological Organization",
    ),
    Case(
        "Arctic sea ice has shrunk by nearly 13% per decade since 1979.",
        "figure",
        (("13", "at_most", "%"),),
    ),
    Case(
        "Emissions from coal plants fell by 4.3% last year.",
        "figure",
        (("4.3", "exact", "%"),),
    ),
    Case(
        "The floods displaced more than 33 million people in Pakistan.",
        "figure",
        (("33000000", "at_least", "people"),),
    ),
    Case(
        "Scientists warn that sea levels could rise by up to two metres by 2100.",
        "figure",
        (("2", "at_most", "metres"),),
        "Scientists",
    ),
    Case("Governments should phase out fossil fuel subsidies.", "opinion"),
    Case("The heatwave is expected to last until Friday.", "prediction"),
    Case(
        "Wildfires burned roughly 18.5 million hectares in Canada.",
        "figure",
        (("18500000", "approximately", "hectares"),),
    ),
    Case("In conclusion, the reform signifies a new era for public health.", "opinion"),
    # Crime
    Case(
        "Police arrested 27 people after the match, a force spokeswoman said.",
        "figure",
        (("27", "exact", "people"),),
        "force spokeswoman",
    ),
    Case(
        "Knife crime rose by 7% in the year to March, official figures show.",
        "figure",
        (("7", "exact", "%"),),
    ),
    Case(
        "The suspect, a 34-year-old man from Leeds, was charged with murder.",
        "figure",
        (("34", "exact", "year"),),
    ),
    Case(
        "Burglaries fell to 1,500 a month, according to the Home Office.",
        "figure",
        (("1500", "exact", ""),),
        "Home Office",
    ),
    Case(
        "Prosecutors said the gang laundered £3.5m through shell companies.",
        "figure",
        (("3500000", "exact", "£"),),
        "Prosecutors",
    ),
    Case("Crime is out of control and the mayor must resign.", "opinion"),
    Case(
        "The thieves, who stole J. R. R. Tolkien’s letters, were sentenced to six years.",
        "figure",
        (("6", "exact", "years"),),
    ),
    Case("The robbery happened at 10:30 on a Tuesday morning.", "event"),
    # Sport
    Case(
        "The club paid a record €120 million for the striker in July.",
        "figure",
        (("120000000", "exact", "€"),),
    ),
    Case("She won her third world title in Tokyo on Sunday.", "event"),
    Case("Manchester City beat Arsenal 3-1 at the Etihad Stadium.", "event"),
    Case(
        "Over 60,000 fans attended the final, organisers said.",
        "figure",
        (("60000", "at_least", "fans"),),
        "organisers",
    ),
    Case("The coach thinks the squad will win the league next season.", "prediction"),
    Case(
        "“The figures speak for themselves,” the minister told parliament on Tuesday.",
        "quote",
        (),
        "minister",
    ),
    # Science, education and government
    Case(
        "The U.S. Census Bureau reported that the population grew by 0.5 percent in 2023.",
        "figure",
        (("0.5", "exact", "%"),),
        "U.S. Census Bureau",
    ),
    Case(
        "The U.K. government has announced an extra £2 billion for schools.",
        "figure",
        (("2000000000", "exact", "£"),),
        "U.K. government",
    ),
    Case(
        "Roughly a dozen countries have banned the app.",
        "figure",
        (("12", "approximately", "countries"),),
    ),
    Case(
        "Fewer than five percent of pupils passed the exam.",
        "figure",
        (("5", "at_most", "%"),),
    ),
    Case(
        "The report, published on Oct. 13, found that 1.5 thousand schools lacked heating.",
        "figure",
        (("1500", "exact", "schools"),),
        "report",
    ),
    Case(
        "Ms. Okafor’s office said fifteen hundred letters had been received.",
        "figure",
        (("1500", "exact", "letters"),),
        "Ms. Okafor’s office",
    ),
    Case(
        "Twelve new cases were recorded in the region, the agency says.",
        "figure",
        (("12", "exact", "cases"),),
        "agency",
    ),
    Case("Historically, the two countries have cooperated closely on research.", "opinion"),
]


@dataclass(frozen=True)
class AttributionCase:
    """A real sentence from a public news report and who it says said it."""

    form: str
    sentence: str
    attributed_to: str


# One or more real sentences for each form news uses to say who said something.
ATTRIBUTION_CASES = [
    AttributionCase(
        "X said",
        "South Korea’s intelligence agency said that Pyongyang had sent around 1,500 troops to "
        "train in eastern Russia.",
        "South Korea’s intelligence agency",
    ),
    AttributionCase(
        "X said",
        "Local media said one person had been confirmed dead but there were no immediate "
        "details on the identity of the victim or the circumstances in which she died.",
        "Local media",
    ),
    AttributionCase(
        "said X",
        "“We are going to see an increase in calls during this peak heat,” said Los Angeles "
        "Fire Captain Erik Scott.",
        "Los Angeles Fire Captain Erik Scott",
    ),
    AttributionCase(
        "said X",
        "“Thank you to the whole world for solidarity,” Correa said on Twitter.",
        "Correa",
    ),
    AttributionCase(
        "according to X",
        "Over 300 aftershocks have rocked the region, according to the Philippine Institute of "
        "Volcanology and Seismology.",
        "Philippine Institute of Volcanology and Seismology",
    ),
    AttributionCase(
        "according to X",
        "A total of 10,900 North Korean troops are expected to be deployed to Russia by "
        "December, according to the agency.",
        "agency",
    ),
    AttributionCase(
        "X told Y",
        "Five bodies in Paradise were found in homes and one was found in a vehicle, Butte "
        "County Sheriff Kory L. Honea told reporters.",
        "Butte County Sheriff Kory L. Honea",
    ),
    AttributionCase(
        "X told Y",
        "The spy agency chief told the committee that according to its sources the deployed "
        "North Korean soldiers have been dispersed to multiple facilities in Russia for "
        "training.",
        "spy agency chief",
    ),
    AttributionCase(
        "X confirmed",
        "The National Intelligence Service of South Korea confirmed the initial deployment of "
        "approximately 1,500 soldiers who were transported from North Korea to the Far East of "
        "Russia via naval vessels.",
        "National Intelligence Service of South Korea",
    ),
    AttributionCase(
        "X estimated",
        "And the congressional budget office estimated the stimulus plan helped bring down "
        "unemployment by almost 2%.",
        "congressional budget office",
    ),
    AttributionCase(
        "X's report showed",
        "Today’s jobs report from the Bureau of Labor Statistics shows the unemployment rate "
        "continuing to hold close to its lowest level in 70 years, despite a slight uptick last "
        "month.",
        "Bureau of Labor Statistics",
    ),
    AttributionCase(
        "acronym in parentheses",
        "The Philippines’ National Disaster Risk Reduction and Management Council (NDRRMC) said "
        "Wednesday that 72 people were killed in the earthquake, including 30 in Bogo City, 22 "
        "in San Remigio, 12 in Medellin, five in Tabogon, and one each in Sogod, Tabuelan, and "
        "Borbon.",
        "Philippines’ National Disaster Risk Reduction and Management Council (NDRRMC)",
    ),
    AttributionCase(
        "acronym in parentheses",
        "The California Department of Forestry and Fire Protection (Cal Fire) said 17 large "
        "fires were continuing to burn today.",
        "California Department of Forestry and Fire Protection (Cal Fire)",
    ),
    AttributionCase(
        "acronym alone",
        "The NIS also said some 4,000 North Korean workers were sent to Russia this year.",
        "NIS",
    ),
    AttributionCase(
        "title before a name",
        "But Russian President Vladimir Putin said on Thursday that it was Moscow's business to "
        "implement a partnership treaty with Pyongyang.",
        "Russian President Vladimir Putin",
    ),
    AttributionCase(
        "title before a name",
        "Residents could begin returning early next week, but only if the wet weather does not "
        "hinder efforts to clear roads and restore power, Sheriff Kory Honea said on Wednesday.",
        "Sheriff Kory Honea",
    ),
    AttributionCase(
        "announced by X",
        "The new number, announced by President Rafael Correa Sunday morning, is a increase "
        "from the 77 dead reported previously.",
        "President Rafael Correa",
    ),
    AttributionCase(
        "X reported",
        "The earthquake also led to the collapse of more than 12,000 homes and left 30,000 more "
        "damaged, severing power lines and telecommunications, Xinhua reported.",
        "Xinhua",
    ),
]


@dataclass(frozen=True)
class NumberCase:
    """A real sentence, its figures as (raw, value, qualifier, unit), and the main one's raw."""

    form: str
    sentence: str
    figures: tuple[tuple[str, str, str, str], ...]
    main: str
    language: str | None = None


# One or more real sentences for each way news writes a number, in English, Korean and Arabic.
NUMBER_CASES = [
    NumberCase(
        "thousands comma",
        "About 25,000 people have been evacuated in Sonoma County and 5,000 have sought refuge "
        "in shelters, the department said.",
        (("About 25,000", "25000", "approximately", "people"), ("5,000", "5000", "exact", "")),
        "About 25,000",
    ),
    NumberCase(
        "percent sign",
        "The unemployment rate – or those looking for a job – dropped to 7.8% in September, the "
        "lowest since Obama took office.",
        (("7.8%", "7.8", "exact", "%"),),
        "7.8%",
    ),
    NumberCase(
        "per cent in words",
        "Headline inflation was 0.9 per cent in May, which brought the calendar year-to-date "
        "inflation to 2.6 per cent.",
        (("0.9 per cent", "0.9", "exact", "%"), ("2.6 per cent", "2.6", "exact", "%")),
        "0.9 per cent",
    ),
    NumberCase(
        "money with a scale word",
        "The president’s idea to stimulate the economy was to spend more than $800 billion on "
        "things like hiring more teachers and police, building bridges and highways, and "
        "investing in green energy projects.",
        (("more than $800 billion", "800000000000", "at_least", "$"),),
        "more than $800 billion",
    ),
    NumberCase(
        "million over a count of months",
        "Over the last 30 months, we’ve seen 5 million jobs in the private sector created.",
        (("30", "30", "exact", "months"), ("5 million", "5000000", "exact", "jobs")),
        "5 million",
    ),
    NumberCase(
        "number words",
        "Twenty-nine people also died in the Griffith Park Fire of 1933, according to Cal Fire.",
        (("Twenty-nine", "29", "exact", "people"),),
        "Twenty-nine",
    ),
    NumberCase(
        "hyphenated number words",
        "The National Intelligence Service(NIS) says North Korea sent some three-thousand troops "
        "to Russia so far, with the total likely to climb to around ten-thousand by December.",
        (
            ("some three-thousand", "3000", "approximately", "troops"),
            ("around ten-thousand", "10000", "approximately", ""),
        ),
        "some three-thousand",
    ),
    NumberCase(
        "death toll over magnitude",
        "A magnitude 6.9 earthquake hit central Philippines, increasing the death toll to 60, "
        "according to a civil defence official.",
        (("6.9", "6.9", "exact", "magnitude"), ("60", "60", "exact", "")),
        "60",
    ),
    NumberCase(
        "people over hyphenated magnitudes",
        "According to state media, in 1970, a 7.7-magnitude earthquake killed at least 15,000 "
        "people in Yunnan, and a magnitude-7.1 quake in the region killed more than 1,400 in "
        "1974.",
        (
            ("7.7", "7.7", "exact", "magnitude"),
            ("at least 15,000", "15000", "at_least", "people"),
            ("7.1", "7.1", "exact", "magnitude"),
            ("more than 1,400", "1400", "at_least", ""),
        ),
        "at least 15,000",
    ),
    NumberCase(
        "money over a percentage",
        "Harris said she is the only candidate promoting an opportunity economy, but Trump’s Tax "
        "Cuts and Jobs Act gave the 82% of middle-income earners a tax cut that averaged about "
        "$1,050, according to FactCheck.org.",
        (("82%", "82", "exact", "%"), ("about $1,050", "1050", "approximately", "$")),
        "about $1,050",
    ),
    NumberCase(
        "Korean 만 with a counter",
        "튀르키예(터키)와 시리아를 덮친 지진으로 인한 인명 피해가 1만1200명을 넘었다.",
        (("1만1200명", "11200", "exact", "people"),),
        "1만1200명",
        "ko",
    ),
    NumberCase(
        "Korean 만 and 천 with qualifiers",
        "또 튀르키예 당국은 약 8만 명이 지진으로 부상해 병원에 입원했으며 100만 명 이상이 임시 "
        "대피소에 있다고 밝혔다.",
        (
            ("약 8만 명", "80000", "approximately", "people"),
            ("100만 명", "1000000", "at_least", "people"),
        ),
        "약 8만 명",
        "ko",
    ),
    NumberCase(
        "Korean digits with 명 and 최소",
        "튀르키예 재난비상관리청(AFAD) 등에 따르면 오전 4시17분 초진 이후 튀르키예에서 최소 "
        "2316명이 숨졌다.",
        (("최소 2316명", "2316", "at_least", "people"),),
        "최소 2316명",
        "ko",
    ),
    NumberCase(
        "Arabic ألف",
        "وتُعدّ هذه الهزّة الأكبر في تركيا منذ زلزال 17 أغسطس/آب 1999 الذي تسبّب في مقتل 17 ألف "
        "شخص، بينهم ألف في إسطنبول.",
        (("17", "17", "exact", ""), ("17 ألف", "17000", "exact", "people")),
        "17 ألف",
        "ar",
    ),
    NumberCase(
        "Arabic مليون with أكثر من",
        "حيث كان أكثر من 4 ملايين سوري بحاجة إلى المساعدة، حتى قبل وقوع الزلزال، وفقا لتقارير "
        "متعددة.",
        (("أكثر من 4 ملايين", "4000000", "at_least", ""),),
        "أكثر من 4 ملايين",
        "ar",
    ),
    NumberCase(
        "Arabic counts with على الأقل and حوالي",
        "ارتفعت حصيلة ضحايا الزلزال الذي ضرب سوريا وتركيا أمس إلى 4365 قتيلاً على الأقل، فيما "
        "بلغ عدد المصابين حوالي 19365 شخصاً.",
        (
            ("4365", "4365", "at_least", "people"),
            ("حوالي 19365", "19365", "approximately", "people"),
        ),
        "4365",
        "ar",
    ),
    # The last two are written for this table: the reports found use Western digits, and
    # none in Turkish was at hand.
    NumberCase(
        "Arabic-Indic digits",
        "وقالت السلطات إن ٢٣١٤ شخصا لقوا حتفهم في الزلزال.",
        (("٢٣١٤", "2314", "exact", "people"),),
        "٢٣١٤",
        "ar",
    ),
    NumberCase(
        "Turkish thousands dot and decimal comma",
        "AFAD, depremde 2.314 kişinin hayatını kaybettiğini, enflasyonun ise %14,2 olduğunu "
        "açıkladı.",
        (("2.314", "2314", "exact", "people"), ("%14,2", "14.2", "exact", "%")),
        "2.314",
        "tr",
    ),
]
