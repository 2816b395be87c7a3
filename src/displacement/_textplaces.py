"""Places named in text: countries, nationalities, capitals, units and the phrases that refer back.

`find_places` finds every mention of a place in an article, with its character span, resolved to
a `Place`: a country's name ("Kazakhstan", "the Russian Federation", "DRC"), an adjective
("Russian", "Kazakh"), a demonym ("Russians", "Rohingya": a people, which gives a nationality), an
administrative unit of a country the text names (from the gazetteer, or ISO 3166-2), a capital (a
named area in its country), and an anaphor ("the Central Asian nation", "the country") that
refers back to the latest fitting country before it. It is rule-based and offline: tables built
once from pycountry, the gazetteer and the lists below, and matched in one pass over the text.

>>> [(m.text, m.place, m.kind) for m in find_places("98,000 Russians crossed into Kazakhstan.")]
[('Russians', Place('RUS'), 'demonym'), ('Kazakhstan', Place('KAZ'), 'name')]
>>> m = find_places("Kazakhstan said the Central Asian nation would help.")[1]
>>> m.text, m.place, m.kind, m.refers_to
('the Central Asian nation', Place('KAZ'), 'anaphor', 0)

Spans never overlap and the longest match wins ("South Sudan", not "Sudan"). Names are matched
as written, case and all ("Turkey", never "turkey"); a leading "the" is not part of a name's span.
What the rules cannot tell is said in `PlaceMention.confidence`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

import attrs
import pycountry

from . import gazetteer
from .countries import CodeSystem, country_code
from .errors import ValidationError
from .place import Place

__all__ = ["KINDS", "PlaceMention", "find_places"]

KINDS = ("name", "adjective", "demonym", "unit", "anaphor")
"""What a mention is: a country's (or capital's) name, an adjective, a demonym (a people), an
administrative unit, or an anaphor that refers back to an earlier mention."""


@attrs.frozen
class PlaceMention:
    """One place named in a text: where (``text[start:end] == self.text``), which `Place`, how."""

    start: int
    """The offset of the first character of the mention."""
    end: int
    """The offset just past its last character."""
    text: str
    """The words of the mention, as written."""
    place: Place
    """The place it names: ``Place("KAZ")``, ``Place("SOM", admin1="SO24")``, ``Place("AFG", name="Kabul")``."""
    kind: str
    """One of `KINDS`."""
    confidence: str
    """``"high"``, ``"medium"`` or ``"low"``: how sure the rules are of the place."""
    refers_to: int | None = None
    """For an anaphor, the `start` of the mention it refers back to (the latest fitting one,
    which may itself be an anaphor); else ``None``."""


# --- the tables ---------------------------------------------------------------------------------

_DEMONYMS = """
AFG Afghan | Afghans
ALB Albanian | Albanians
DZA Algerian | Algerians
AND Andorran | Andorrans
AGO Angolan | Angolans
ATG Antiguan | Antiguans
ARG Argentine, Argentinian | Argentines, Argentinians
ARM Armenian | Armenians
AUS Australian | Australians
AUT Austrian | Austrians
AZE Azerbaijani, Azeri | Azerbaijanis, Azeris
BHS Bahamian | Bahamians
BHR Bahraini | Bahrainis
BGD Bangladeshi | Bangladeshis
BRB Barbadian | Barbadians
BLR Belarusian | Belarusians
BEL Belgian | Belgians
BLZ Belizean | Belizeans
BEN Beninese | Beninese
BTN Bhutanese | Bhutanese
BOL Bolivian | Bolivians
BIH Bosnian | Bosnians
BWA Botswanan | Batswana
BRA Brazilian | Brazilians
BRN Bruneian | Bruneians
BGR Bulgarian | Bulgarians
BFA Burkinabe, Burkinabè | Burkinabe, Burkinabè
BDI Burundian | Burundians
CPV Cape Verdean, Cabo Verdean | Cape Verdeans, Cabo Verdeans
KHM Cambodian | Cambodians
CMR Cameroonian | Cameroonians
CAN Canadian | Canadians
CAF Central African | Central Africans
TCD Chadian | Chadians
CHL Chilean | Chileans
CHN Chinese | Chinese
COL Colombian | Colombians
COM Comorian | Comorians
COD Congolese | Congolese
CRI Costa Rican | Costa Ricans
CIV Ivorian | Ivorians
HRV Croatian | Croatians, Croats
CUB Cuban | Cubans
CYP Cypriot | Cypriots
CZE Czech | Czechs
DNK Danish | Danes
DJI Djiboutian | Djiboutians
DOM Dominican | Dominicans
ECU Ecuadorian | Ecuadorians
EGY Egyptian | Egyptians
SLV Salvadoran, Salvadorian | Salvadorans, Salvadorians
GNQ Equatorial Guinean, Equatoguinean | Equatorial Guineans, Equatoguineans
ERI Eritrean | Eritreans
EST Estonian | Estonians
SWZ Swazi | Swazis
ETH Ethiopian | Ethiopians
FJI Fijian | Fijians
FIN Finnish | Finns
FRA French | French
GAB Gabonese | Gabonese
GMB Gambian | Gambians
GEO Georgian | Georgians
DEU German | Germans
GHA Ghanaian | Ghanaians
GRC Greek | Greeks
GRD Grenadian | Grenadians
GTM Guatemalan | Guatemalans
GIN Guinean | Guineans
GNB Bissau-Guinean | Bissau-Guineans
GUY Guyanese | Guyanese
HTI Haitian | Haitians
HND Honduran | Hondurans
HUN Hungarian | Hungarians
ISL Icelandic | Icelanders
IND Indian | Indians
IDN Indonesian | Indonesians
IRN Iranian | Iranians
IRQ Iraqi | Iraqis
IRL Irish | Irish
ISR Israeli | Israelis
ITA Italian | Italians
JAM Jamaican | Jamaicans
JPN Japanese | Japanese
JOR Jordanian | Jordanians
KAZ Kazakh, Kazakhstani | Kazakhs, Kazakhstanis
KEN Kenyan | Kenyans
KIR I-Kiribati | I-Kiribati
PRK North Korean | North Koreans
KOR South Korean | South Koreans
KWT Kuwaiti | Kuwaitis
KGZ Kyrgyz, Kyrgyzstani | Kyrgyzstanis
LAO Lao, Laotian | Laotians
LVA Latvian | Latvians
LBN Lebanese | Lebanese
LSO Basotho, Mosotho | Basotho
LBR Liberian | Liberians
LBY Libyan | Libyans
LIE Liechtensteiner | Liechtensteiners
LTU Lithuanian | Lithuanians
LUX Luxembourgish | Luxembourgers
MDG Malagasy | Malagasy
MWI Malawian | Malawians
MYS Malaysian | Malaysians
MDV Maldivian | Maldivians
MLI Malian | Malians
MLT Maltese | Maltese
MHL Marshallese | Marshallese
MRT Mauritanian | Mauritanians
MUS Mauritian | Mauritians
MEX Mexican | Mexicans
FSM Micronesian | Micronesians
MDA Moldovan | Moldovans
MCO Monegasque | Monegasques
MNG Mongolian | Mongolians
MNE Montenegrin | Montenegrins
MAR Moroccan | Moroccans
MOZ Mozambican | Mozambicans
MMR Burmese | Burmese
NAM Namibian | Namibians
NRU Nauruan | Nauruans
NPL Nepali, Nepalese | Nepalis, Nepalese
NLD Dutch | Dutch
NZL  | New Zealanders
NIC Nicaraguan | Nicaraguans
NER Nigerien | Nigeriens
NGA Nigerian | Nigerians
MKD Macedonian, North Macedonian | Macedonians, North Macedonians
NOR Norwegian | Norwegians
OMN Omani | Omanis
PAK Pakistani | Pakistanis
PLW Palauan | Palauans
PSE Palestinian | Palestinians
PAN Panamanian | Panamanians
PNG Papua New Guinean | Papua New Guineans
PRY Paraguayan | Paraguayans
PER Peruvian | Peruvians
PHL Filipino, Philippine | Filipinos
POL Polish | Poles
PRT Portuguese | Portuguese
QAT Qatari | Qataris
ROU Romanian | Romanians
RUS Russian | Russians
RWA Rwandan | Rwandans
KNA Kittitian | Kittitians
LCA Saint Lucian | Saint Lucians
VCT Vincentian | Vincentians
WSM Samoan | Samoans
SMR Sammarinese | Sammarinese
STP Santomean | Santomeans
SAU Saudi, Saudi Arabian | Saudis, Saudi Arabians
SEN Senegalese | Senegalese
SRB Serbian | Serbians, Serbs
SYC Seychellois | Seychellois
SLE Sierra Leonean | Sierra Leoneans
SGP Singaporean | Singaporeans
SVK Slovak | Slovaks
SVN Slovenian, Slovene | Slovenians, Slovenes
SLB Solomon Islander | Solomon Islanders
SOM Somali | Somalis
ZAF South African | South Africans
SSD South Sudanese | South Sudanese
ESP Spanish | Spaniards
LKA Sri Lankan | Sri Lankans
SDN Sudanese | Sudanese
SUR Surinamese | Surinamese
SWE Swedish | Swedes
CHE Swiss | Swiss
SYR Syrian | Syrians
TWN Taiwanese | Taiwanese
TJK Tajik, Tajikistani | Tajiks, Tajikistanis
TZA Tanzanian | Tanzanians
THA Thai | Thais
TLS Timorese, East Timorese | Timorese, East Timorese
TGO Togolese | Togolese
TON Tongan | Tongans
TTO Trinidadian | Trinidadians
TUN Tunisian | Tunisians
TUR Turkish | Turks
TKM Turkmen, Turkmenistani | Turkmens, Turkmenistanis
TUV Tuvaluan | Tuvaluans
UGA Ugandan | Ugandans
UKR Ukrainian | Ukrainians
ARE Emirati | Emiratis
GBR British | Britons, British
USA American | Americans
URY Uruguayan | Uruguayans
UZB Uzbek, Uzbekistani | Uzbeks, Uzbekistanis
VUT Ni-Vanuatu | Ni-Vanuatu
VEN Venezuelan | Venezuelans
VNM Vietnamese | Vietnamese
YEM Yemeni | Yemenis
ZMB Zambian | Zambians
ZWE Zimbabwean | Zimbabweans"""
"""Per country: adjectives | demonyms (plural, or the same word for invariant ones: "Sudanese")."""

_NEWS_NAMES: dict[str, tuple[str, ...]] = {
    "USA": ("US", "U.S.", "U.S.A.", "USA", "United States", "United States of America"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
    "RUS": ("Russia", "Russian Federation"),
    "SYR": ("Syria",),
    "IRN": ("Iran", "Islamic Republic of Iran"),
    "COD": (
        "DR Congo",
        "D.R. Congo",
        "DRC",
        "D.R.C.",
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "Congo-Kinshasa",
    ),
    "COG": ("Republic of Congo", "Republic of the Congo", "Congo-Brazzaville"),
    "CIV": ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"),
    "MMR": ("Myanmar", "Burma"),
    "TUR": ("Turkey", "Türkiye", "Turkiye"),
    "CZE": ("Czechia", "Czech Republic"),
    "LAO": ("Laos", "Lao PDR"),
    "PRK": ("North Korea", "DPRK"),
    "KOR": ("South Korea",),
    "PSE": (
        "Palestine",
        "State of Palestine",
        "occupied Palestinian territory",
        "Occupied Palestinian Territory",
        "Palestinian territories",
        "Palestinian Territories",
    ),
    "ARE": ("UAE", "U.A.E.", "United Arab Emirates", "Emirates"),
    "CAF": ("Central African Republic",),
    "MKD": ("North Macedonia", "Macedonia"),
    "SWZ": ("Eswatini", "Swaziland"),
    "CPV": ("Cape Verde", "Cabo Verde"),
    "TLS": ("East Timor", "Timor-Leste"),
    "VNM": ("Vietnam", "Viet Nam"),
    "NLD": ("Netherlands", "Holland"),
    "VAT": ("Vatican", "Holy See"),
    "FSM": ("Micronesia",),
    "BOL": ("Bolivia",),
    "VEN": ("Venezuela",),
    "TZA": ("Tanzania",),
    "MDA": ("Moldova",),
    "KGZ": ("Kyrgyzstan", "Kyrgyz Republic"),
    "BIH": ("Bosnia", "Bosnia and Herzegovina", "Bosnia-Herzegovina"),
    "STP": ("Sao Tome and Principe", "São Tomé and Príncipe"),
    "GMB": ("Gambia", "The Gambia"),
    "BHS": ("Bahamas",),
}
"""Names news uses that pycountry's names (which `displacement.countries` reads) lack or spell
otherwise; checked against `country_code` where pycountry knows them."""

_MEDIUM_NAMES: dict[str, str] = {
    "Congo": "COG",  # the Republic in ISO, but often the DRC in news
    "Korea": "KOR",
    "America": "USA",
    "CAR": "CAF",
    "Kosovo": "SRB",  # no ISO 3166-1 code (XKX is user-assigned): a named area, as UNHCR codes it
    "Islamic Republic": "IRN",
    "Jewish state": "ISR",
}
"""Names that are a country's only most of the time: read, with confidence "medium"."""

_AREAS: dict[str, tuple[str, str, str]] = {
    # text -> (country, p-code or "", the area's name)
    "Gaza": ("PSE", "PS02", ""),
    "Gaza Strip": ("PSE", "PS02", ""),
    "West Bank": ("PSE", "PS01", ""),
    "East Jerusalem": ("PSE", "PS01", "East Jerusalem"),
    "Niger Delta": ("NGA", "", "Niger Delta"),
    "Niger State": ("NGA", "NG027", ""),
    "Darfur": ("SDN", "", "Darfur"),
    "Tigray": ("ETH", "", "Tigray"),
    "Nagorno-Karabakh": ("AZE", "", "Nagorno-Karabakh"),
    "Crimea": ("UKR", "UA01", ""),
    "Donbas": ("UKR", "", "Donbas"),
    "Donbass": ("UKR", "", "Donbas"),
    "Kurdistan Region": ("IRQ", "", "Kurdistan Region"),
    "England": ("GBR", "", "England"),
    "Scotland": ("GBR", "", "Scotland"),
    "Wales": ("GBR", "", "Wales"),
    "Northern Ireland": ("GBR", "", "Northern Ireland"),
    "Cox's Bazar": ("BGD", "", "Cox's Bazar"),
}
"""Areas news names on their own, without their country: read wherever they occur (kind "unit").
A p-code is used when the gazetteer lists it; else the area is a named area of its country."""

_PEOPLES: dict[str, str] = {
    "Rohingya": "MMR",
    "Rohingyas": "MMR",
    "Kosovars": "SRB",
    "Kosovar": "SRB",
    "Tibetans": "TIB",
    "Tibetan": "TIB",
}
"""Peoples that give a nationality but are not a country's demonym in the table above."""

_CAPITALS: dict[str, str] = {
    "Kabul": "AFG",
    "Tirana": "ALB",
    "Algiers": "DZA",
    "Luanda": "AGO",
    "Buenos Aires": "ARG",
    "Yerevan": "ARM",
    "Canberra": "AUS",
    "Vienna": "AUT",
    "Baku": "AZE",
    "Manama": "BHR",
    "Dhaka": "BGD",
    "Minsk": "BLR",
    "Brussels": "BEL",
    "Thimphu": "BTN",
    "La Paz": "BOL",
    "Sarajevo": "BIH",
    "Gaborone": "BWA",
    "Brasília": "BRA",
    "Brasilia": "BRA",
    "Ouagadougou": "BFA",
    "Bujumbura": "BDI",
    "Gitega": "BDI",
    "Phnom Penh": "KHM",
    "Yaoundé": "CMR",
    "Yaounde": "CMR",
    "Ottawa": "CAN",
    "Bangui": "CAF",
    "N'Djamena": "TCD",
    "Ndjamena": "TCD",
    "Beijing": "CHN",
    "Bogotá": "COL",
    "Bogota": "COL",
    "Kinshasa": "COD",
    "Brazzaville": "COG",
    "Zagreb": "HRV",
    "Havana": "CUB",
    "Nicosia": "CYP",
    "Prague": "CZE",
    "Copenhagen": "DNK",
    "Santo Domingo": "DOM",
    "Quito": "ECU",
    "Cairo": "EGY",
    "San Salvador": "SLV",
    "Asmara": "ERI",
    "Tallinn": "EST",
    "Addis Ababa": "ETH",
    "Helsinki": "FIN",
    "Paris": "FRA",
    "Libreville": "GAB",
    "Banjul": "GMB",
    "Tbilisi": "GEO",
    "Berlin": "DEU",
    "Accra": "GHA",
    "Athens": "GRC",
    "Guatemala City": "GTM",
    "Conakry": "GIN",
    "Bissau": "GNB",
    "Port-au-Prince": "HTI",
    "Tegucigalpa": "HND",
    "Budapest": "HUN",
    "New Delhi": "IND",
    "Jakarta": "IDN",
    "Tehran": "IRN",
    "Baghdad": "IRQ",
    "Dublin": "IRL",
    "Rome": "ITA",
    "Tokyo": "JPN",
    "Amman": "JOR",
    "Astana": "KAZ",
    "Nur-Sultan": "KAZ",
    "Nairobi": "KEN",
    "Kuwait City": "KWT",
    "Bishkek": "KGZ",
    "Vientiane": "LAO",
    "Riga": "LVA",
    "Beirut": "LBN",
    "Maseru": "LSO",
    "Monrovia": "LBR",
    "Vilnius": "LTU",
    "Antananarivo": "MDG",
    "Lilongwe": "MWI",
    "Kuala Lumpur": "MYS",
    "Bamako": "MLI",
    "Nouakchott": "MRT",
    "Mexico City": "MEX",
    "Chisinau": "MDA",
    "Chișinău": "MDA",
    "Ulaanbaatar": "MNG",
    "Ulan Bator": "MNG",
    "Podgorica": "MNE",
    "Rabat": "MAR",
    "Maputo": "MOZ",
    "Naypyidaw": "MMR",
    "Nay Pyi Taw": "MMR",
    "Windhoek": "NAM",
    "Kathmandu": "NPL",
    "Managua": "NIC",
    "Niamey": "NER",
    "Abuja": "NGA",
    "Pyongyang": "PRK",
    "Skopje": "MKD",
    "Oslo": "NOR",
    "Muscat": "OMN",
    "Islamabad": "PAK",
    "Port Moresby": "PNG",
    "Asunción": "PRY",
    "Asuncion": "PRY",
    "Lima": "PER",
    "Manila": "PHL",
    "Warsaw": "POL",
    "Lisbon": "PRT",
    "Doha": "QAT",
    "Bucharest": "ROU",
    "Moscow": "RUS",
    "Kigali": "RWA",
    "Riyadh": "SAU",
    "Dakar": "SEN",
    "Belgrade": "SRB",
    "Freetown": "SLE",
    "Bratislava": "SVK",
    "Ljubljana": "SVN",
    "Mogadishu": "SOM",
    "Pretoria": "ZAF",
    "Juba": "SSD",
    "Madrid": "ESP",
    "Colombo": "LKA",
    "Khartoum": "SDN",
    "Paramaribo": "SUR",
    "Stockholm": "SWE",
    "Damascus": "SYR",
    "Taipei": "TWN",
    "Dushanbe": "TJK",
    "Dodoma": "TZA",
    "Bangkok": "THA",
    "Lomé": "TGO",
    "Lome": "TGO",
    "Tunis": "TUN",
    "Ankara": "TUR",
    "Ashgabat": "TKM",
    "Kampala": "UGA",
    "Kyiv": "UKR",
    "Kiev": "UKR",
    "Abu Dhabi": "ARE",
    "London": "GBR",
    "Montevideo": "URY",
    "Tashkent": "UZB",
    "Caracas": "VEN",
    "Hanoi": "VNM",
    "Sanaa": "YEM",
    "Sana'a": "YEM",
    "Lusaka": "ZMB",
    "Harare": "ZWE",
    "Tripoli": "LBY",
    "Washington": "USA",
}
"""Capitals (a named area of their country, kind "name": "Moscow saw Kazakhstan as an ally" is
still a mention, whose role the caller decides). Left out: names shared by other places that
news names as often (Victoria, Kingston, Georgetown, San José, Santiago, Wellington, Sofia), and
Jerusalem, whose status the library does not decide."""

_MEDIUM_CAPITALS = frozenset({"Tripoli", "Washington", "Lima"})
"""Capitals with a namesake news also names (Tripoli in Lebanon, Washington the state)."""

_BLOCKERS = (
    "New Mexico",
    "New Jersey",
    "Jersey City",
    "New Guinea",
    "Gulf of Guinea",
    "Indian Ocean",
    "Latin America",
    "Latin American",
    "South America",
    "South American",
    "North America",
    "North American",
    "Central America",
    "Central American",
    "American Indian",
    "Niger River",
    "River Niger",
    "Congo River",
    "Congo Basin",
    "Jordan River",
    "River Jordan",
    "Jordan Valley",
    "Georgia Tech",
    "Lake Chad",
    "Chad Basin",
    "Turkish Airlines",
    "Russian roulette",
    "French fries",
    "Irish Sea",
    "Arabian Sea",
    "Arabian Peninsula",
    "Washington Post",
    "New York",
    "Panama Canal",
    "Panama Papers",
    "Java",
    "English Channel",
)
"""Phrases that contain a place's name but are not that place: matched, then dropped."""

_REGIONS: dict[str, frozenset[str]] = {
    "Central Asian": frozenset({"KAZ", "KGZ", "TJK", "TKM", "UZB"}),
    "East African": frozenset({"KEN", "UGA", "TZA", "RWA", "BDI", "SSD", "ETH", "SOM", "DJI", "ERI", "SDN"}),
    "West African": frozenset(
        {
            "BEN",
            "BFA",
            "CPV",
            "CIV",
            "GMB",
            "GHA",
            "GIN",
            "GNB",
            "LBR",
            "MLI",
            "MRT",
            "NER",
            "NGA",
            "SEN",
            "SLE",
            "TGO",
        }
    ),
    "Central African": frozenset({"CAF", "CMR", "TCD", "COG", "COD", "GAB", "GNQ", "STP"}),
    "southern African": frozenset({"ZAF", "NAM", "BWA", "ZWE", "ZMB", "MOZ", "MWI", "LSO", "SWZ", "AGO"}),
    "Southern African": frozenset({"ZAF", "NAM", "BWA", "ZWE", "ZMB", "MOZ", "MWI", "LSO", "SWZ", "AGO"}),
    "North African": frozenset({"DZA", "EGY", "LBY", "MAR", "TUN", "MRT", "SDN"}),
    "Horn of Africa": frozenset({"ETH", "SOM", "DJI", "ERI"}),
    "Sahel": frozenset({"MLI", "BFA", "NER", "TCD", "MRT", "SEN", "SDN"}),
    "Sahelian": frozenset({"MLI", "BFA", "NER", "TCD", "MRT", "SEN", "SDN"}),
    "Balkan": frozenset({"ALB", "BIH", "BGR", "HRV", "GRC", "MNE", "MKD", "ROU", "SRB", "SVN"}),
    "Baltic": frozenset({"EST", "LVA", "LTU"}),
    "Nordic": frozenset({"DNK", "FIN", "ISL", "NOR", "SWE"}),
    "Scandinavian": frozenset({"DNK", "NOR", "SWE"}),
    "Caucasus": frozenset({"ARM", "AZE", "GEO"}),
    "South Caucasus": frozenset({"ARM", "AZE", "GEO"}),
    "Gulf": frozenset({"BHR", "KWT", "OMN", "QAT", "SAU", "ARE"}),
    "Middle Eastern": frozenset(
        {
            "BHR",
            "CYP",
            "EGY",
            "IRN",
            "IRQ",
            "ISR",
            "JOR",
            "KWT",
            "LBN",
            "OMN",
            "PSE",
            "QAT",
            "SAU",
            "SYR",
            "TUR",
            "ARE",
            "YEM",
        }
    ),
    "Arab": frozenset(
        {
            "DZA",
            "BHR",
            "COM",
            "DJI",
            "EGY",
            "IRQ",
            "JOR",
            "KWT",
            "LBN",
            "LBY",
            "MRT",
            "MAR",
            "OMN",
            "PSE",
            "QAT",
            "SAU",
            "SOM",
            "SDN",
            "SYR",
            "TUN",
            "ARE",
            "YEM",
        }
    ),
    "South Asian": frozenset({"AFG", "BGD", "BTN", "IND", "MDV", "NPL", "PAK", "LKA"}),
    "Southeast Asian": frozenset(
        {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "TLS", "VNM"}
    ),
    "East Asian": frozenset({"CHN", "JPN", "MNG", "PRK", "KOR", "TWN"}),
    "Himalayan": frozenset({"NPL", "BTN"}),
    "Caribbean": frozenset(
        {"ATG", "BHS", "BRB", "CUB", "DMA", "DOM", "GRD", "HTI", "JAM", "KNA", "LCA", "VCT", "TTO"}
    ),
    "Central American": frozenset({"BLZ", "CRI", "SLV", "GTM", "HND", "NIC", "PAN"}),
    "South American": frozenset(
        {"ARG", "BOL", "BRA", "CHL", "COL", "ECU", "GUY", "PRY", "PER", "SUR", "URY", "VEN"}
    ),
    "Latin American": frozenset(
        {
            "ARG",
            "BOL",
            "BRA",
            "CHL",
            "COL",
            "CRI",
            "CUB",
            "DOM",
            "ECU",
            "SLV",
            "GTM",
            "HTI",
            "HND",
            "MEX",
            "NIC",
            "PAN",
            "PRY",
            "PER",
            "URY",
            "VEN",
        }
    ),
    "Andean": frozenset({"BOL", "COL", "ECU", "PER", "VEN", "CHL"}),
    "Pacific": frozenset(
        {"FJI", "KIR", "MHL", "FSM", "NRU", "PLW", "PNG", "WSM", "SLB", "TON", "TUV", "VUT"}
    ),
    "Eastern European": frozenset({"BLR", "BGR", "CZE", "HUN", "MDA", "POL", "ROU", "RUS", "SVK", "UKR"}),
    "Persian Gulf": frozenset({"BHR", "KWT", "OMN", "QAT", "SAU", "ARE", "IRN", "IRQ"}),
}
"""Regions an anaphor can name ("the Central Asian nation"): the countries it may refer back to."""

_NOUNS = "nation|country|state|republic|kingdom|emirate|monarchy|island nation|archipelago"
_GENERIC = re.compile(
    r"\b(?:[Tt]he (?:(?:neighbou?ring|impoverished|war-torn|war-ravaged|landlocked|conflict-hit|"
    r"conflict-affected|crisis-hit|small|tiny|oil-rich|host) )?(?:country|nation)"
    r"|(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts) (?:own )?country)(?![\w-])"
)
"""The anaphors that refer to the latest country of any region ("the country", "his country")."""

_PERSON_NAMES = frozenset({"Chad", "Jordan", "Georgia", "Israel", "Kenya", "India", "Jersey", "Chile"})
"""Country names that are also given names: a capitalized word after them is a surname."""

_TITLE_WORDS = frozenset(
    {
        "President",
        "Prime",
        "Minister",
        "Ministry",
        "Government",
        "Army",
        "Armed",
        "Forces",
        "Foreign",
        "Interior",
        "Defence",
        "Defense",
        "Red",
        "Crescent",
        "Cross",
        "Police",
        "Parliament",
        "National",
        "Central",
        "Supreme",
        "Court",
        "Embassy",
        "Border",
        "Guard",
        "Basin",
        "Lake",
        "River",
        "Valley",
        "Delta",
        "State",
        "Region",
        "Province",
        "Republic",
        "Kingdom",
        "Health",
        "Refugee",
        "Refugees",
        "Commission",
        "Office",
        "Authority",
        "Agency",
        "Council",
        "Airport",
        "And",
        "The",
        "In",
        "On",
        "To",
        "From",
        "UN",
        "UNHCR",
        "IOM",
        "OCHA",
    }
)
"""Capitalized words after a country's name that are not a surname ("Chad President", "Jordan Valley")."""

_LEADING_WORDS = frozenset(
    {
        "In",
        "From",
        "To",
        "Into",
        "Across",
        "Of",
        "For",
        "With",
        "By",
        "At",
        "On",
        "And",
        "But",
        "Or",
        "Both",
        "Like",
        "Unlike",
        "While",
        "Also",
        "Then",
        "Now",
        "Only",
        "Even",
        "Since",
        "After",
        "Before",
        "Over",
        "Under",
        "Near",
        "Via",
        "Through",
        "Including",
        "As",
        "Outside",
        "Inside",
        "Within",
        "Between",
        "Besides",
        "Neighbouring",
        "Neighboring",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Neighbour",
        "Neighbor",
        "Where",
        "When",
        "Why",
        "How",
        "Does",
        "Did",
        "Has",
        "Had",
        "Was",
        "Is",
        "Will",
        "Would",
        "Can",
        "Could",
        "Meanwhile",
        "Yet",
        "So",
        "If",
        "Although",
        "Though",
        "Because",
        "Until",
        "Toward",
        "Towards",
        "Against",
    }
)
"""Capitalized words that may come before a country's name at the start of a sentence."""

_UNIT_WORDS: dict[str, int] = {
    "region": 1,
    "province": 1,
    "state": 1,
    "governorate": 1,
    "oblast": 1,
    "republic": 1,
    "department": 1,
    "prefecture": 1,
    "county": 2,
    "district": 2,
    "municipality": 2,
    "zone": 2,
    "woreda": 3,
    "territory": 1,
    "division": 1,
    "krai": 1,
    "kray": 1,
}
"""Words after a unit's name that say it is a unit, and the admin level they usually mean."""

_GENERIC_UNIT_WORDS = frozenset(
    {
        "region",
        "province",
        "state",
        "governorate",
        "oblast",
        "oblasty",
        "oblysy",
        "respublika",
        "republic",
        "department",
        "prefecture",
        "county",
        "district",
        "municipality",
        "zone",
        "division",
        "krai",
        "kray",
        "territory",
        "okrug",
        "avtonomnyy",
        "autonomous",
        "federal",
        "city",
        "wilaya",
        "muhafazat",
        "ili",
        "vilayati",
        "viloyati",
        "welayaty",
        "oblasti",
    }
)
"""Words trimmed from a unit's name when indexing it ("Turkistan Region" is found as "Turkistan")."""

_COMMON_WORDS = frozenset(
    {
        "central",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "bay",
        "capital",
        "upper",
        "lower",
        "centre",
        "center",
        "coast",
        "coastal",
        "lakes",
        "lake",
        "island",
        "islands",
        "mountain",
        "mountains",
        "plateau",
        "river",
        "rivers",
        "delta",
        "sea",
        "border",
        "national",
        "federal",
        "middle",
        "highlands",
        "valley",
        "sud",
        "nord",
        "est",
        "ouest",
        "centre nord",
        "centre sud",
        "interior",
        "hill",
        "hills",
        "union",
        "city",
        "new",
        "san",
        "santa",
        "saint",
        "la",
        "el",
        "al",
        "grand",
        "great",
        "old",
        "port",
        "independence",
        "liberty",
        "victoria",
        "kingston",
        "georgetown",
        "president",
        "mayor",
        "north west",
        "north east",
        "south west",
        "south east",
        "far north",
        "littoral",
        "adamawa",
        "oriental",
    }
)
"""Unit names that are also ordinary words: read only with a unit word after them ("Bay region")."""

_ISO_ALIASES: dict[str, tuple[str, ...]] = {
    "KZ-61": ("Turkestan", "Turkistan"),
    "RU-DA": ("Dagestan", "Daghestan"),
    "RU-CE": ("Chechnya",),
    "RU-IN": ("Ingushetia",),
    "RU-BEL": ("Belgorod",),
    "RU-KRS": ("Kursk",),
    "RU-BRY": ("Bryansk",),
    "RU-ROS": ("Rostov",),
}
"""News spellings of ISO 3166-2 subdivisions that pycountry spells otherwise ("Türkistan oblysy")."""


_UNIT_ALIASES: dict[str, dict[str, str]] = {
    "SYR": {
        "Idlib": "SY07",
        "Deir ez-Zor": "SY09",
        "Deir al-Zor": "SY09",
        "Raqqa": "SY11",
        "Hasakah": "SY08",
        "Hasakeh": "SY08",
        "Daraa": "SY12",
        "Latakia": "SY06",
        "Sweida": "SY13",
        "Tartus": "SY10",
    },
    "AFG": {"Helmand": "AF30", "Herat": "AF32", "Paktia": "AF13", "Panjshir": "AF08", "Wardak": "AF04"},
    "UKR": {
        "Kharkiv": "UA63",
        "Kherson": "UA65",
        "Donetsk": "UA14",
        "Luhansk": "UA44",
        "Zaporizhzhia": "UA23",
        "Zaporizhia": "UA23",
        "Mykolaiv": "UA48",
        "Odesa": "UA51",
        "Odessa": "UA51",
        "Lviv": "UA46",
        "Dnipropetrovsk": "UA12",
        "Sumy": "UA59",
        "Chernihiv": "UA74",
        "Zakarpattia": "UA21",
    },
}
"""News spellings of units of the bundled gazetteer (p-codes of OCHA's list), besides
`displacement.gazetteer.ALIASES`: "Idlib" for the COD's "Idleb", "Kharkiv" for "Kharkivska"."""


def _fold(text: str) -> str:
    """A name as compared: no accents, no case, punctuation and spaces as one space."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def _trim(key: str) -> str:
    """A folded unit name without its generic words at the end ("turkistan region" -> "turkistan")."""
    words = key.split()
    while len(words) > 1 and words[-1] in _GENERIC_UNIT_WORDS:
        words.pop()
    return " ".join(words)


@attrs.frozen
class _Entry:
    """What a phrase of the tables stands for."""

    place: Place | None  # None: a blocker
    kind: str
    confidence: str
    invariant: bool = False  # a demonym that is also the adjective ("Sudanese")


@functools.cache
def _place(
    code: str,
    *,
    subdivision: str | None = None,
    admin: tuple[int, str] | None = None,
    name: str | None = None,
) -> Place:
    """A place, built once: *admin* is a unit's (level, p-code)."""
    level, pcode = admin or (0, None)
    return Place(
        code,
        subdivision=subdivision,
        admin1=pcode if level == 1 else None,
        admin2=pcode if level == 2 else None,
        admin3=pcode if level == 3 else None,
        name=name,
    )


def _area(code: str, pcode: str, name: str) -> Place:
    """An area of `_AREAS`: its p-code when the gazetteer in use lists it, else a named area."""
    found = gazetteer.current().get(pcode) if pcode else None
    if found is not None and found.country == code:
        return _place(code, admin=(found.level, pcode), name=name or None)
    return _place(code, name=name or None)


@functools.cache
def _country_names() -> dict[str, str]:
    """Every country name as written in text -> alpha-3: pycountry's names (without the
    inverted "Korea, Republic of" forms), read through `country_code`, and `_NEWS_NAMES`."""
    found: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            value = getattr(country, field, None)
            if value and "," not in value and "(" not in value:
                found.setdefault(str(value), country_code(str(value), CodeSystem.NAME))
    for code, names in _NEWS_NAMES.items():
        for name in names:
            found[name] = code
    return found


@functools.cache
def _table() -> dict[str, _Entry]:
    """Every fixed phrase -> what it stands for (built once)."""
    table: dict[str, _Entry] = {}
    for line in _DEMONYMS.strip().splitlines():
        code, rest = line.split(" ", 1)
        adjectives, demonyms = (part.strip() for part in rest.split("|"))
        adjective_set = {a.strip() for a in adjectives.split(",") if a.strip()}
        for word in adjective_set:
            table[word] = _Entry(_place(code), "adjective", "high")
        for word in (d.strip() for d in demonyms.split(",") if d.strip()):
            table[word] = _Entry(_place(code), "demonym", "high", invariant=word in adjective_set)
    table["Korean"] = _Entry(_place("KOR"), "adjective", "low")
    for word, code in _PEOPLES.items():
        table[word] = _Entry(_place(code), "demonym", "high", invariant=not word.endswith("s"))
    for name, code in _country_names().items():
        table[name] = _Entry(_place(code), "name", "high")
    for name, code in _MEDIUM_NAMES.items():
        # Kosovo: a named area of Serbia as UNHCR codes it, with its ISO 3166-2 code RS-KM
        place = _place(code, subdivision="RS-KM", name="Kosovo") if name == "Kosovo" else _place(code)
        table[name] = _Entry(place, "name", "medium")
    for name, code in _CAPITALS.items():
        confidence = "medium" if name in _MEDIUM_CAPITALS else "high"
        table[name] = _Entry(_place(code, name=name), "name", confidence)
    for name, (code, pcode, area) in _AREAS.items():
        table[name] = _Entry(_area(code, pcode, area), "unit", "high")
    for phrase in _BLOCKERS:
        table[phrase] = _Entry(None, "", "")
    for phrase, entry in list(table.items()):  # "Cox\u2019s Bazar", as typeset text writes it
        table.setdefault(phrase.replace("'", "\u2019"), entry)
    return table


@functools.cache
def _pattern() -> re.Pattern[str]:
    """One alternation of every phrase of `_table`, longest first, between word boundaries."""
    phrases = sorted(_table(), key=lambda p: (-len(p), p))
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, phrases)) + r")(?![\w]|-\w)")


@functools.cache
def _anaphor_pattern() -> re.Pattern[str]:
    regions = sorted(_REGIONS, key=lambda r: (-len(r), r))
    return re.compile(
        r"\b[Tt]he (?P<region>"
        + "|".join(map(re.escape, regions))
        + r")(?:-based)? (?:"
        + _NOUNS
        + r")(?![\w-])"
    )


@attrs.frozen
class _Unit:
    place: Place
    level: int
    source: str  # "gazetteer" or "iso"


@functools.cache
def _units(book: gazetteer.Gazetteer, country: str) -> dict[str, tuple[_Unit, ...]]:
    """Folded unit name -> the units of *country* so named: the gazetteer's (admin1 and deeper)
    and ISO 3166-2's first-level subdivisions (with `_ISO_ALIASES`), built once per country."""
    found: dict[str, list[_Unit]] = {}

    def add(name: str, unit: gazetteer.Unit) -> None:
        try:
            place = _place(country, admin=(unit.level, unit.code))
        except ValidationError:  # a unit the gazetteer lists but Place refuses: not read
            return
        units = found.setdefault(_trim(_fold(name)), [])
        if not any(u.place == place for u in units):
            units.append(_Unit(place, unit.level, "gazetteer"))

    for unit in _by_country(book).get(country, ()):
        if unit.name:
            add(unit.name, unit)
    aliases = {**gazetteer.ALIASES.get(country, {}), **_UNIT_ALIASES.get(country, {})}
    for name, code in aliases.items():
        aliased = book.get(code)
        if aliased is not None and aliased.country == country:
            add(name, aliased)
    for code, name in _iso_subdivisions().get(country, ()):
        for spelling in (name, *_ISO_ALIASES.get(code, ())):
            units = found.setdefault(_trim(_fold(spelling)), [])
            if not any(u.source == "iso" and u.place.subdivision == code for u in units):
                units.append(_Unit(_place(country, subdivision=code), 1, "iso"))
    return {key: tuple(units) for key, units in found.items() if key}


@functools.cache
def _by_country(book: gazetteer.Gazetteer) -> dict[str, list[gazetteer.Unit]]:
    """The units of *book*, by country (built once per gazetteer)."""
    found: dict[str, list[gazetteer.Unit]] = {}
    for unit in book:
        found.setdefault(unit.country, []).append(unit)
    return found


@functools.cache
def _iso_subdivisions() -> dict[str, list[tuple[str, str]]]:
    """Alpha-3 -> (code, name) of each first-level ISO 3166-2 subdivision, the name without
    pycountry's inverted part ("Dagestan, Respublika" -> "Dagestan")."""
    alpha3 = {str(c.alpha_2): str(c.alpha_3) for c in pycountry.countries}
    found: dict[str, list[tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        country = alpha3.get(str(sub.country_code))
        if country is not None and not getattr(sub, "parent_code", None):
            found.setdefault(country, []).append((str(sub.code), str(sub.name).split(",")[0]))
    return found


# --- matching -------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
_CAPITALIZED_BEFORE = re.compile(r"(?<![\w'\u2019.-])([A-Z][\w'\u2019.-]*)(,?)\s+\Z")
_NEXT_WORD = re.compile(r"\s+([\w'\u2019-]+)")
_FUNCTION_WORDS = frozenset(
    {
        "who",
        "have",
        "had",
        "has",
        "were",
        "are",
        "was",
        "is",
        "and",
        "or",
        "in",
        "to",
        "from",
        "into",
        "fled",
        "crossed",
        "arrived",
        "returned",
        "living",
        "at",
        "on",
        "since",
        "that",
        "as",
        "by",
        "for",
        "of",
        "with",
        "said",
        "say",
        "says",
        "remain",
        "remained",
        "live",
        "left",
        "fleeing",
        "crossing",
        "arriving",
        "returning",
        "now",
        "also",
        "still",
        "already",
        "but",
        "would",
        "will",
        "could",
        "can",
        "may",
        "might",
        "did",
        "do",
        "continue",
        "continued",
    }
)


@attrs.frozen
class _Candidate:
    start: int
    end: int
    place: Place | None
    kind: str
    confidence: str
    rank: int  # on equal spans, the lower wins: names before units


def _country_candidates(text: str) -> Iterator[_Candidate]:
    table = _table()
    for match in _pattern().finditer(text):
        phrase = match.group()
        entry = table[phrase]
        start, end = match.span()
        if entry.place is None:
            yield _Candidate(start, end, None, "", "", 0)
            continue
        kind, confidence = entry.kind, entry.confidence
        if entry.invariant:
            kind = _invariant_kind(text, end)
        if phrase in _PERSON_NAMES:
            judged = _person_or_state(text, start, end)
            if judged == "drop":
                continue
            if judged == "medium":
                confidence = "medium"
        yield _Candidate(start, end, entry.place, kind, confidence, 0)


def _invariant_kind(text: str, end: int) -> str:
    """ "Sudanese refugees" (an adjective) or "the Sudanese who fled" (a people)."""
    after = _NEXT_WORD.match(text, end)
    if after is None:
        return "demonym"
    word = after.group(1)
    return (
        "demonym"
        if word[0].isupper() or word.lower() in _FUNCTION_WORDS or word[0].isdigit()
        else "adjective"
    )


def _person_or_state(text: str, start: int, end: int) -> str:
    """ "drop" for a given name before a surname ("Chad Smith"), "medium" for a surname
    ("Michael Jordan") or a US state ("Atlanta, Georgia"), else "keep"."""
    after = _NEXT_WORD.match(text, end)
    if after is not None:
        word = after.group(1)
        if word[0].isupper() and word not in _TITLE_WORDS and word not in _table() and word.isalpha():
            return "drop"
    before = _CAPITALIZED_BEFORE.search(text, max(0, start - 40), start)
    if before is not None:
        word = before.group(1).rstrip(".")
        if (
            word.isalpha()
            and word not in _TITLE_WORDS
            and word not in _LEADING_WORDS
            and word not in _table()
        ):
            return "medium"
    return "keep"


def _unit_candidates(text: str, countries: Iterable[str]) -> Iterator[_Candidate]:
    """Units of *countries* named in *text*: capitalized n-grams of up to five words whose name
    a unit of one of them has; the unit word after one ("region") raises the confidence and
    picks its level."""
    book = gazetteer.current()
    index: dict[str, list[_Unit]] = {}
    for country in sorted(set(countries)):
        for key, units in _units(book, country).items():
            index.setdefault(key, []).extend(units)
    if not index:
        return
    firsts = {key.split()[0] for key in index}
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    count = len(words)
    i = 0
    while i < count:
        start = words[i][0]
        if not text[start].isupper() or _fold(text[start : words[i][1]]) not in firsts:
            i += 1
            continue
        found = None
        for n in range(min(5, count - i), 0, -1):
            j = i + n - 1
            if any(not _joined(text, words[k][1], words[k + 1][0]) for k in range(i, j)):
                continue
            if (
                not text[words[j][0]].isupper()
                and n > 1
                and text[words[j][0] : words[j][1]].lower() in _UNIT_WORDS
            ):
                continue  # "Bay region": the unit word is read below, not as part of the name
            key = _fold(text[start : words[j][1]])
            if key in index:
                found = (j, key)
                break
        if found is None:
            i += 1
            continue
        j, key = found
        end = words[j][1]
        level = None
        if j + 1 < count and _joined(text, end, words[j + 1][0]):
            follower = text[words[j + 1][0] : words[j + 1][1]].lower()
            if follower in _UNIT_WORDS:
                level = _UNIT_WORDS[follower]
                end = words[j + 1][1]
        if (
            level is None
            and j + 1 < count
            and _joined(text, end, words[j + 1][0])
            and text[words[j + 1][0]].isupper()
        ):
            i = j + 1  # part of a longer proper name: "Vladimir Putin", "Bay Area"
            continue
        candidate = _pick(index[key], key, level, text[start:end])
        if candidate is not None:
            place, confidence = candidate
            yield _Candidate(start, end, place, "unit", confidence, 1)
        i = j + 1


def _joined(text: str, end: int, start: int) -> bool:
    """True when two words are parts of one name: a space or a hyphen between them, no more."""
    gap = text[end:start]
    return gap in (" ", "-", "- ")


def _pick(
    units: tuple[_Unit, ...] | list[_Unit], key: str, level: int | None, written: str
) -> tuple[Place, str] | None:
    """The unit a name means, with a confidence; ``None`` when the rules cannot choose."""
    if level is None and (key in _COMMON_WORDS or len(key) < 3):
        return None
    countries = {u.place.country for u in units}
    if len(countries) > 1:
        return None
    gazetteer_first = [u for u in units if u.source == "gazetteer" and u.level == 1]
    iso = [u for u in units if u.source == "iso"]
    deeper = sorted((u for u in units if u.source == "gazetteer" and u.level > 1), key=lambda u: u.level)
    # The gazetteer's admin1 units; else ISO's first-level subdivisions (what news means by
    # "Dagestan", which OCHA's list for Russia puts at admin2, under federal districts); else deeper.
    if level is not None and level > 1 and deeper:
        pool = [u for u in deeper if u.level == level] or deeper
    else:
        pool = gazetteer_first or iso or deeper
    shallowest = min(u.level for u in pool)
    best = [u for u in pool if u.level == shallowest]
    if len(best) > 1:
        return None
    unit = best[0]
    place = unit.place
    if unit.source == "iso":
        place = _place(place.country, subdivision=place.subdivision, name=written)
    ambiguous = unit.source == "gazetteer" and len({u.place for u in units if u.source == "gazetteer"}) > 1
    confidence = "low" if ambiguous else "high" if level is not None else "medium"
    return place, confidence


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: leftmost first, then longest, then by rank."""
    chosen: list[_Candidate] = []
    end = -1
    for c in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start), c.rank)):
        if c.start >= end:
            chosen.append(c)
            end = c.end
    return chosen


_LIMIT = 10_000_000
"""The longest text read (ten million characters); longer text is refused, not cut."""


def find_places(text: str) -> list[PlaceMention]:
    """Every place named in *text*, in order, with its span and the `Place` it stands for.

    Countries by name, adjective and demonym; capitals; areas news names alone (Gaza, Darfur,
    the Niger Delta); administrative units of the countries the text names (the gazetteer's,
    else ISO 3166-2's), capitalized, with "region", "district"... after them raising the
    confidence; and anaphors ("the Central Asian nation", "the country") referring back to the
    latest fitting country before them. See the module's documentation for the rules.

    >>> [(m.text, m.place) for m in find_places("Baidoa, in Somalia's Bay region")]
    [('Baidoa', Place('SOM', admin1='SO24', admin2='SO2401')), ('Somalia', Place('SOM')), ('Bay region', Place('SOM', admin1='SO24'))]
    """
    if not isinstance(text, str):
        raise ValidationError.single("text", f"expected a text, got {type(text).__name__}", None)
    if len(text) > _LIMIT:
        raise ValidationError.single(
            "text", f"{len(text):,} characters is longer than the {_LIMIT:,} that find_places reads", None
        )
    named = list(_country_candidates(text))
    countries = {c.place.country for c in named if c.place is not None}
    candidates = named + list(_unit_candidates(text, countries))
    candidates += [
        _Candidate(m.start(), m.end(), None, "anaphor", m.group("region"), 0)
        for m in _anaphor_pattern().finditer(text)
    ]
    candidates += [_Candidate(m.start(), m.end(), None, "anaphor", "", 0) for m in _GENERIC.finditer(text)]
    mentions: list[PlaceMention] = []
    for c in _resolve(candidates):
        if c.kind == "anaphor":
            mention = _anaphor(text, c, mentions)
            if mention is not None:
                mentions.append(mention)
        elif c.place is not None:
            mentions.append(
                PlaceMention(c.start, c.end, text[c.start : c.end], c.place, c.kind, c.confidence)
            )
    return mentions


def _anaphor(text: str, c: _Candidate, before: list[PlaceMention]) -> PlaceMention | None:
    """The anaphor *c* resolved against the mentions *before* it; ``None`` when none fits.

    A regional one ("the Central Asian nation", region in ``c.confidence``) takes the latest
    country of that region: "high" when only one was named, else "medium". A generic one
    ("the country") takes the latest country of any kind, "low". Both prefer a country named to a
    people or an adjective ("Venezuelans entered the country"); a possessive one ("his country")
    takes the latest country of any kind.
    """
    region = c.confidence
    members = _REGIONS.get(region)
    fitting = [m for m in before if members is None or m.place.country in members]
    if text[c.start : c.start + 4].lower() == "the ":
        # "Venezuelans entered the country", "Venezuelans poured into the Andean country": a country
        # named, not a people, is what such a phrase takes
        named = [m for m in fitting if m.kind in ("name", "unit", "anaphor")]
        fitting = named or fitting
    if not fitting:
        return None
    latest = fitting[-1]
    if members is None:
        confidence = "low"
    else:
        confidence = "high" if len({m.place.country for m in fitting}) == 1 else "medium"
    return PlaceMention(
        c.start,
        c.end,
        text[c.start : c.end],
        _place(latest.place.country),
        "anaphor",
        confidence,
        latest.start,
    )
