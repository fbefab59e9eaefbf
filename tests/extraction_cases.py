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
